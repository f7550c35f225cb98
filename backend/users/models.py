"""People who log in. A user is global (one person may serve several organizations);
what they may see is decided by their memberships."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, Text
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
    """An invitation to join an organization, addressed to an e-mail.

    It names no user until it is accepted: inviting never reads or changes the global
    user row, so another organization's view of a person is never touched, and the
    answer is the same whether the address has an account or not. Only the SHA-256 of
    the token (sent to the address, never to the inviter) is stored.
    """

    __tablename__ = "invitations"
    __table_args__ = (Index(None, "organization_id", "email"),)

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    email: str = Field(sa_type=CITEXT)
    # The name the inviter typed: shown to the organization while pending, offered to a
    # new account as its default, never written over an existing account's name.
    name: str
    role: str
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    # Who accepted (set with accepted_at).
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="CASCADE")
    accepted_at: datetime | None = timestamp()
    revoked_at: datetime | None = timestamp()
    created_at: datetime = created_at()
