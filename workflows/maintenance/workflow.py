"""Per-tenant housekeeping, run on a schedule or on demand."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from workflows.maintenance.activities import MaintenanceActivities
    from workflows.maintenance.models import PurgeExpiredTokensInput, PurgeExpiredTokensResult


@workflow.defn(name="PurgeExpiredTokens")
class PurgeExpiredTokensWorkflow:
    """Deletes a tenant's expired refresh tokens (workflow id: purge-tokens-{organization})."""

    @workflow.run
    async def run(self, data: PurgeExpiredTokensInput) -> PurgeExpiredTokensResult:
        """One activity, retried with backoff on transient faults."""
        return await workflow.execute_activity_method(
            MaintenanceActivities.purge_expired_refresh_tokens,
            data,
            start_to_close_timeout=timedelta(minutes=1),
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=1), backoff_coefficient=2.0, maximum_attempts=5
            ),
        )


def purge_tokens_workflow_id(data: PurgeExpiredTokensInput) -> str:
    """Business id: one run per tenant at a time."""
    return f"purge-tokens-{data.organization_id}"
