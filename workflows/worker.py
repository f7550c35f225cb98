"""Builds the Temporal worker: task queue, workflows, activities."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.worker import Worker

from backend.core.settings import Settings
from backend.db.session import Database
from workflows.maintenance.activities import MaintenanceActivities
from workflows.maintenance.workflow import PurgeExpiredTokensWorkflow

WORKFLOWS = [PurgeExpiredTokensWorkflow]


def build_worker(
    client: Client, settings: Settings, database: Database, *, task_queue: str | None = None
) -> Worker:
    """A worker for every workflow and activity of the product."""
    maintenance = MaintenanceActivities(database)
    return Worker(
        client,
        task_queue=task_queue or settings.temporal_task_queue,
        workflows=WORKFLOWS,
        activities=[maintenance.purge_expired_refresh_tokens],
    )
