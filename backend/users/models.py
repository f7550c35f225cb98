"""People who log in. A user is global (one person may serve several organizations);
what they may see is decided by their memberships."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import CITEXT
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, timestamp, updated_at, uuid_pk


class User(SQLModel, table=True):
    """A person with an e-mail and an argon2 password hash."""

    __tablename__ = "users"

    id: uuid.UUID = uuid_pk()
    email: str = Field(sa_type=CITEXT, unique=True)
    name: str
    password_hash: str = Field(sa_type=Text)
    is_active: bool = True
    last_login_at: datetime | None = timestamp()
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
