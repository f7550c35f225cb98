"""Starting the tenant reconciliation (used by the ingestion activity and the API)."""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle

from backend.core.settings import Settings
from workflows.priority import tenant_priority
from workflows.reconcile.models import TenantReconcileInput, TenantReconcileResult
from workflows.reconcile.workflow import (
    NEW_ITEMS_SIGNAL,
    TenantReconcileWorkflow,
    reconcile_workflow_id,
)


async def request_reconcile(
    client: Client, settings: Settings, data: TenantReconcileInput
) -> WorkflowHandle[TenantReconcileWorkflow, TenantReconcileResult]:
    """Signal-with-start the tenant's reconciliation (joins a running one); the handle's
    ``result_run_id`` is the run that will include this request."""
    return await client.start_workflow(
        TenantReconcileWorkflow.run,
        data,
        id=reconcile_workflow_id(data),
        task_queue=settings.temporal_task_queue,
        start_signal=NEW_ITEMS_SIGNAL,
        priority=tenant_priority(data.organization_id),
    )
