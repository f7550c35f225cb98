"""Export activities: build the file (heartbeating per batch), record the failure, delete
the file once it expires."""

from __future__ import annotations

from datetime import timedelta

from temporalio import activity

from backend.core.settings import Settings
from backend.db.session import Database
from backend.exports import builder
from backend.exports import service as exports
from backend.storage import ObjectStore
from workflows.exports.models import (
    ExpiryInput,
    ExpiryResult,
    ExportFailure,
    ExportInput,
    ExportResult,
)
from workflows.ingest.activities import domain_errors_are_final


class ExportActivities:
    """Activities with the database, the object store and the settings injected."""

    def __init__(self, database: Database, store: ObjectStore, settings: Settings) -> None:
        self.database = database
        self.store = store
        self.ttl = timedelta(days=settings.export_ttl_days)

    @activity.defn(name="exports.build")
    async def build(self, data: ExportInput) -> ExportResult:
        """Write the rows batch by batch, store the file and mark the export ready.

        The heartbeat carries the rows written so far. A retry starts the file over
        (a partial file on a dead worker's disk cannot be resumed); a domain error
        (e.g. more rows than an XLSX sheet holds) is final and not retried.
        """
        with domain_errors_are_final():
            export = await builder.build_export(
                self.database,
                self.store,
                data.organization_id,
                data.export_id,
                ttl=self.ttl,
                progress=activity.heartbeat,
            )
        return ExportResult(
            status=export.status,
            row_count=export.row_count,
            size_bytes=export.size_bytes,
            expires_at=export.expires_at,
        )

    @activity.defn(name="exports.expire")
    async def expire(self, data: ExpiryInput) -> ExpiryResult:
        """Delete the file of an export past its expiry, and forget its key in the same
        transaction (the delete happens before the commit; repeating it is harmless)."""
        async with self.database.tenant_session(data.organization_id) as session:
            expiry = await exports.expire_file(session, data.export_id)
            if expiry.storage_key is not None:
                await self.store.delete(expiry.storage_key)
        return ExpiryResult(
            deleted=expiry.storage_key is not None,
            expires_at=None if expiry.storage_key is not None else expiry.expires_at,
        )

    @activity.defn(name="exports.fail")
    async def fail(self, data: ExportFailure) -> None:
        """Mark the export failed so it is not left pending forever."""
        async with self.database.tenant_session(data.organization_id) as session:
            await exports.fail_build(session, data.export_id, data.message)
