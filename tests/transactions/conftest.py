"""A tenant and file rows to attach persisted records to."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable

import pytest

from backend.db.session import Database
from backend.files import repository as files
from backend.tenancy.service import seed_demo

FileFactory = Callable[[str], Awaitable[uuid.UUID]]


@pytest.fixture
async def org(database: Database) -> uuid.UUID:
    """The demo organization (company CNPJ 11222333000181)."""
    async with database.session() as session:
        return (await seed_demo(session)).organization_id


@pytest.fixture
def make_file(database: Database, org: uuid.UUID) -> FileFactory:
    """Create a files row named ``name`` and return its id."""

    async def create(name: str) -> uuid.UUID:
        async with database.tenant_session(org) as session:
            row = await files.insert_if_new(
                session,
                {
                    "organization_id": org,
                    "sha256": hashlib.sha256(name.encode()).hexdigest(),
                    "original_name": name,
                    "size_bytes": 1,
                    "storage_key": f"k/{name}",
                    "status": "processing",
                },
            )
            assert row is not None
            return row.id

    return create
