"""Starting deliveries after the transaction that enqueued them committed.

Used by the API (redelivery) and by the activities that emit events (ingestion,
reconciliation), which also derive their event ids here.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from backend.core.settings import Settings
from workflows.priority import tenant_priority
from workflows.webhooks.models import DeliveryRetry, WebhookDeliveryInput
from workflows.webhooks.workflow import WebhookDeliveryWorkflow

_EVENT_NAMESPACE = uuid.UUID("5b0f3a52-8c1e-4f57-9d55-2f7a0c4e9b11")


def delivery_workflow_id(delivery_id: uuid.UUID) -> str:
    """One workflow per delivery, so a delivery is never sent twice at the same time."""
    return f"webhook-delivery-{delivery_id}"


async def start_deliveries(
    client: Client,
    settings: Settings,
    organization_id: uuid.UUID,
    delivery_ids: Sequence[uuid.UUID],
    *,
    retry: DeliveryRetry | None = None,
) -> None:
    """Start a workflow per delivery; a delivery whose workflow is running joins it.

    A closed workflow of the same id may start again (a redelivery); the attempt
    itself sends nothing unless the delivery is ``pending``.
    """
    policy = retry or DeliveryRetry()
    await asyncio.gather(
        *(
            client.start_workflow(
                WebhookDeliveryWorkflow.run,
                WebhookDeliveryInput(
                    organization_id=organization_id, delivery_id=delivery_id, retry=policy
                ),
                id=delivery_workflow_id(delivery_id),
                task_queue=settings.temporal_task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
                priority=tenant_priority(organization_id),
            )
            for delivery_id in delivery_ids
        )
    )


def current_activity_event_id() -> uuid.UUID:
    """An event id stable across the retries of the running activity.

    It names the workflow run and the activity within it, so a retried activity that
    enqueues its event again hits the (endpoint, event) unique key instead of sending
    a second event, while a new run (a reprocessed file) gets a new event.
    """
    info = activity.info()
    return uuid.uuid5(
        _EVENT_NAMESPACE, f"{info.workflow_id}/{info.workflow_run_id}/{info.activity_id}"
    )
