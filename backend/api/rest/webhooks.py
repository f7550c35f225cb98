"""Admin webhooks: endpoints, their signing secrets, the delivery log and redelivery.

Each route calls ``backend.webhooks.service`` as GraphQL's ``webhooks``,
``registerWebhook``, ``updateWebhook``, ``deleteWebhook``, ``rotateWebhookSecret``,
``webhookDeliveries`` and ``redeliverWebhook`` do. A signing secret is in the answer of
the registration or rotation that made it and nowhere else; that is why registration
does not honour Idempotency-Key (its stored answer would keep the secret for a day).
"""

from __future__ import annotations

from pydantic import Field
from starlette.responses import Response

from backend.api.graphql.relay import from_global_id
from backend.api.graphql.webhooks.types import WebhookDeliveryType, WebhookType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, JsonObject, Links, Output, PageInfo
from backend.api.rest.paging import links, page_info
from backend.auth.rbac import Permission
from backend.db.pagination import DEFAULT_PAGE, MAX_PAGE, PageRequest
from backend.webhooks import service
from backend.webhooks.models import WebhookEndpoint
from backend.webhooks.repository import DeliveryFilter
from backend.webhooks.service import DeliveryStatus, WebhookEvent
from workflows.client import start_deliveries

resource = Resource("webhooks")

NOT_FOUND = "webhook not found"
DELIVERY_NOT_FOUND = "webhook delivery not found"


class WebhookOut(Output):
    """An endpoint receiving signed events (GraphQL ``Webhook``; never its secret)."""

    id: GlobalId
    url: str
    events: list[WebhookEvent]
    is_active: bool
    created_at: DateTime
    updated_at: DateTime


def _webhook(endpoint: WebhookEndpoint) -> WebhookOut:
    return WebhookOut.model_validate(WebhookType.from_model(endpoint))


class WebhookList(Output):
    """The organization's webhooks, oldest first (not paged, as GraphQL's list)."""

    data: list[WebhookOut]


class WebhookSecretAnswer(Output):
    """The webhook and its signing secret, shown this once: store it now."""

    webhook: WebhookOut
    secret: str = Field(description="Signs every delivery (docs/webhooks.md); not shown again.")


class WebhookAnswer(Output):
    """The webhook as it is now."""

    webhook: WebhookOut


class WebhookIn(Input):
    """Where to send events, and which ones (GraphQL ``RegisterWebhookInput``)."""

    url: str = Field(description="https:// (http only to localhost in development).")
    events: list[WebhookEvent]


class WebhookPatch(Input):
    """What to change; fields left out keep their value (``UpdateWebhookInput``)."""

    url: str | None = None
    events: list[WebhookEvent] | None = None
    is_active: bool | None = None


class DeliveryOut(Output):
    """One event sent (or being sent) to one webhook (GraphQL ``WebhookDelivery``)."""

    id: GlobalId
    webhook_id: GlobalId
    event_id: str = Field(description="The event's id, the same for every webhook it went to.")
    event_type: WebhookEvent
    payload: JsonObject = Field(description="The JSON body the webhook receives.")
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None = Field(description="The receiver's HTTP status, if any.")
    last_error: str | None
    delivered_at: DateTime | None
    created_at: DateTime
    updated_at: DateTime


class DeliveryList(Output):
    """A page of the delivery log, newest first."""

    data: list[DeliveryOut]
    page_info: PageInfo
    links: Links


class DeliveriesQuery(Input):
    """One webhook's deliveries and/or one status, paged forwards (``webhookDeliveries``)."""

    webhook_id: GlobalId | None = Field(
        None, description="Another organization's webhook id is 404, like a made-up one."
    )
    status: DeliveryStatus | None = None
    limit: int = Field(DEFAULT_PAGE, ge=0, le=MAX_PAGE, description="Rows per page.")
    after: str | None = Field(None, description="links.next's cursor: the page after it.")


class DeliveryAnswer(Output):
    """The delivery, pending again and being sent."""

    delivery: DeliveryOut


@resource.route(
    "GET", "/v1/admin/webhooks", requires=Permission.MANAGE_WEBHOOKS, response=WebhookList
)
async def list_webhooks(call: Call) -> WebhookList:
    """The organization's webhooks (admins: URLs can carry receivers' tokens)."""
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await service.list_endpoints(session, principal)
    return WebhookList(data=[_webhook(row) for row in rows])


@resource.route(
    "POST",
    "/v1/admin/webhooks",
    requires=Permission.MANAGE_WEBHOOKS,
    body=WebhookIn,
    response=WebhookSecretAnswer,
    status=201,
    errors=(400, 409),
)
async def register_webhook(call: Call) -> WebhookSecretAnswer:
    """Register a webhook; its signing secret is in this answer only (``registerWebhook``).

    https only (http to localhost in development); private addresses are refused (422).
    """
    body = call.payload(WebhookIn)
    principal = call.principal
    state = call.state
    async with state.database.tenant_session(principal.organization_id) as session:
        created = await service.register_endpoint(
            session, principal, state.settings, url=body.url, events=[e.value for e in body.events]
        )
        return WebhookSecretAnswer(webhook=_webhook(created.endpoint), secret=created.secret)


@resource.route(
    "GET",
    "/v1/admin/webhooks/{id}",
    requires=Permission.MANAGE_WEBHOOKS,
    response=WebhookOut,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def get_webhook(call: Call) -> WebhookOut:
    """One webhook."""
    endpoint_id = call.global_id("Webhook")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        return _webhook(await service.get_endpoint(session, principal, endpoint_id))


@resource.route(
    "PATCH",
    "/v1/admin/webhooks/{id}",
    requires=Permission.MANAGE_WEBHOOKS,
    body=WebhookPatch,
    response=WebhookAnswer,
    errors=(400, 404),
    not_found=NOT_FOUND,
)
async def update_webhook(call: Call) -> WebhookAnswer:
    """Change a webhook's URL, events or whether it is active (``updateWebhook``).

    Deliveries of a deactivated webhook fail at their next attempt.
    """
    endpoint_id = call.global_id("Webhook")
    body = call.payload(WebhookPatch)
    principal = call.principal
    state = call.state
    async with state.database.tenant_session(principal.organization_id) as session:
        endpoint = await service.update_endpoint(
            session,
            principal,
            state.settings,
            endpoint_id,
            url=body.url,
            events=[e.value for e in body.events] if body.events is not None else None,
            is_active=body.is_active,
        )
        return WebhookAnswer(webhook=_webhook(endpoint))


@resource.route(
    "DELETE",
    "/v1/admin/webhooks/{id}",
    requires=Permission.MANAGE_WEBHOOKS,
    status=204,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def delete_webhook(call: Call) -> Response:
    """Remove a webhook and its delivery log (``deleteWebhook``); retries stop."""
    endpoint_id = call.global_id("Webhook")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        await service.delete_endpoint(session, principal, endpoint_id)
    return Response(status_code=204)


@resource.route(
    "POST",
    "/v1/admin/webhooks/{id}/rotate-secret",
    requires=Permission.MANAGE_WEBHOOKS,
    response=WebhookSecretAnswer,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def rotate_webhook_secret(call: Call) -> WebhookSecretAnswer:
    """Replace a webhook's signing secret; the new one is in this answer only.

    The old secret stops signing at once, retries of earlier events included.
    """
    endpoint_id = call.global_id("Webhook")
    principal = call.principal
    state = call.state
    async with state.database.tenant_session(principal.organization_id) as session:
        rotated = await service.rotate_secret(session, principal, state.settings, endpoint_id)
        return WebhookSecretAnswer(webhook=_webhook(rotated.endpoint), secret=rotated.secret)


@resource.route(
    "GET",
    "/v1/admin/webhook-deliveries",
    requires=Permission.MANAGE_WEBHOOKS,
    query=DeliveriesQuery,
    response=DeliveryList,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def list_webhook_deliveries(call: Call) -> DeliveryList:
    """The delivery log, newest first: one webhook's and/or one status."""
    query = call.params(DeliveriesQuery)
    where = DeliveryFilter(
        endpoint_id=from_global_id(query.webhook_id, "Webhook") if query.webhook_id else None,
        statuses=(query.status.value,) if query.status else None,
    )
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        page = await service.page_deliveries(
            session, principal, where, PageRequest(first=query.limit, after=query.after)
        )
    return DeliveryList(
        data=[DeliveryOut.model_validate(WebhookDeliveryType.from_model(d)) for d in page.rows],
        page_info=page_info(page),
        links=links(call, page),
    )


@resource.route(
    "POST",
    "/v1/admin/webhook-deliveries/{id}/redeliver",
    requires=Permission.MANAGE_WEBHOOKS,
    response=DeliveryAnswer,
    errors=(404, 409),
    not_found=DELIVERY_NOT_FOUND,
)
async def redeliver_webhook(call: Call) -> DeliveryAnswer:
    """Send a delivery again, whatever its status; it restarts its retries.

    A delivery still being retried is not sent twice: its running retries continue.
    """
    delivery_id = call.global_id("WebhookDelivery")
    principal = call.principal
    state = call.state
    async with state.database.tenant_session(principal.organization_id) as session:
        delivery = await service.redeliver(session, principal, delivery_id)
        answer = DeliveryOut.model_validate(WebhookDeliveryType.from_model(delivery))
    client = await state.temporal.get()
    await start_deliveries(client, state.settings, principal.organization_id, [delivery.id])
    return DeliveryAnswer(delivery=answer)
