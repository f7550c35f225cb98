"""Webhook endpoints and the log of every delivery attempt."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, CheckConstraint, Index, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, timestamp, updated_at, uuid_pk


class WebhookEndpoint(SQLModel, table=True):
    """An HTTPS URL that receives the events it subscribed to, signed with its secret."""

    __tablename__ = "webhook_endpoints"

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    url: str = Field(sa_type=Text)
    # HMAC-SHA256 key (encrypted at rest); shown to the tenant once, on creation.
    secret: str = Field(sa_type=Text)
    events: list[str] = Field(default_factory=list, sa_type=ARRAY(Text))
    is_active: bool = True
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, with the outcome of its latest attempt."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="status"),
        Index(None, "organization_id", "endpoint_id", "created_at"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    endpoint_id: uuid.UUID = Field(foreign_key="webhook_endpoints.id", ondelete="CASCADE")
    event_id: uuid.UUID
    event_type: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    status: str = "pending"
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, sa_type=Text)
    delivered_at: datetime | None = timestamp()
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
