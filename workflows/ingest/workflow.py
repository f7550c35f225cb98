"""IngestFileWorkflow: one run per file (id ``ingest-{file_id}``), never one per document."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, RetryState
from temporalio.exceptions import TimeoutError as StepTimeout

with workflow.unsafe.imports_passed_through():
    from workflows.ingest.activities import IngestActivities
    from workflows.ingest.models import (
        AbortInput,
        FinishInput,
        IngestFileInput,
        IngestFileResult,
        SideEffectFailure,
    )

# Storing the file: transient faults (connection lost, serialization failure, deadlock,
# storage timeout) retry with exponential backoff; everything else is classified
# permanent by the activity (non-retryable) and recorded at once.
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    # About ten minutes of retries, then the file is marked failed (and can be reprocessed).
    maximum_attempts=25,
)

# After the file's outcome is committed: a few quick tries, then the step is given up
# (logged, and kept as a warning on the file) so it never holds the workflow back.
SIDE_EFFECT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=4),
    maximum_attempts=4,
)

# A chunk heartbeats every 100 units; a silent activity means its worker died.
HEARTBEAT = timedelta(seconds=20)


def ingest_workflow_id(data: IngestFileInput) -> str:
    """Derived from the file, so a file is never ingested by two runs at once."""
    return f"ingest-{data.file_id}"


def failure_of(error: ActivityError) -> tuple[str, str, dict[str, Any]]:
    """(code, message, details) of a step that gave up, as the classifier named it.

    A permanent failure keeps its own code; a transient one that outlived its retries
    becomes PROCESSING_FAILED whose message says what kept failing.
    """
    cause = error.cause
    details: dict[str, Any] = {}
    if isinstance(cause, ApplicationError):
        code, message = cause.type or "PROCESSING_FAILED", cause.message
        first = cause.details[0] if cause.details else None
        if isinstance(first, dict) and isinstance(first.get("details"), dict):
            details = {k: v for k, v in first["details"].items() if k != "location"}
    elif isinstance(cause, StepTimeout):
        code, message = "PROCESSING_TIMED_OUT", f"the step timed out ({cause.type})"
    else:
        code, message = "PROCESSING_FAILED", str(cause or error)
    if error.retry_state is not RetryState.NON_RETRYABLE_FAILURE:
        details["cause"] = code
        code, message = "PROCESSING_FAILED", f"gave up after retrying: {message}"
    return code, message, details


@workflow.defn(name="IngestFile")
class IngestFileWorkflow:
    """process (chunks of units, with heartbeats) → finish (cancellations, totals), the
    file's outcome committed; then, each on its own and unable to change that outcome,
    file.processed webhooks, the tenant's reconciliation and search indexing."""

    @workflow.run
    async def run(self, data: IngestFileInput) -> IngestFileResult:
        """Run the steps; the returned counters are the file row's."""
        try:
            result = await self._store(data)
        except ActivityError as error:
            code, message, details = failure_of(error)
            await workflow.execute_activity_method(
                IngestActivities.abort,
                AbortInput(
                    organization_id=data.organization_id,
                    file_id=data.file_id,
                    code=code,
                    message=message,
                    details=details,
                ),
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=RETRY,
            )
            await self._best_effort("notify", data, IngestActivities.notify)
            raise
        await asyncio.gather(
            self._best_effort("notify", data, IngestActivities.notify),
            self._best_effort("request_reconcile", data, IngestActivities.request_reconcile),
            self._best_effort(
                "index", data, IngestActivities.index, timedelta(minutes=30), HEARTBEAT
            ),
        )
        return result

    async def _store(self, data: IngestFileInput) -> IngestFileResult:
        await workflow.execute_activity_method(
            IngestActivities.process,
            data,
            start_to_close_timeout=timedelta(hours=2),
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
        )
        return await workflow.execute_activity_method(
            IngestActivities.finish,
            FinishInput(
                organization_id=data.organization_id,
                file_id=data.file_id,
                started_at=workflow.info().start_time,
            ),
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=RETRY,
        )

    async def _best_effort(
        self,
        step: str,
        data: IngestFileInput,
        method: Any,
        limit: timedelta = timedelta(minutes=1),
        heartbeat: timedelta | None = None,
    ) -> None:
        """Run a step after storage; if it gives up, log it and keep it on the file."""
        try:
            await workflow.execute_activity_method(
                method,
                data,
                start_to_close_timeout=limit,
                heartbeat_timeout=heartbeat,
                retry_policy=SIDE_EFFECT_RETRY,
            )
        except ActivityError as error:
            code, message, _ = failure_of(error)
            workflow.logger.warning(
                "ingestion step %s gave up for file %s: %s %s", step, data.file_id, code, message
            )
            try:
                await workflow.execute_activity_method(
                    IngestActivities.side_effect_failed,
                    SideEffectFailure(
                        organization_id=data.organization_id,
                        file_id=data.file_id,
                        step=step,
                        code=code,
                        message=message,
                    ),
                    start_to_close_timeout=timedelta(minutes=1),
                    retry_policy=SIDE_EFFECT_RETRY,
                )
            except ActivityError:
                workflow.logger.warning(
                    "could not record on file %s that %s failed", data.file_id, step
                )
