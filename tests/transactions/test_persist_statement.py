"""Persisting statements: accounts once, entries once, CNAB titles kept."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg

from backend.db.session import Database
from backend.statements import parse_statement
from backend.transactions import service

from ..conftest import FileFactory


async def _persist(
    database: Database, org: uuid.UUID, file_id: uuid.UUID, path: Path
) -> service.PersistedStatement:
    result = parse_statement(path.read_bytes(), filename=path.name)
    async with database.tenant_session(org) as session:
        return await service.persist_statement(
            session, organization_id=org, file_id=file_id, result=result
        )


async def test_ofx_twice_inserts_each_entry_once(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    path = next(p for p in sorted((samples_dir / "ofx").iterdir()))
    parsed = parse_statement(path.read_bytes())
    posted = [t for t in parsed.transactions if not t.scheduled]
    first = await _persist(database, org, await make_file("a.ofx"), path)
    second = await _persist(database, org, await make_file("b.ofx"), path)
    assert first.transactions == len(posted) > 0
    assert (second.transactions, second.duplicates) == (0, len(posted))
    assert await superuser.fetchval("select count(*) from transactions") == len(posted)
    accounts = {t.account.key() for t in parsed.transactions}
    assert await superuser.fetchval("select count(*) from bank_accounts") == len(accounts)
    assert await superuser.fetchval("select sum(amount) from transactions") == sum(
        t.amount for t in posted
    )


async def test_cnab_return_keeps_titles_and_liquidations(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    path = samples_dir / "cnab400_retorno" / "brcobranca__CNAB400ITAU.RET"
    parsed = parse_statement(path.read_bytes())
    stats = await _persist(database, org, await make_file("ret"), path)
    assert stats.titles == len(parsed.titles) > 0
    again = await _persist(database, org, await make_file("ret2"), path)
    assert again.titles == 0
    kinds = await superuser.fetch("select distinct entry_kind from transactions")
    assert {r["entry_kind"] for r in kinds} <= {"collection", "bank"}
    liquidated = await superuser.fetchval("select count(*) from collection_titles where liquidated")
    assert liquidated == sum(1 for t in parsed.titles if t.liquidated)
