"""TenantReconcileWorkflow: one per tenant at a time (id ``reconcile-{organization}``).

Started with signal-with-start by every ingestion; a signal that arrives while a
run is under way makes it run once more instead of starting another workflow, so
a burst of uploads coalesces into a few runs.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from workflows.reconcile.activities import ReconcileActivities
    from workflows.reconcile.models import TenantReconcileInput, TenantReconcileResult

NEW_ITEMS_SIGNAL = "new_items"


def reconcile_workflow_id(data: TenantReconcileInput) -> str:
    """One reconciliation workflow per tenant."""
    return f"reconcile-{data.organization_id}"


@workflow.defn(name="TenantReconcile")
class TenantReconcileWorkflow:
    """Runs the engine until no new items arrived during the last run."""

    def __init__(self) -> None:
        self._pending = False

    @workflow.signal(name=NEW_ITEMS_SIGNAL)
    def new_items(self) -> None:
        """New documents or transactions were stored for this tenant."""
        self._pending = True

    @workflow.run
    async def run(self, data: TenantReconcileInput) -> TenantReconcileResult:
        """Run, and run again while signals keep arriving."""
        total = TenantReconcileResult()
        while True:
            self._pending = False
            result = await workflow.execute_activity_method(
                ReconcileActivities.reconcile_tenant,
                data,
                start_to_close_timeout=timedelta(minutes=30),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=1),
                    backoff_coefficient=2.0,
                    maximum_interval=timedelta(seconds=30),
                    maximum_attempts=25,
                ),
            )
            total.runs += 1
            total.matched += result.matched
            total.suggested += result.suggested
            total.undone += result.undone
            if not self._pending:
                return total
