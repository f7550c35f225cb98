"""Building an export's file: keyset batches → a temporary file → the object store.

The builder owns its units of work like an activity does (it is what the export
activity runs): each batch is read in its own short tenant transaction, so a large
export never holds a transaction (or more than one batch of rows) open while it
writes. Batches are written off the event loop, and ``progress`` is called after every
batch and every few seconds while the file is finished and uploaded, so the activity
can heartbeat.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from backend.db.session import Database
from backend.exports import service
from backend.exports.columns import DOCUMENT_COLUMNS, RECONCILIATION_COLUMNS
from backend.exports.filters import (
    ExportFormat,
    ExportKind,
    ExportStatus,
    documents_filter,
    reconciliations_filter,
)
from backend.exports.models import Export
from backend.exports.writers import CONTENT_TYPES, open_writer
from backend.storage import ObjectStore
from backend.storage.base import CHUNK_SIZE

BATCH_SIZE = 2_000
KEEPALIVE_SECONDS = 5.0
SHEETS = {ExportKind.DOCUMENTS: "Documentos", ExportKind.RECONCILIATIONS: "Conciliações"}

Progress = Callable[[int], None]
T = TypeVar("T")


async def _keepalive(work: Awaitable[T], progress: Progress, done: int) -> T:
    """Await ``work``, reporting ``done`` every few seconds until it finishes."""
    task = asyncio.ensure_future(work)
    while True:
        finished, _ = await asyncio.wait({task}, timeout=KEEPALIVE_SECONDS)
        if finished:
            return task.result()
        progress(done)


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
            yield chunk


async def _fetch(
    database: Database,
    export: Export,
    after: tuple[datetime, uuid.UUID] | None,
    batch_size: int,
) -> service.Batch:
    async with database.tenant_session(export.organization_id) as session:
        if export.kind == ExportKind.DOCUMENTS:
            where = documents_filter(export.filters)
            return await service.document_batch(session, where, after, batch_size)
        return await service.reconciliation_batch(
            session, reconciliations_filter(export.filters), after, batch_size
        )


async def build_export(
    database: Database,
    store: ObjectStore,
    organization_id: uuid.UUID,
    export_id: uuid.UUID,
    *,
    ttl: timedelta,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> Export:
    """Write the export's rows to its file, store it, and mark the export ready.

    Idempotent: a ready export is returned untouched; a running one (a worker died
    mid-way) is rebuilt from the start and overwrites the same object key.
    """
    report: Progress = progress or (lambda _rows: None)
    async with database.tenant_session(organization_id) as session:
        export = await service.start_build(session, export_id)
    if export.status == ExportStatus.READY:
        return export
    kind, export_format = ExportKind(export.kind), ExportFormat(export.format)
    columns = DOCUMENT_COLUMNS if kind is ExportKind.DOCUMENTS else RECONCILIATION_COLUMNS
    key = service.storage_key(export)
    with tempfile.TemporaryDirectory(prefix="cc-export-") as folder:
        path = Path(folder) / service.file_name(export)
        writer = open_writer(export_format, path, columns, sheet=SHEETS[kind])
        try:
            after: tuple[datetime, uuid.UUID] | None = None
            while True:
                batch = await _fetch(database, export, after, batch_size)
                await asyncio.to_thread(writer.write_rows, batch.cells)
                report(writer.rows)
                if batch.after is None:
                    break
                after = batch.after
        except BaseException:
            writer.discard()
            raise
        await _keepalive(asyncio.to_thread(writer.close), report, writer.rows)
        stored = await _keepalive(
            store.put(
                key,
                _file_chunks(path),
                content_type=CONTENT_TYPES[export_format],
                metadata={"export_id": str(export.id), "rows": str(writer.rows)},
            ),
            report,
            writer.rows,
        )
    async with database.tenant_session(organization_id) as session:
        return await service.finish_build(
            session,
            export,
            storage_key=stored.key,
            row_count=writer.rows,
            size_bytes=stored.size,
            ttl=ttl,
        )
