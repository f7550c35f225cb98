"""A deadlock between two people's transactions reaches them as CONCURRENT_CHANGE."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from sqlalchemy import text

from backend.core.errors import Conflict
from backend.db.session import Database, concurrent_changes_conflict


async def test_a_deadlock_becomes_a_conflict_and_the_other_side_commits(
    database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    ids = [uuid.uuid4(), uuid.uuid4()]
    for n, company in enumerate(ids):
        await superuser.execute(
            "insert into companies (id, organization_id, cnpj, legal_name)"
            " values ($1, $2, $3, 'x')",
            company,
            org,
            f"1122233300{n:04d}",
        )
    both_hold_one = asyncio.Barrier(2)

    async def lock(first: uuid.UUID, second: uuid.UUID) -> str:
        async with concurrent_changes_conflict(), database.tenant_session(org) as session:
            lock_row = text("select 1 from companies where id = :id for update")
            await session.execute(lock_row, {"id": first})
            await both_hold_one.wait()
            await session.execute(lock_row, {"id": second})
            await session.execute(
                text("update companies set legal_name = 'won' where id = :id"), {"id": first}
            )
        return "committed"

    outcomes = await asyncio.gather(
        lock(ids[0], ids[1]), lock(ids[1], ids[0]), return_exceptions=True
    )
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(conflicts) == 1 and conflicts[0].code == "CONCURRENT_CHANGE"
    assert outcomes.count("committed") == 1
    assert await superuser.fetchval("select count(*) from companies where legal_name = 'won'") == 1


async def test_other_database_errors_pass_through(database: Database, org: uuid.UUID) -> None:
    with pytest.raises(Exception, match="division by zero"):
        async with concurrent_changes_conflict(), database.tenant_session(org) as session:
            await session.execute(text("select 1 / 0"))
