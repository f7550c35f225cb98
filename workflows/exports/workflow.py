"""ExportWorkflow: one run per export (id ``export-{export_id}``), and ExportExpiryWorkflow,
which it leaves behind to delete the file when the download link expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from workflows.exports.activities import ExportActivities
    from workflows.exports.models import (
        ExpiryInput,
        ExpiryResult,
        ExportFailure,
        ExportInput,
        ExportResult,
    )

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
# An expiry moved later (or a clock behind) is looked at again, a bounded number of times.
MAX_EXPIRY_CHECKS = 10


def export_workflow_id(data: ExportInput) -> str:
    """Derived from the export, so a retried start never builds it twice."""
    return f"export-{data.export_id}"


def expiry_workflow_id(export_id: object) -> str:
    """One expiry per export."""
    return f"export-expiry-{export_id}"


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
            result = await workflow.execute_activity_method(
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
        if result.expires_at is not None:
            await _leave_expiry(data, result.expires_at)
        return result


async def _leave_expiry(data: ExportInput, expires_at: datetime) -> None:
    """Start the file's expiry as a child that outlives this workflow (ABANDON): the
    export is done now, its file is deleted days later by a durable timer."""
    try:
        await workflow.start_child_workflow(
            ExportExpiryWorkflow.run,
            ExpiryInput(
                organization_id=data.organization_id,
                export_id=data.export_id,
                expires_at=expires_at,
            ),
            id=expiry_workflow_id(data.export_id),
            parent_close_policy=workflow.ParentClosePolicy.ABANDON,
        )
    except WorkflowAlreadyStartedError:
        # A repeated build of a ready export: its expiry is already waiting.
        return


@workflow.defn(name="ExportExpiry")
class ExportExpiryWorkflow:
    """Sleeps until the export's ``expires_at``, then deletes its file (and forgets the
    key, audited ``export.expired``). Downloads already answer EXPORT_EXPIRED from that
    instant; this makes the bytes go too."""

    @workflow.run
    async def run(self, data: ExpiryInput) -> ExpiryResult:
        """Wait, delete; wait again if the export's expiry was moved later."""
        due = data.expires_at
        result = ExpiryResult(deleted=False, expires_at=due)
        for _ in range(MAX_EXPIRY_CHECKS):
            wait = due - workflow.now()
            if wait > timedelta(0):
                await workflow.sleep(wait)
            result = await workflow.execute_activity_method(
                ExportActivities.expire,
                ExpiryInput(
                    organization_id=data.organization_id, export_id=data.export_id, expires_at=due
                ),
                start_to_close_timeout=timedelta(minutes=5),
                retry_policy=RETRY,
            )
            if result.deleted or result.expires_at is None:
                return result
            due = result.expires_at
        return result
