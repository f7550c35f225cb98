"""Ingestion activities. Each opens its own tenant sessions and calls services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from backend.core.errors import DomainError, Location, ParseError
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.session import Database
from backend.files import service as files
from backend.files.models import File
from backend.ingestion import service as ingestion
from backend.ingestion.failures import classified, classify
from backend.search import SearchIndex
from backend.storage import ObjectStore
from backend.webhooks import service as webhooks
from workflows.ingest.models import (
    CHUNK_SIZE,
    AbortInput,
    FinishInput,
    IngestFileInput,
    IngestFileResult,
    ProcessResult,
    SideEffectFailure,
)
from workflows.metrics import DOCUMENTS_PROCESSED, PROCESS_FILE_SECONDS, TRANSACTIONS_PROCESSED
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.start import request_reconcile
from workflows.webhooks.start import current_activity_event_id, start_deliveries

INDEX_BATCH = 500


@contextmanager
def domain_errors_are_final() -> Iterator[None]:
    """A domain error (bad input, missing row) fails the same way on retry: do not retry it.

    For activities outside ingestion (exports); ingestion's own use ``classified``.
    """
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
        with classified():
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
        try:
            async with self.database.tenant_session(data.organization_id) as session:
                outcome = await ingestion.process_chunk(session, file, chunk)
        except Exception as error:
            if classify(error).transient:
                raise
            # The database refused something in the chunk's bulk statements: store the
            # units one by one so only the guilty ones fail, with the cause.
            outcome = await self._commit_one_by_one(data, file, chunk)
        if ingestion.is_archive(file):
            async with self.database.tenant_session(data.organization_id) as session:
                await files.roll_up_members(session, file.id)
        totals.documents += outcome.documents
        totals.transactions += outcome.transactions
        totals.errors += outcome.errors
        totals.duplicates += outcome.skipped
        DOCUMENTS_PROCESSED.inc(outcome.documents)
        TRANSACTIONS_PROCESSED.inc(outcome.transactions)

    async def _commit_one_by_one(
        self, data: IngestFileInput, file: File, chunk: list[ingestion.Unit]
    ) -> ingestion.ChunkOutcome:
        total = ingestion.ChunkOutcome()
        for unit in chunk:
            try:
                async with self.database.tenant_session(data.organization_id) as session:
                    outcome = await ingestion.process_chunk(session, file, [unit])
            except Exception as error:
                failure = classify(error)
                if failure.transient:
                    raise
                activity.logger.warning(
                    "unit %s refused: %s", unit.name or file.original_name, failure.message
                )
                async with self.database.tenant_session(data.organization_id) as session:
                    await ingestion.record_unit_failure(session, file, unit, failure)
                outcome = ingestion.ChunkOutcome(errors=1)
            total.documents += outcome.documents
            total.transactions += outcome.transactions
            total.errors += outcome.errors
            total.skipped += outcome.skipped
        return total

    @activity.defn(name="ingest.finish")
    async def finish(self, data: FinishInput) -> IngestFileResult:
        """Apply cancellations, close the file and report its counters.

        Only the file's own state is written here; what follows the storage (webhooks,
        reconciliation, search) runs in later activities that cannot change this outcome.
        """
        with classified():
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

    @activity.defn(name="ingest.notify")
    async def notify(self, data: IngestFileInput) -> int:
        """Enqueue file.processed (processed or failed) and start its deliveries.

        The deliveries start after the commit; a retry has the same event id, so it
        finds the pending ones again instead of enqueueing twice. Returns how many.
        """
        event_id = current_activity_event_id()
        with classified():
            async with self.database.tenant_session(data.organization_id) as session:
                file = await files.get_file(session, data.file_id)
                deliveries = await webhooks.file_processed(session, file, event_id=event_id)
            await start_deliveries(self.client, self.settings, data.organization_id, deliveries)
        return len(deliveries)

    @activity.defn(name="ingest.request_reconcile")
    async def request_reconcile(self, data: IngestFileInput) -> None:
        """Signal-with-start the tenant's reconciliation; bursts of uploads share one run."""
        with classified():
            await request_reconcile(
                self.client,
                self.settings,
                TenantReconcileInput(organization_id=data.organization_id),
            )

    @activity.defn(name="ingest.index")
    async def index(self, data: IngestFileInput) -> int:
        """Make what the file stored searchable; return how many entries were written."""
        with classified():
            async with self.database.tenant_session(data.organization_id) as session:
                entries = await ingestion.search_entries(session, data.file_id)
            for start in range(0, len(entries), INDEX_BATCH):
                await self.search.upsert(data.organization_id, entries[start : start + INDEX_BATCH])
                activity.heartbeat(start)
            return len(entries)

    @activity.defn(name="ingest.abort")
    async def abort(self, data: AbortInput) -> None:
        """Record why processing gave up (a permanent failure, or retries exhausted) so the
        file is not left processing and people see the cause; it can be reprocessed."""
        with classified():
            async with self.database.tenant_session(data.organization_id) as session:
                file = await files.get_file(session, data.file_id)
                location = Location(file=file.original_name)
                error = ParseError(data.code, data.message, location, details=data.details)
                await files.mark_failed(session, data.file_id, error)

    @activity.defn(name="ingest.side_effect_failed")
    async def side_effect_failed(self, data: SideEffectFailure) -> None:
        """Keep a step after storage that gave up as a warning on the file (its status stays)."""
        with classified():
            async with self.database.tenant_session(data.organization_id) as session:
                await files.add_warning(
                    session,
                    data.file_id,
                    {"code": data.code, "message": data.message, "step": data.step},
                )
