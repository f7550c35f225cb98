"""Connecting to Temporal and starting workflows (used by the API after commit)."""

from __future__ import annotations

import asyncio

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.contrib.pydantic import pydantic_data_converter

from backend.core.settings import Settings
from workflows.exports.models import ExportInput, ExportResult
from workflows.exports.workflow import ExportWorkflow, export_workflow_id
from workflows.ingest.models import IngestFileInput, IngestFileResult
from workflows.ingest.workflow import IngestFileWorkflow, ingest_workflow_id
from workflows.maintenance.models import PurgeExpiredTokensInput, PurgeExpiredTokensResult
from workflows.maintenance.workflow import PurgeExpiredTokensWorkflow, purge_tokens_workflow_id
from workflows.priority import tenant_priority
from workflows.reconcile.start import request_reconcile
from workflows.webhooks.start import start_deliveries


async def connect(settings: Settings, address: str | None = None) -> Client:
    """A client with the pydantic data converter on the configured namespace."""
    target = address or settings.temporal_address
    if target is None:
        raise RuntimeError("TEMPORAL_ADDRESS is not set")
    return await Client.connect(
        target, namespace=settings.temporal_namespace, data_converter=pydantic_data_converter
    )


class TemporalClientProvider:
    """Connects lazily and reconnects after a failure, so the API starts without Temporal."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client: Client | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Client:
        """The connected client (connecting on first use)."""
        async with self._lock:
            if self._client is None:
                self._client = await asyncio.wait_for(connect(self._settings), timeout=5)
            return self._client

    async def ping(self) -> None:
        """Raise when the Temporal frontend does not answer a health check."""
        client = await self.get()
        try:
            await asyncio.wait_for(client.service_client.check_health(), timeout=3)
        except Exception:
            self._client = None
            raise


async def purge_expired_tokens(
    client: Client, settings: Settings, data: PurgeExpiredTokensInput
) -> PurgeExpiredTokensResult:
    """Run the tenant's token purge now and wait for it (a running purge is reused)."""
    return await client.execute_workflow(
        PurgeExpiredTokensWorkflow.run,
        data,
        id=purge_tokens_workflow_id(data),
        task_queue=settings.temporal_task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )


async def start_ingest(
    client: Client, settings: Settings, data: IngestFileInput
) -> WorkflowHandle[IngestFileWorkflow, IngestFileResult]:
    """Start (or join the running) ingestion of a file; call after the upload committed."""
    return await client.start_workflow(
        IngestFileWorkflow.run,
        data,
        id=ingest_workflow_id(data),
        task_queue=settings.temporal_task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        priority=tenant_priority(data.organization_id),
    )


async def start_export(
    client: Client, settings: Settings, data: ExportInput
) -> WorkflowHandle[ExportWorkflow, ExportResult]:
    """Start (or join the running) build of an export; call after the request committed."""
    return await client.start_workflow(
        ExportWorkflow.run,
        data,
        id=export_workflow_id(data),
        task_queue=settings.temporal_task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        priority=tenant_priority(data.organization_id),
    )


__all__ = [
    "TemporalClientProvider",
    "connect",
    "purge_expired_tokens",
    "request_reconcile",
    "start_deliveries",
    "start_export",
    "start_ingest",
]
