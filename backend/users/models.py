"""People who log in. A user is global (one person may serve several organizations);
what they may see is decided by their memberships."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Text
from sqlalchemy.dialects.postgresql import CITEXT
from sqlmodel import Field, SQLModel

from backend.db.base import TIMESTAMPTZ, created_at, org_fk, timestamp, updated_at, uuid_pk


class User(SQLModel, table=True):
    """A person with an e-mail and an argon2 password hash."""

    __tablename__ = "users"

    id: uuid.UUID = uuid_pk()
    email: str = Field(sa_type=CITEXT, unique=True)
    name: str
    password_hash: str = Field(sa_type=Text)
    is_active: bool = True
    # Platform support staff (outside any organization; see backend/support).
    is_platform_staff: bool = False
    # TOTP two-factor authentication: the secret (encrypted at rest), when it was
    # confirmed, and the last time step used (a code is never accepted twice).
    totp_secret: str | None = Field(default=None, sa_type=Text)
    totp_enabled_at: datetime | None = timestamp()
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)
    last_login_at: datetime | None = timestamp()
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class Invitation(SQLModel, table=True):
    """An invitation to join an organization; only the SHA-256 of its token is stored."""

    __tablename__ = "invitations"

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    role: str
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    accepted_at: datetime | None = timestamp()
    created_at: datetime = created_at()
