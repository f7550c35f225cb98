"""WebhookDeliveryWorkflow: one run per delivery (id ``webhook-delivery-{delivery_id}``).

The business id means two starts of the same delivery (a retried activity, a
redelivery while it is still being retried) join one run, so a receiver never
gets the same delivery twice at the same time.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.webhooks.activities import WebhookActivities
    from workflows.webhooks.models import (
        DeliveryRetry,
        GiveUpInput,
        WebhookDeliveryInput,
        WebhookDeliveryResult,
    )

# One attempt is bounded by the sender (15 s); the rest is two short transactions.
ATTEMPT_TIMEOUT = timedelta(minutes=1)
BOOKKEEPING_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=25,
)


def retry_policy(retry: DeliveryRetry) -> RetryPolicy:
    """The Temporal retry policy of a delivery's attempts."""
    return RetryPolicy(
        initial_interval=timedelta(seconds=retry.initial_interval_seconds),
        backoff_coefficient=retry.backoff_coefficient,
        maximum_interval=timedelta(seconds=retry.maximum_interval_seconds),
        maximum_attempts=retry.maximum_attempts,
    )


@workflow.defn(name="WebhookDelivery")
class WebhookDeliveryWorkflow:
    """attempt (retried with exponential backoff) → give up (failed) when none succeeded."""

    @workflow.run
    async def run(self, data: WebhookDeliveryInput) -> WebhookDeliveryResult:
        """Deliver, or record that the delivery failed."""
        try:
            return await workflow.execute_activity_method(
                WebhookActivities.attempt,
                data,
                start_to_close_timeout=ATTEMPT_TIMEOUT,
                retry_policy=retry_policy(data.retry),
            )
        except ActivityError as error:
            reason = str(error.cause) if error.cause is not None else str(error)
            return await workflow.execute_activity_method(
                WebhookActivities.give_up,
                GiveUpInput(
                    organization_id=data.organization_id,
                    delivery_id=data.delivery_id,
                    reason=reason,
                ),
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=BOOKKEEPING_RETRY,
            )
