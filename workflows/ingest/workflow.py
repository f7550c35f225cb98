"""IngestFileWorkflow: one run per file (id ``ingest-{file_id}``), never one per document."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.ingest.activities import IngestActivities
    from workflows.ingest.models import (
        FinishInput,
        IngestFileInput,
        IngestFileResult,
    )

# Transient faults (database restart, storage timeout) retry with exponential backoff;
# bad input never raises out of an activity: it is recorded on the file instead.
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    # About ten minutes of retries, then the file is marked failed (and can be reprocessed).
    maximum_attempts=25,
)


# A chunk heartbeats every 100 units; a silent activity means its worker died.
HEARTBEAT = timedelta(seconds=20)


def ingest_workflow_id(data: IngestFileInput) -> str:
    """Derived from the file, so a file is never ingested by two runs at once."""
    return f"ingest-{data.file_id}"


@workflow.defn(name="IngestFile")
class IngestFileWorkflow:
    """process (chunks of units, with heartbeats) → finish (cancellations, totals) →
    signal-with-start the tenant's reconciliation → index."""

    @workflow.run
    async def run(self, data: IngestFileInput) -> IngestFileResult:
        """Run the steps; the returned counters are the file row's."""
        try:
            return await self._steps(data)
        except ActivityError:
            await workflow.execute_activity_method(
                IngestActivities.abort,
                data,
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=RETRY,
            )
            raise

    async def _steps(self, data: IngestFileInput) -> IngestFileResult:
        await workflow.execute_activity_method(
            IngestActivities.process,
            data,
            start_to_close_timeout=timedelta(hours=2),
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
        )
        result = await workflow.execute_activity_method(
            IngestActivities.finish,
            FinishInput(
                organization_id=data.organization_id,
                file_id=data.file_id,
                started_at=workflow.info().start_time,
            ),
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=RETRY,
        )
        await workflow.execute_activity_method(
            IngestActivities.request_reconcile,
            data,
            start_to_close_timeout=timedelta(minutes=1),
            retry_policy=RETRY,
        )
        await workflow.execute_activity_method(
            IngestActivities.index,
            data,
            start_to_close_timeout=timedelta(minutes=30),
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
        )
        return result
