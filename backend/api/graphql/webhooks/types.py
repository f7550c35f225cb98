"""GraphQL types of webhooks and their deliveries (never a secret, except once)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import Connection, Node, to_global_id
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint
from backend.webhooks.service import DeliveryStatus, WebhookEvent

# Registered under their GraphQL names; the classes themselves are the annotations.
strawberry.enum(
    WebhookEvent,
    name="WebhookEvent",
    description="FILE_PROCESSED is file.processed, RECONCILIATION_CHANGED reconciliation.changed.",
)
strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")


@strawberry.type(name="Webhook")
class WebhookType(Node):
    """An HTTPS endpoint that receives signed events (its secret is never shown again)."""

    url: str
    events: list[WebhookEvent]
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, endpoint: WebhookEndpoint) -> WebhookType:
        """Build from the table model."""
        return cls(
            id=to_global_id("Webhook", endpoint.id),
            url=endpoint.url,
            events=[WebhookEvent(e) for e in endpoint.events],
            is_active=endpoint.is_active,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )


@strawberry.type(name="WebhookDelivery")
class WebhookDeliveryType(Node):
    """One event sent (or being sent) to one webhook, with the outcome of its last attempt."""

    webhook_id: strawberry.ID
    event_id: str = strawberry.field(
        description="The event's id, the same for every webhook it went to (the body's id)."
    )
    event_type: WebhookEvent
    payload: JSON = strawberry.field(description="The JSON body the webhook receives.")
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None = strawberry.field(
        description="The receiver's HTTP status at the last attempt (null: no answer)."
    )
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, delivery: WebhookDelivery) -> WebhookDeliveryType:
        """Build from the table model."""
        return cls(
            id=to_global_id("WebhookDelivery", delivery.id),
            webhook_id=to_global_id("Webhook", delivery.endpoint_id),
            event_id=str(delivery.event_id),
            event_type=WebhookEvent(delivery.event_type),
            payload=cast(JSON, delivery.payload),
            status=DeliveryStatus(delivery.status),
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            delivered_at=delivery.delivered_at,
            created_at=delivery.created_at,
            updated_at=delivery.updated_at,
        )


WebhookDeliveryConnection = Connection[WebhookDeliveryType]


@strawberry.input
class RegisterWebhookInput:
    """Where to send events, and which ones."""

    url: str = strawberry.field(description="https:// (http only to localhost in development).")
    events: list[WebhookEvent]


@strawberry.input
class UpdateWebhookInput:
    """What to change; fields left out keep their value."""

    url: str | None = None
    events: list[WebhookEvent] | None = None
    is_active: bool | None = None


@strawberry.type
class WebhookSecretSuccess:
    """The webhook and its signing secret, shown this once: store it now."""

    webhook: WebhookType
    secret: str


@strawberry.type
class WebhookSuccess:
    """The changed webhook."""

    webhook: WebhookType


@strawberry.type
class DeleteWebhookSuccess:
    """The webhook and its delivery log were removed."""

    id: strawberry.ID


@strawberry.type
class RedeliverWebhookSuccess:
    """The delivery is pending again and is being sent."""

    delivery: WebhookDeliveryType


RegisterWebhookResult = Annotated[
    WebhookSecretSuccess | ValidationError | ConflictError | PermissionDeniedError,
    strawberry.union("RegisterWebhookResult"),
]
UpdateWebhookResult = Annotated[
    WebhookSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("UpdateWebhookResult"),
]
DeleteWebhookResult = Annotated[
    DeleteWebhookSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("DeleteWebhookResult"),
]
RotateWebhookSecretResult = Annotated[
    WebhookSecretSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("RotateWebhookSecretResult"),
]
RedeliverWebhookResult = Annotated[
    RedeliverWebhookSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("RedeliverWebhookResult"),
]
