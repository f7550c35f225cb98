"""Support access grants: a staff member may act inside one organization until they expire."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from backend.db.base import TIMESTAMPTZ, created_at, org_fk, timestamp, uuid_pk


class SupportGrant(SQLModel, table=True):
    """Time-limited access of one platform staff member to one organization."""

    __tablename__ = "support_grants"
    __table_args__ = (Index(None, "organization_id", "staff_user_id"),)

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    staff_user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    reason: str = Field(sa_type=Text)
    granted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    revoked_at: datetime | None = timestamp()
    created_at: datetime = created_at()
