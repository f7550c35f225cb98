"""The append-only audit log (the application role may insert and read, never change)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, uuid_pk
from backend.db.enums import ActorType, check_in


class AuditLog(SQLModel, table=True):
    """Who did what to which entity, with the before/after state."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        CheckConstraint(check_in("actor_type", ActorType), name="actor_type"),
        Index(None, "organization_id", "entity_type", "entity_id"),
        Index(None, "organization_id", "created_at"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    actor_type: str
    actor_id: uuid.UUID | None = None
    action: str
    entity_type: str
    entity_id: uuid.UUID | None = None
    before: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    request_id: str | None = None
    created_at: datetime = created_at()
