"""SQL for webhook endpoints and their deliveries (row-level security scopes every query)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.pagination import Page, PageRequest, count_rows, keyset_page
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint


@dataclass(frozen=True, slots=True)
class DeliveryFilter:
    """Narrows the delivery log; None means no condition."""

    endpoint_id: uuid.UUID | None = None
    statuses: tuple[str, ...] | None = None


async def add_endpoint(session: AsyncSession, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Insert an endpoint."""
    session.add(endpoint)
    await session.flush()
    return endpoint


async def get_endpoint(session: AsyncSession, endpoint_id: uuid.UUID) -> WebhookEndpoint | None:
    """The endpoint, if visible to the current tenant."""
    return await session.get(WebhookEndpoint, endpoint_id, populate_existing=True)


async def list_endpoints(session: AsyncSession) -> list[WebhookEndpoint]:
    """The tenant's endpoints, oldest first."""
    result = await session.execute(
        select(WebhookEndpoint).order_by(col(WebhookEndpoint.created_at), col(WebhookEndpoint.id))
    )
    return list(result.scalars())


async def delete_endpoint(session: AsyncSession, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint; its deliveries go with it (ON DELETE CASCADE)."""
    await session.delete(endpoint)
    await session.flush()


async def insert_deliveries(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    event_id: uuid.UUID,
    event_type: str,
    payload: dict[str, Any],
) -> None:
    """One pending delivery per active endpoint subscribed to ``event_type``.

    An endpoint that already has this event keeps its delivery: (endpoint_id, event_id)
    is unique, so enqueueing the same event twice (a retried activity) adds nothing.
    """
    # sqlalchemy's own select: sqlmodel's is typed for at most four columns. The id is
    # drawn per row: left out, SQLAlchemy would render the model's Python default once
    # for the whole statement and every endpoint would get the same delivery id.
    endpoints = core_select(
        func.gen_random_uuid(),
        col(WebhookEndpoint.organization_id),
        col(WebhookEndpoint.id),
        literal(event_id),
        literal(event_type),
        literal(payload, JSONB),
        literal("pending"),
        literal(0),
    ).where(
        col(WebhookEndpoint.organization_id) == organization_id,
        col(WebhookEndpoint.is_active),
        literal(event_type) == func.any(col(WebhookEndpoint.events)),
    )
    table = WebhookDelivery.__table__  # type: ignore[attr-defined]
    await session.execute(
        insert(table)
        .from_select(
            [
                "id",
                "organization_id",
                "endpoint_id",
                "event_id",
                "event_type",
                "payload",
                "status",
                "attempts",
            ],
            endpoints,
        )
        .on_conflict_do_nothing(index_elements=["endpoint_id", "event_id"])
    )


async def pending_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids of the event's deliveries that still have to be sent."""
    result = await session.execute(
        select(WebhookDelivery.id)
        .where(col(WebhookDelivery.event_id) == event_id, col(WebhookDelivery.status) == "pending")
        .order_by(col(WebhookDelivery.id))
    )
    return list(result.scalars())


async def get_delivery(session: AsyncSession, delivery_id: uuid.UUID) -> WebhookDelivery | None:
    """The delivery, if visible to the current tenant."""
    return await session.get(WebhookDelivery, delivery_id, populate_existing=True)


async def update_delivery(
    session: AsyncSession,
    delivery_id: uuid.UUID,
    *conditions: ColumnElement[bool],
    **values: Any,
) -> WebhookDelivery | None:
    """Set columns (only where ``conditions`` hold); the updated row, None if none matched."""
    result = await session.execute(
        update(WebhookDelivery)
        .where(col(WebhookDelivery.id) == delivery_id, *conditions)
        .values(**values)
        .returning(WebhookDelivery)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return result.scalar_one_or_none()


def _delivery_query(where: DeliveryFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.endpoint_id is not None:
        conditions.append(col(WebhookDelivery.endpoint_id) == where.endpoint_id)
    if where.statuses:
        conditions.append(col(WebhookDelivery.status).in_(where.statuses))
    return select(WebhookDelivery).where(*conditions)


async def page_deliveries(
    session: AsyncSession, where: DeliveryFilter, request: PageRequest
) -> Page:
    """One page of the delivery log, newest first."""
    sort_key = col(WebhookDelivery.created_at)
    return await keyset_page(
        session,
        _delivery_query(where),
        sort=sort_key,
        row_id=col(WebhookDelivery.id),
        descending=True,
        request=request,
    )


async def count_deliveries(session: AsyncSession, where: DeliveryFilter) -> int:
    """How many deliveries match ``where``."""
    return await count_rows(session, _delivery_query(where))
