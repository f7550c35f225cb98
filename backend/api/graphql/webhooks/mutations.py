"""register/update/delete webhooks, rotate secrets, redeliver: thin adapters over the service."""

from __future__ import annotations

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import from_global_id
from backend.api.graphql.webhooks.types import (
    DeleteWebhookResult,
    DeleteWebhookSuccess,
    RedeliverWebhookResult,
    RedeliverWebhookSuccess,
    RegisterWebhookInput,
    RegisterWebhookResult,
    RotateWebhookSecretResult,
    UpdateWebhookInput,
    UpdateWebhookResult,
    WebhookDeliveryType,
    WebhookSecretSuccess,
    WebhookSuccess,
    WebhookType,
)
from backend.webhooks import service
from workflows.client import start_deliveries


@strawberry.type
class WebhookMutations:
    """Managing webhooks (admins); every change is audited, never a secret."""

    @strawberry.mutation(
        description="Register a webhook; its signing secret is returned only here."
    )
    async def register_webhook(
        self, info: Info, input: RegisterWebhookInput
    ) -> RegisterWebhookResult:
        """https only (http to localhost in development); private addresses are refused."""
        principal = info.context.require_principal()
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            created = await service.register_endpoint(
                session,
                principal,
                state.settings,
                url=input.url,
                events=[e.value for e in input.events],
            )
            return WebhookSecretSuccess(
                webhook=WebhookType.from_model(created.endpoint), secret=created.secret
            )

    @strawberry.mutation(description="Change a webhook's URL, events or whether it is active.")
    async def update_webhook(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateWebhookInput,
    ) -> UpdateWebhookResult:
        """Deliveries of a deactivated webhook fail at their next attempt."""
        principal = info.context.require_principal()
        endpoint_id = from_global_id(id, "Webhook")
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            endpoint = await service.update_endpoint(
                session,
                principal,
                state.settings,
                endpoint_id,
                url=input.url,
                events=([e.value for e in input.events] if input.events is not None else None),
                is_active=input.is_active,
            )
            return WebhookSuccess(webhook=WebhookType.from_model(endpoint))

    @strawberry.mutation(description="Remove a webhook and its delivery log.")
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> DeleteWebhookResult:
        """Retries under way stop at their next attempt."""
        principal = info.context.require_principal()
        endpoint_id = from_global_id(id, "Webhook")
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            await service.delete_endpoint(session, principal, endpoint_id)
        return DeleteWebhookSuccess(id=id)

    @strawberry.mutation(
        description="Replace a webhook's signing secret; the new one is returned only here."
    )
    async def rotate_webhook_secret(
        self,
        info: Info,
        id: strawberry.ID,
    ) -> RotateWebhookSecretResult:
        """The old secret stops signing at once, retries of earlier events included."""
        principal = info.context.require_principal()
        endpoint_id = from_global_id(id, "Webhook")
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            rotated = await service.rotate_secret(session, principal, state.settings, endpoint_id)
            return WebhookSecretSuccess(
                webhook=WebhookType.from_model(rotated.endpoint), secret=rotated.secret
            )

    @strawberry.mutation(description="Send a delivery again (any status); it restarts its retries.")
    async def redeliver_webhook(
        self, info: Info, delivery_id: strawberry.ID
    ) -> RedeliverWebhookResult:
        """A delivery still being retried is not sent twice: its running retries continue."""
        principal = info.context.require_principal()
        row_id = from_global_id(delivery_id, "WebhookDelivery")
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            delivery = await service.redeliver(session, principal, row_id)
        client = await state.temporal.get()
        await start_deliveries(client, state.settings, principal.organization_id, [delivery.id])
        return RedeliverWebhookSuccess(delivery=WebhookDeliveryType.from_model(delivery))
