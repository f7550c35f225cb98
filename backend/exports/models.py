"""Export jobs: what was asked, where the file is, when it expires."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, timestamp, uuid_pk


class Export(SQLModel, table=True):
    """A CSV or XLSX export of documents or reconciliations."""

    __tablename__ = "exports"
    __table_args__ = (
        CheckConstraint("kind IN ('documents', 'reconciliations')", name="kind"),
        CheckConstraint("format IN ('csv', 'xlsx')", name="format"),
        CheckConstraint("status IN ('pending', 'running', 'ready', 'failed')", name="status"),
        Index(None, "organization_id", "created_at"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    kind: str
    format: str
    filters: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    status: str = "pending"
    row_count: int | None = None
    size_bytes: int | None = Field(default=None, sa_type=BigInteger)
    storage_key: str | None = Field(default=None, sa_type=Text)
    error: str | None = Field(default=None, sa_type=Text)
    requested_by: uuid.UUID | None = None
    created_at: datetime = created_at()
    finished_at: datetime | None = timestamp()
    expires_at: datetime | None = timestamp()
