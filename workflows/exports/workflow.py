"""ExportWorkflow: one run per export (id ``export-{export_id}``)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.exports.activities import ExportActivities
    from workflows.exports.models import ExportFailure, ExportInput, ExportResult

# Transient faults (database restart, storage timeout) retry with backoff; the file is
# rebuilt from the start on each attempt.
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=8,
)
# A batch of rows takes well under a second; silence this long means the worker died.
HEARTBEAT = timedelta(minutes=1)
GENERIC_FAILURE = "the export could not be built; request it again"


def export_workflow_id(data: ExportInput) -> str:
    """Derived from the export, so a retried start never builds it twice."""
    return f"export-{data.export_id}"


def failure_message(error: ActivityError) -> str:
    """A final domain error's own message; anything else (a bug, retries exhausted) a
    generic one, so no stack trace or internal detail reaches the user."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.non_retryable and cause.message:
        return cause.message
    return GENERIC_FAILURE


@workflow.defn(name="Export")
class ExportWorkflow:
    """build (batches, heartbeats, store, ready) → or, when it gives up, fail."""

    @workflow.run
    async def run(self, data: ExportInput) -> ExportResult:
        """Build the export; a failure is recorded on the export and returned, not raised."""
        try:
            return await workflow.execute_activity_method(
                ExportActivities.build,
                data,
                start_to_close_timeout=timedelta(hours=2),
                heartbeat_timeout=HEARTBEAT,
                retry_policy=RETRY,
            )
        except ActivityError as error:
            message = failure_message(error)
            await workflow.execute_activity_method(
                ExportActivities.fail,
                ExportFailure(
                    organization_id=data.organization_id,
                    export_id=data.export_id,
                    message=message,
                ),
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=RETRY,
            )
            return ExportResult(status="failed", error=message)
