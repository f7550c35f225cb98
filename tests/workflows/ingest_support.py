"""Running one ingestion and reading what it did: time to a visible outcome, attempts."""

from __future__ import annotations

import asyncio
import io
import time
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

import asyncpg
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle

from backend.core.settings import Settings
from backend.db.session import Database
from backend.search import SearchIndex
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import upload_bytes

FINAL = ("processed", "failed")


@dataclass
class Ingested:
    """What a test looks at after an ingestion."""

    file_id: uuid.UUID
    status: str
    seconds_to_outcome: float
    attempts: dict[str, int]
    workflow_failed: bool


def zip_of(members: dict[str, bytes]) -> bytes:
    """A zip with these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def attempts_by_activity(handle: WorkflowHandle[Any, Any]) -> dict[str, int]:
    """The highest attempt each activity reached, from the workflow's history and,
    for one still retrying, from its pending state."""
    scheduled: dict[int, str] = {}
    attempts: dict[str, int] = {}
    async for event in handle.fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            scheduled[event.event_id] = name
        elif event.HasField("activity_task_started_event_attributes"):
            started = event.activity_task_started_event_attributes
            name = scheduled[started.scheduled_event_id]
            attempts[name] = max(attempts.get(name, 0), started.attempt)
    for pending in (await handle.describe()).raw_description.pending_activities:
        name = pending.activity_type.name
        attempts[name] = max(attempts.get(name, 0), pending.attempt)
    return attempts


async def _retrying(handle: WorkflowHandle[Any, Any]) -> bool:
    pending = (await handle.describe()).raw_description.pending_activities
    return any(p.attempt > 1 for p in pending)


async def ingest(
    settings: Settings,
    database: Database,
    superuser: asyncpg.Connection,
    organization_id: uuid.UUID,
    data: bytes,
    name: str,
    *,
    label: str,
    retries_expected: bool = False,
    search: SearchIndex | None = None,
) -> Ingested:
    """Upload ``data``, ingest it on a fresh worker and wait for the workflow to end.

    The time printed runs from the upload to the moment the file's final status is
    visible in the database. Unless ``retries_expected``, the wait also stops when an
    activity is being retried (what the old behaviour did for ten minutes), so a test
    of it fails at once on its assertions instead of waiting.
    """
    client: Client = await connect(settings)
    started = time.monotonic()
    file_id = await upload_bytes(settings, database, organization_id, data, name)
    async with build_worker(client, settings, database, search=search):
        handle = await start_ingest(
            client, settings, IngestFileInput(organization_id=organization_id, file_id=file_id)
        )
        status = "processing"
        while True:
            status = await superuser.fetchval("select status from files where id = $1", file_id)
            if status in FINAL:
                break
            if not retries_expected and await _retrying(handle):
                break
            await asyncio.sleep(0.02)
        seconds = time.monotonic() - started
        print(f"\n[{label}] upload → visible {status}: {seconds:.2f} s")
        failed = False
        if status in FINAL:
            try:
                await handle.result()
            except WorkflowFailureError:
                failed = True
        attempts = await attempts_by_activity(handle)
        if status not in FINAL:
            await handle.terminate("the test saw a retry")
    return Ingested(file_id, status, seconds, attempts, failed)
