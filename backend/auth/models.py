"""Credentials that are not passwords: refresh tokens and integrator API clients."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, Index, Text
from sqlmodel import Field, SQLModel

from backend.db.base import TIMESTAMPTZ, created_at, org_fk, timestamp, uuid_pk


class RefreshToken(SQLModel, table=True):
    """One link of a rotating refresh-token family; only the SHA-256 of the secret is stored."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index(None, "organization_id", "family_id"),)

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    family_id: uuid.UUID
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    rotated_at: datetime | None = timestamp()
    revoked_at: datetime | None = timestamp()
    created_at: datetime = created_at()


class ApiClient(SQLModel, table=True):
    """An integrator's OAuth2 client-credentials identity."""

    __tablename__ = "api_clients"

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    name: str
    client_id: str = Field(unique=True)
    secret_hash: str = Field(sa_type=Text)
    scopes: list[str] = Field(default_factory=list, sa_type=ARRAY(Text))
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    last_used_at: datetime | None = timestamp()
    revoked_at: datetime | None = timestamp()
    created_at: datetime = created_at()
