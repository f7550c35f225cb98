"""Per-tenant fairness: a tenant's backlog of many files does not hold back another tenant.

All workflows are queued before a single-slot worker starts, so dispatch order alone
decides who finishes first; completion order is compared, never wall-clock time.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from decimal import Decimal

from backend.auth.passwords import hash_password
from backend.core.settings import Settings
from backend.db.session import Database
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.tenancy.service import create_organization, seed_demo
from backend.users.models import User
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import upload_bytes

BIG_TENANT_FILES = 16


def _statement(seed: int) -> bytes:
    entry = GenEntry(
        posted_on=date(2026, 9, 1 + seed % 28),
        amount=Decimal(seed + 1),
        memo=f"PIX RECEBIDO CLIENTE {seed}",
        fitid=f"F{seed}",
    )
    return make_ofx([GenStatement(entries=[entry])])


async def test_small_tenant_is_not_starved_by_a_big_backlog(
    settings: Settings, database: Database
) -> None:
    async with database.session() as session:
        big = (await seed_demo(session)).organization_id
    small = uuid.uuid4()
    async with database.session() as session:
        admin = User(email="small@example.com", name="Small", password_hash=hash_password("x"))
        await create_organization(
            session, organization_id=small, name="Small", slug="small", admin=admin
        )
    big_files = [
        await upload_bytes(settings, database, big, _statement(i), "extrato.ofx")
        for i in range(BIG_TENANT_FILES)
    ]
    small_file = await upload_bytes(settings, database, small, _statement(1000), "extrato.ofx")

    client = await connect(settings)
    handles = [
        await start_ingest(client, settings, IngestFileInput(organization_id=big, file_id=f))
        for f in big_files
    ]
    small_handle = await start_ingest(
        client, settings, IngestFileInput(organization_id=small, file_id=small_file)
    )
    finished: list[str] = []

    async def wait(handle_id: str, result: asyncio.Future[object]) -> None:
        await result
        finished.append(handle_id)

    single_slot = build_worker(
        client, settings, database, max_concurrent_activities=1, max_concurrent_workflow_tasks=1
    )
    async with single_slot:
        await asyncio.gather(
            *(wait(h.id, asyncio.ensure_future(h.result())) for h in [*handles, small_handle])
        )
    rank = finished.index(small_handle.id)
    # With fairness off on the same server it finishes last (rank 16 of 16, measured);
    # with fairness the two tenants' tasks alternate and it finishes among the first.
    assert rank < BIG_TENANT_FILES // 4, (rank, finished)
