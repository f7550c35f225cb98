"""Inputs and outputs of the export workflow: ids and counts, never rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class ExportInput(BaseModel):
    """Which export of which tenant, and who asked for it."""

    organization_id: uuid.UUID
    export_id: uuid.UUID
    requested_by: uuid.UUID | None = None


class ExportFailure(BaseModel):
    """An export that gave up, and the message people will read."""

    organization_id: uuid.UUID
    export_id: uuid.UUID
    message: str


class ExportResult(BaseModel):
    """How the export ended."""

    status: str
    row_count: int | None = None
    size_bytes: int | None = None
    error: str | None = None
    expires_at: datetime | None = None


class ExpiryInput(BaseModel):
    """The export whose file must be deleted once ``expires_at`` has passed."""

    organization_id: uuid.UUID
    export_id: uuid.UUID
    expires_at: datetime


class ExpiryResult(BaseModel):
    """Whether the file was deleted, or the (possibly moved) time to look again."""

    deleted: bool
    expires_at: datetime | None = None
