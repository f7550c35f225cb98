"""Ingestion activities. Each opens its own tenant sessions and calls services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from temporalio import activity
from temporalio.exceptions import ApplicationError

from backend.core.errors import DomainError, ParseError
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.session import Database
from backend.files import service as files
from backend.ingestion import service as ingestion
from backend.search import SearchIndex
from backend.storage import ObjectStore
from workflows.ingest.models import (
    BatchResult,
    FinishInput,
    IngestFileInput,
    IngestFileResult,
    ParseBatchInput,
    PreparedFile,
)
from workflows.metrics import DOCUMENTS_PROCESSED, PROCESS_FILE_SECONDS, TRANSACTIONS_PROCESSED

INDEX_BATCH = 500


@contextmanager
def domain_errors_are_final() -> Iterator[None]:
    """A domain error (bad input, missing row) fails the same way on retry: do not retry it."""
    try:
        yield
    except DomainError as error:
        raise ApplicationError(
            error.message, error.to_dict(), type=error.code, non_retryable=True
        ) from error


class IngestActivities:
    """Activities with the database, the object store and limits injected by the worker."""

    def __init__(
        self, database: Database, store: ObjectStore, search: SearchIndex, settings: Settings
    ) -> None:
        self.database = database
        self.store = store
        self.search = search
        self.max_bytes = settings.file_max_bytes

    @activity.defn(name="ingest.prepare")
    async def prepare(self, data: IngestFileInput) -> PreparedFile:
        """Mark the file processing; expand an archive into member files (idempotently)."""
        with domain_errors_are_final():
            return await self._prepare(data)

    async def _prepare(self, data: IngestFileInput) -> PreparedFile:
        async with self.database.tenant_session(data.organization_id) as session:
            file = await files.start_processing(session, data.file_id)
        if not ingestion.is_archive(file):
            return PreparedFile(units=1, archive=False)
        count = 0
        async for member in ingestion.archive_members(self.store, file):
            if not member.name and member.error is not None:
                # The archive itself is unreadable: that is the file's failure.
                async with self.database.tenant_session(data.organization_id) as session:
                    await files.mark_failed(session, file.id, member.error)
                return PreparedFile(units=0, archive=True)
            async with self.database.tenant_session(data.organization_id) as session:
                await ingestion.add_member(session, self.store, file, member, self.max_bytes)
            count += 1
            activity.heartbeat(count)
        async with self.database.tenant_session(data.organization_id) as session:
            units = await files.count_members(session, file.id)
        return PreparedFile(units=units, archive=True)

    @activity.defn(name="ingest.parse_batch")
    async def parse_batch(self, data: ParseBatchInput) -> BatchResult:
        """Process a slice of units, one transaction each; units already done are skipped."""
        with domain_errors_are_final():
            return await self._parse_batch(data)

    async def _parse_batch(self, data: ParseBatchInput) -> BatchResult:
        async with self.database.tenant_session(data.organization_id) as session:
            top = await files.get_file(session, data.file_id)
            units = (
                await files.members_page(session, top.id, data.offset, data.limit)
                if ingestion.is_archive(top)
                else [top]
            )
        totals = BatchResult()
        for index, unit in enumerate(units):
            if unit.parent_id is not None and unit.status in ("processed", "failed"):
                continue  # finished before a crash or retry
            async with self.database.tenant_session(data.organization_id) as session:
                outcome = await ingestion.process_unit(session, self.store, unit, self.max_bytes)
            totals.documents += outcome.documents
            totals.transactions += outcome.transactions
            DOCUMENTS_PROCESSED.inc(outcome.documents)
            TRANSACTIONS_PROCESSED.inc(outcome.transactions)
            totals.errors += outcome.errors
            activity.heartbeat(index)
        if ingestion.is_archive(top):
            async with self.database.tenant_session(data.organization_id) as session:
                await files.roll_up_members(session, top.id)
        return totals

    @activity.defn(name="ingest.index")
    async def index(self, data: IngestFileInput) -> int:
        """Make what the file stored searchable; return how many entries were written."""
        with domain_errors_are_final():
            async with self.database.tenant_session(data.organization_id) as session:
                entries = await ingestion.search_entries(session, data.file_id)
            for start in range(0, len(entries), INDEX_BATCH):
                await self.search.upsert(data.organization_id, entries[start : start + INDEX_BATCH])
                activity.heartbeat(start)
            return len(entries)

    @activity.defn(name="ingest.abort")
    async def abort(self, data: IngestFileInput) -> None:
        """Record that processing gave up (retries exhausted or a bug) so the file is not stuck."""
        error = ParseError(
            "PROCESSING_FAILED", "processing failed; the file can be reprocessed", None
        )
        async with self.database.tenant_session(data.organization_id) as session:
            await files.mark_failed(session, data.file_id, error)

    @activity.defn(name="ingest.finish")
    async def finish(self, data: FinishInput) -> IngestFileResult:
        """Apply cancellations, close the file and report its counters."""
        with domain_errors_are_final():
            async with self.database.tenant_session(data.organization_id) as session:
                file = await ingestion.finish(session, data.file_id)
        PROCESS_FILE_SECONDS.observe((utcnow() - data.started_at).total_seconds())
        return IngestFileResult(
            status=file.status,
            members=file.members_count,
            documents=file.documents_count,
            transactions=file.transactions_count,
            errors=file.errors_count,
        )
