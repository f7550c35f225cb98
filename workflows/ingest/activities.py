"""Ingestion activities. Each opens its own tenant sessions and calls services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from backend.core.errors import DomainError, ParseError
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.session import Database
from backend.files import service as files
from backend.files.models import File
from backend.ingestion import service as ingestion
from backend.search import SearchIndex
from backend.storage import ObjectStore
from backend.webhooks import service as webhooks
from workflows.ingest.models import (
    CHUNK_SIZE,
    FinishInput,
    IngestFileInput,
    IngestFileResult,
    ProcessResult,
)
from workflows.metrics import DOCUMENTS_PROCESSED, PROCESS_FILE_SECONDS, TRANSACTIONS_PROCESSED
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.start import request_reconcile
from workflows.webhooks.start import current_activity_event_id, start_deliveries

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
    """Activities with the database, the object store and the search index injected."""

    def __init__(
        self,
        database: Database,
        store: ObjectStore,
        search: SearchIndex,
        settings: Settings,
        client: Client,
    ) -> None:
        self.client = client
        self.settings = settings
        self.database = database
        self.store = store
        self.search = search
        self.max_bytes = settings.file_max_bytes

    @activity.defn(name="ingest.process")
    async def process(self, data: IngestFileInput) -> ProcessResult:
        """Read the file once, committing chunk by chunk; a retry resumes after the last chunk.

        The heartbeat carries how many units are committed, so a worker that dies in the
        middle of a 50,000-member archive loses at most one chunk of work.
        """
        with domain_errors_are_final():
            return await self._process(data)

    async def _process(self, data: IngestFileInput) -> ProcessResult:
        details = activity.info().heartbeat_details
        done = int(details[0]) if details else 0
        async with self.database.tenant_session(data.organization_id) as session:
            file = (
                await ingestion.start(session, data.file_id)
                if done == 0
                else await files.get_file(session, data.file_id)
            )
        totals = ProcessResult(resumed_after=done)
        chunk: list[ingestion.Unit] = []
        seen = 0
        async for unit in ingestion.units(self.store, file, self.max_bytes):
            seen += 1
            if seen <= done:
                continue
            chunk.append(unit)
            if len(chunk) == CHUNK_SIZE:
                await self._commit(data, file, chunk, totals)
                chunk = []
                activity.heartbeat(seen)
        if chunk:
            await self._commit(data, file, chunk, totals)
            activity.heartbeat(seen)
        totals.units = seen
        return totals

    async def _commit(
        self,
        data: IngestFileInput,
        file: File,
        chunk: list[ingestion.Unit],
        totals: ProcessResult,
    ) -> None:
        async with self.database.tenant_session(data.organization_id) as session:
            outcome = await ingestion.process_chunk(session, file, chunk)
            if ingestion.is_archive(file):
                await files.roll_up_members(session, file.id)
        totals.documents += outcome.documents
        totals.transactions += outcome.transactions
        totals.errors += outcome.errors
        totals.duplicates += outcome.skipped
        DOCUMENTS_PROCESSED.inc(outcome.documents)
        TRANSACTIONS_PROCESSED.inc(outcome.transactions)

    @activity.defn(name="ingest.finish")
    async def finish(self, data: FinishInput) -> IngestFileResult:
        """Apply cancellations, close the file and report its counters.

        file.processed is enqueued in the same transaction and its deliveries start
        after the commit (a retry finds the pending ones again and starts them).
        """
        event_id = current_activity_event_id()
        with domain_errors_are_final():
            async with self.database.tenant_session(data.organization_id) as session:
                file = await ingestion.finish(session, data.file_id)
                deliveries = await webhooks.file_processed(session, file, event_id=event_id)
        await start_deliveries(self.client, self.settings, data.organization_id, deliveries)
        PROCESS_FILE_SECONDS.observe((utcnow() - data.started_at).total_seconds())
        return IngestFileResult(
            status=file.status,
            members=file.members_count,
            documents=file.documents_count,
            transactions=file.transactions_count,
            errors=file.errors_count,
        )

    @activity.defn(name="ingest.request_reconcile")
    async def request_reconcile(self, data: IngestFileInput) -> None:
        """Signal-with-start the tenant's reconciliation; bursts of uploads share one run."""
        await request_reconcile(
            self.client, self.settings, TenantReconcileInput(organization_id=data.organization_id)
        )

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
        """Record that processing gave up (retries exhausted or a bug) so the file is not stuck;
        file.processed tells webhooks that it failed."""
        error = ParseError(
            "PROCESSING_FAILED", "processing failed; the file can be reprocessed", None
        )
        event_id = current_activity_event_id()
        async with self.database.tenant_session(data.organization_id) as session:
            file = await files.mark_failed(session, data.file_id, error)
            deliveries = await webhooks.file_processed(session, file, event_id=event_id)
        await start_deliveries(self.client, self.settings, data.organization_id, deliveries)
