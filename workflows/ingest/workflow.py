"""IngestFileWorkflow: one run per file (id ``ingest-{file_id}``), never one per document."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.ingest.activities import IngestActivities
    from workflows.ingest.models import (
        BATCH_SIZE,
        FinishInput,
        IngestFileInput,
        IngestFileResult,
        ParseBatchInput,
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


def ingest_workflow_id(data: IngestFileInput) -> str:
    """Derived from the file, so a file is never ingested by two runs at once."""
    return f"ingest-{data.file_id}"


@workflow.defn(name="IngestFile")
class IngestFileWorkflow:
    """prepare (expand archives) → parse in batches with heartbeats → finish → index."""

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
        prepared = await workflow.execute_activity_method(
            IngestActivities.prepare,
            data,
            start_to_close_timeout=timedelta(minutes=30),
            heartbeat_timeout=timedelta(seconds=60),
            retry_policy=RETRY,
        )
        for offset in range(0, prepared.units, BATCH_SIZE):
            await workflow.execute_activity_method(
                IngestActivities.parse_batch,
                ParseBatchInput(
                    organization_id=data.organization_id,
                    file_id=data.file_id,
                    offset=offset,
                    limit=BATCH_SIZE,
                ),
                start_to_close_timeout=timedelta(minutes=30),
                heartbeat_timeout=timedelta(seconds=60),
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
            IngestActivities.index,
            data,
            start_to_close_timeout=timedelta(minutes=30),
            heartbeat_timeout=timedelta(seconds=60),
            retry_policy=RETRY,
        )
        return result
