"""Kill the worker process in the middle of a 2,000-document zip, then start another one:
every document is stored exactly once, no file is left processing, and the
reconciliation equals that of an uninterrupted run of the same zip."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid

import asyncpg

from backend.core.settings import Settings
from backend.db.session import Database
from backend.devstack.postgres import EmbeddedPostgres
from backend.tenancy.service import seed_demo
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import IsolatedDatabase, clone_database, upload_bytes
from .conftest import nfe_archive, reconciliation_outcome, wait_for_members

DOCUMENTS = 2000
PAID = 300


def _worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "TEMPORAL_ADDRESS": settings.temporal_address or "",
        "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "DATA_DIR": str(settings.data_dir),
        "JWT_PRIVATE_KEY_PATH": str(settings.jwt_private_key_path),
        "WORKER_METRICS_PORT": "0",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_worker_killed_mid_archive_resumes_without_loss_or_duplicates(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    test_db: IsolatedDatabase,
    pg_server: EmbeddedPostgres,
    pg_template: str,
) -> None:
    archive = nfe_archive(DOCUMENTS, seed=7, paid=PAID)
    file_id = await upload_bytes(settings, database, org, archive, "lote.zip")
    client = await connect(settings)
    first = _worker(settings)
    try:
        handle = await start_ingest(
            client, settings, IngestFileInput(organization_id=org, file_id=file_id)
        )
        done_before_kill = await wait_for_members(test_db.superuser, file_id, at_least=200)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        conn = await asyncpg.connect(test_db.superuser)
        try:
            status = await conn.fetchval("select status from files where id = $1", file_id)
        finally:
            await conn.close()
        assert status == "processing", "the kill must land in the middle of the archive"
        assert done_before_kill < DOCUMENTS
        second = _worker(settings)
        try:
            result = await asyncio.wait_for(handle.result(), timeout=240)
            await asyncio.wait_for(
                client.get_workflow_handle(f"reconcile-{org}").result(), timeout=120
            )
        finally:
            second.terminate()
            second.wait(30)
    finally:
        if first.poll() is None:
            first.kill()

    assert result.status == "processed"
    assert result.documents == DOCUMENTS
    conn = await asyncpg.connect(test_db.superuser)
    try:
        assert await conn.fetchval("select count(*) from documents") == DOCUMENTS
        assert await conn.fetchval("select count(distinct access_key) from documents") == DOCUMENTS
        assert await conn.fetchval("select count(*) from document_installments") == DOCUMENTS * 2
        assert (
            await conn.fetchval("select count(*) from files where parent_id = $1", file_id)
            == DOCUMENTS + 1
        )
        assert await conn.fetchval("select count(*) from files where status <> 'processed'") == 0
    finally:
        await conn.close()

    interrupted = await reconciliation_outcome(test_db.superuser)
    assert sum(1 for *_, status in interrupted if status == "matched") >= PAID * 0.9
    async with clone_database(pg_server, pg_template) as clean:
        uninterrupted = await _uninterrupted_run(settings, clean, archive)
    assert uninterrupted == interrupted


async def _uninterrupted_run(
    settings: Settings, clean: IsolatedDatabase, archive: bytes
) -> set[tuple[str, str | None, str, str]]:
    own = settings.model_copy(
        update={
            "database_url": clean.urls.app,
            "temporal_task_queue": f"clean-{uuid.uuid4().hex[:6]}",
        }
    )
    database = Database(clean.urls.app, pool_size=4)
    try:
        async with database.session() as session:
            org = (await seed_demo(session)).organization_id
        file_id = await upload_bytes(own, database, org, archive, "lote.zip")
        client = await connect(own)
        async with build_worker(client, own, database):
            handle = await start_ingest(
                client, own, IngestFileInput(organization_id=org, file_id=file_id)
            )
            await handle.result()
            await client.get_workflow_handle(f"reconcile-{org}").result()
    finally:
        await database.dispose()
    return await reconciliation_outcome(clean.superuser)
