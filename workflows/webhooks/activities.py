"""Webhook delivery activities: one attempt, and giving up after the last one."""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from backend.core.settings import Settings
from backend.db.session import Database
from backend.webhooks import sender
from backend.webhooks import service as webhooks
from backend.webhooks.targets import TargetPolicy
from workflows.webhooks.models import GiveUpInput, WebhookDeliveryInput, WebhookDeliveryResult


class WebhookActivities:
    """Activities with the database and the settings (secret box, URL policy) injected."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    @activity.defn(name="webhook.attempt")
    async def attempt(self, data: WebhookDeliveryInput) -> WebhookDeliveryResult:
        """Send the delivery once; a failed attempt raises, and Temporal retries it.

        No transaction stays open while the receiver answers: the row is read in one
        and the outcome recorded in another.
        """
        async with self.database.tenant_session(data.organization_id) as session:
            plan = await webhooks.plan_attempt(session, self.settings, data.delivery_id)
        if plan.attempt is None:
            return WebhookDeliveryResult(status=plan.status)
        outcome = await sender.send(plan.attempt, TargetPolicy.from_settings(self.settings))
        async with self.database.tenant_session(data.organization_id) as session:
            row = await webhooks.record_attempt(
                session,
                data.delivery_id,
                status_code=outcome.status_code,
                error=outcome.error,
                final=outcome.refused,
            )
        if row is None:
            return WebhookDeliveryResult(status="gone")
        if outcome.delivered or outcome.refused:
            return WebhookDeliveryResult(status=row.status)
        raise ApplicationError(outcome.error or "delivery failed", type="WEBHOOK_ATTEMPT_FAILED")

    @activity.defn(name="webhook.give_up")
    async def give_up(self, data: GiveUpInput) -> WebhookDeliveryResult:
        """Mark the delivery failed once its attempts are exhausted."""
        async with self.database.tenant_session(data.organization_id) as session:
            await webhooks.give_up(session, data.delivery_id, data.reason)
        return WebhookDeliveryResult(status=webhooks.DeliveryStatus.FAILED.value)
