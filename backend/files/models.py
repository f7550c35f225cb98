"""Uploaded files and the members unpacked from archives."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, timestamp, updated_at, uuid_pk
from backend.db.enums import FileStatus, check_in


class File(SQLModel, table=True):
    """Bytes a tenant sent, identified by their SHA-256.

    Archive members are rows of their own (``parent_id``) whose bytes stay inside the
    archive's object: ``storage_key`` is the archive's and ``archive_member`` the path.
    """

    __tablename__ = "files"
    __table_args__ = (
        UniqueConstraint("organization_id", "sha256"),
        CheckConstraint(check_in("status", FileStatus), name="status"),
        Index(None, "organization_id", "status", "created_at"),
        Index(None, "parent_id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="files.id", ondelete="CASCADE")
    sha256: str = Field(max_length=64)
    original_name: str
    content_type: str | None = None
    detected_kind: str | None = None
    size_bytes: int = Field(sa_type=BigInteger)
    storage_key: str
    # For an archive member: its path inside the archive stored at ``storage_key``.
    archive_member: str | None = None
    status: str = FileStatus.UPLOADED.value
    error_code: str | None = None
    error_message: str | None = None
    error_location: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    # Problems that did not stop the file: ``{"code", "message", ...}`` like documents'.
    warnings: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_type=JSONB,
        sa_column_kwargs={"server_default": text("'[]'::jsonb")},
    )
    members_count: int = 0
    documents_count: int = 0
    transactions_count: int = 0
    errors_count: int = 0
    uploaded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    processed_at: datetime | None = timestamp()
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
