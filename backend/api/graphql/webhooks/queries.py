"""webhooks and webhookDeliveries (admins), and their node loaders."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import from_global_id, node_loader, page_request
from backend.api.graphql.webhooks.types import (
    WebhookDeliveryConnection,
    WebhookDeliveryType,
    WebhookType,
)
from backend.core.errors import NotFound
from backend.webhooks import service
from backend.webhooks.repository import DeliveryFilter


@strawberry.type
class WebhookQueries:
    """The organization's webhooks and their delivery log."""

    @strawberry.field(description="The organization's webhooks, oldest first.")
    async def webhooks(self, info: Info) -> list[WebhookType]:
        """Admins only: URLs can carry receivers' tokens."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            return [
                WebhookType.from_model(e) for e in await service.list_endpoints(session, principal)
            ]

    @strawberry.field(description="Deliveries, newest first; one webhook's and/or one status.")
    async def webhook_deliveries(
        self,
        info: Info,
        webhook_id: strawberry.ID | None = None,
        status: service.DeliveryStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        """Another organization's webhook id is NOT_FOUND, like one that never existed."""
        principal = info.context.require_principal()
        where = DeliveryFilter(
            endpoint_id=from_global_id(webhook_id, "Webhook") if webhook_id else None,
            statuses=(status.value,) if status else None,
        )
        database = info.context.state.database
        async with database.tenant_session(principal.organization_id) as session:
            page = await service.page_deliveries(
                session, principal, where, page_request(first, after, None, None)
            )

        async def count() -> int:
            async with database.tenant_session(principal.organization_id) as session:
                return await service.count_deliveries(session, where)

        return WebhookDeliveryConnection.from_page(page, WebhookDeliveryType.from_model, count)


@node_loader("Webhook")
async def load_webhook(info: Info, row_id: uuid.UUID) -> WebhookType | None:
    """node(id) for webhooks (admins)."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        try:
            return WebhookType.from_model(await service.get_endpoint(session, principal, row_id))
        except NotFound:
            return None


@node_loader("WebhookDelivery")
async def load_webhook_delivery(info: Info, row_id: uuid.UUID) -> WebhookDeliveryType | None:
    """node(id) for deliveries (admins)."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        try:
            delivery = await service.get_delivery(session, principal, row_id)
        except NotFound:
            return None
        return WebhookDeliveryType.from_model(delivery)
