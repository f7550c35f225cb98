"""Inputs and outputs of the ingestion workflow: ids and counts, never file contents."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

# Units (archive members) per database transaction and heartbeat: large enough for
# bulk inserts to pay off, small enough that a crash redoes little.
CHUNK_SIZE = 100


class IngestFileInput(BaseModel):
    """Which file of which tenant, and who asked (None: the system)."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    requested_by: uuid.UUID | None = None


class FinishInput(BaseModel):
    """The file to close, and when its workflow started (for the duration metric)."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    started_at: datetime


class ProcessResult(BaseModel):
    """What one processing attempt stored (a resumed attempt counts from its checkpoint)."""

    units: int = 0
    resumed_after: int = 0
    documents: int = 0
    transactions: int = 0
    errors: int = 0
    duplicates: int = 0


class IngestFileResult(BaseModel):
    """The file's final status and counters."""

    status: str
    members: int
    documents: int
    transactions: int
    errors: int


class AbortInput(BaseModel):
    """A file to mark failed, and why (the classified failure of the step that gave up)."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class SideEffectFailure(BaseModel):
    """A step after storage that gave up; kept as a warning on the file it was for."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    step: str
    code: str
    message: str
