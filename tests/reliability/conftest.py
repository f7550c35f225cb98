"""Helpers for tests that break real processes in the middle of ingestion."""

from __future__ import annotations

import asyncio
import io
import random
import uuid
import zipfile
from collections.abc import AsyncIterator

import asyncpg
import pytest

from backend.core.settings import Settings
from backend.db.session import Database
from backend.files import service as files
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.storage import build_object_store
from backend.tenancy.service import seed_demo


def nfe_archive(count: int, seed: int) -> bytes:
    """A zip of ``count`` distinct generated NF-e."""
    rng = random.Random(seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"nfe/{n:05d}.xml", nfe_xml(random_nfe(rng, number=n + 1)))
    return buffer.getvalue()


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def upload(settings: Settings, database: Database, org: uuid.UUID, data: bytes) -> uuid.UUID:
    """Store ``data`` as an uploaded file of ``org`` and return its id."""
    store = build_object_store(settings)
    staged = await files.stage_upload(
        store,
        _one(data),
        organization_id=org,
        uploaded_by=None,
        filename="lote.zip",
        content_type="application/zip",
        max_bytes=settings.upload_max_bytes,
    )
    async with database.tenant_session(org) as session:
        return (await files.register_upload(session, store, staged)).file.id


async def wait_for_members(dsn: str, parent: uuid.UUID, at_least: int) -> int:
    """Poll (as superuser) until ``at_least`` members of the archive are processed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120
    while loop.time() < deadline:
        conn = await asyncpg.connect(dsn)
        try:
            done = await conn.fetchval(
                "select count(*) from files where parent_id = $1 and status = 'processed'", parent
            )
        finally:
            await conn.close()
        if done >= at_least:
            return int(done)
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} members processed in 120 s")


@pytest.fixture
async def org(database: Database) -> uuid.UUID:
    """The demo tenant."""
    async with database.session() as session:
        return (await seed_demo(session)).organization_id
