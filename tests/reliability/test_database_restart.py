"""Stop and restart PostgreSQL in the middle of ingestion: the run completes without loss."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from backend.core.settings import Settings
from backend.db.session import Database
from backend.devstack.postgres import EmbeddedPostgres
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import IsolatedDatabase, upload_bytes
from .conftest import nfe_archive, wait_for_members

DOCUMENTS = 1000


async def test_database_restart_during_ingestion(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    test_db: IsolatedDatabase,
    pg_server: EmbeddedPostgres,
) -> None:
    file_id = await upload_bytes(
        settings, database, org, nfe_archive(DOCUMENTS, seed=11), "lote.zip"
    )
    client = await connect(settings)
    async with build_worker(client, settings, database):
        handle = await start_ingest(
            client, settings, IngestFileInput(organization_id=org, file_id=file_id)
        )
        await wait_for_members(test_db.superuser, file_id, at_least=100)
        await asyncio.to_thread(pg_server.stop)
        await asyncio.sleep(1.5)
        await asyncio.to_thread(pg_server.start)
        result = await asyncio.wait_for(handle.result(), timeout=240)

    assert result.status == "processed"
    assert result.documents == DOCUMENTS
    conn = await asyncpg.connect(test_db.superuser)
    try:
        assert await conn.fetchval("select count(*) from documents") == DOCUMENTS
        assert await conn.fetchval("select count(*) from files where status <> 'processed'") == 0
    finally:
        await conn.close()
