"""Builds the Temporal worker: task queue, workflows, activities."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.worker import Worker

from backend.core.settings import Settings
from backend.db.session import Database
from backend.search import SearchIndex, build_search_index
from backend.storage import build_object_store
from workflows.exports.activities import ExportActivities
from workflows.exports.workflow import ExportExpiryWorkflow, ExportWorkflow
from workflows.ingest.activities import IngestActivities
from workflows.ingest.workflow import IngestFileWorkflow
from workflows.maintenance.activities import MaintenanceActivities
from workflows.maintenance.workflow import PurgeExpiredTokensWorkflow
from workflows.metrics import MetricsInterceptor
from workflows.reconcile.activities import ReconcileActivities
from workflows.reconcile.workflow import TenantReconcileWorkflow
from workflows.webhooks.activities import WebhookActivities
from workflows.webhooks.workflow import WebhookDeliveryWorkflow

WORKFLOWS = [
    IngestFileWorkflow,
    TenantReconcileWorkflow,
    PurgeExpiredTokensWorkflow,
    ExportWorkflow,
    ExportExpiryWorkflow,
    WebhookDeliveryWorkflow,
]


def build_worker(
    client: Client,
    settings: Settings,
    database: Database,
    *,
    search: SearchIndex | None = None,
    task_queue: str | None = None,
    max_concurrent_activities: int | None = None,
    max_concurrent_workflow_tasks: int | None = None,
) -> Worker:
    """A worker for every workflow and activity of the product.

    ``search`` must have been set up (``await index.setup()``) when it is Meilisearch.
    The concurrency limits default to the SDK's.
    """
    maintenance = MaintenanceActivities(database)
    index = search or build_search_index(settings, database)
    ingest = IngestActivities(database, build_object_store(settings), index, settings, client)
    reconcile = ReconcileActivities(database, client, settings)
    webhooks = WebhookActivities(database, settings)
    exports = ExportActivities(database, build_object_store(settings), settings)
    return Worker(
        client,
        task_queue=task_queue or settings.temporal_task_queue,
        workflows=WORKFLOWS,
        activities=[
            maintenance.purge_expired_refresh_tokens,
            ingest.process,
            ingest.finish,
            ingest.notify,
            ingest.request_reconcile,
            reconcile.reconcile_tenant,
            ingest.index,
            ingest.abort,
            ingest.side_effect_failed,
            webhooks.attempt,
            webhooks.give_up,
            exports.build,
            exports.fail,
            exports.expire,
        ],
        interceptors=[MetricsInterceptor()],
        max_concurrent_activities=max_concurrent_activities,
        max_concurrent_workflow_tasks=max_concurrent_workflow_tasks,
    )
