"""Support access grants, and the platform audit log of what staff do outside any tenant."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, Text
from sqlalchemy.dialects.postgresql import CITEXT, JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import TIMESTAMPTZ, created_at, org_fk, timestamp, uuid_pk
from backend.db.enums import ActorType, Role, check_in

# Roles a grant may carry: never admin, whose users, API clients and webhooks would
# outlive the grant (backend/auth/rbac.py SUPPORT_EXCLUDED enforces the same).
GRANTABLE_ROLES: tuple[Role, ...] = (Role.MANAGER, Role.OPERATOR, Role.AUDITOR)


class SupportGrant(SQLModel, table=True):
    """Time-limited access of one platform staff member to one organization."""

    __tablename__ = "support_grants"
    __table_args__ = (
        Index(None, "organization_id", "staff_user_id"),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r.value}'" for r in GRANTABLE_ROLES) + ")", name="role"
        ),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    staff_user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    # Who it was given to, as the granting admin saw it: staff are no member of the
    # organization, so their users row is not visible under its row-level security.
    staff_email: str = Field(sa_type=CITEXT)
    staff_name: str
    role: str = Field(
        default=Role.AUDITOR.value, sa_column_kwargs={"server_default": Role.AUDITOR.value}
    )
    reason: str = Field(sa_type=Text)
    granted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    revoked_at: datetime | None = timestamp()
    created_at: datetime = created_at()


class PlatformAuditLog(SQLModel, table=True):
    """What staff did outside any organization (login, tenant directory reads).

    Not a tenant table: the application role may only INSERT (no SELECT, UPDATE or
    DELETE), so no request can read or change it; operators read it as the owner.
    """

    __tablename__ = "platform_audit_logs"
    __table_args__ = (
        CheckConstraint(check_in("actor_type", ActorType), name="actor_type"),
        Index(None, "actor_id", "created_at"),
        Index(None, "created_at"),
    )

    id: uuid.UUID = uuid_pk()
    actor_type: str
    # No foreign key: the entry outlives the user row.
    actor_id: uuid.UUID | None = None
    action: str
    entity_type: str
    entity_id: uuid.UUID | None = None
    details: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    request_id: str | None = None
    created_at: datetime = created_at()
