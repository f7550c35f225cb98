"""Kill the worker process in the middle of a 2,000-document zip, then start another one:
every document is stored exactly once and no file is left processing."""

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
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput

from ..conftest import IsolatedDatabase
from .conftest import nfe_archive, upload, wait_for_members

DOCUMENTS = 2000


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
    settings: Settings, database: Database, org: uuid.UUID, test_db: IsolatedDatabase
) -> None:
    file_id = await upload(settings, database, org, nfe_archive(DOCUMENTS, seed=7))
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
            == DOCUMENTS
        )
        assert await conn.fetchval("select count(*) from files where status <> 'processed'") == 0
    finally:
        await conn.close()
