"""Inputs and outputs of the ingestion workflow: ids and counts, never file contents."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

# Members processed per activity: large enough to amortise a task round trip, small
# enough that a retry redoes little and heartbeats stay frequent.
BATCH_SIZE = 100


class IngestFileInput(BaseModel):
    """Which file of which tenant, and who asked (None: the system)."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    requested_by: uuid.UUID | None = None


class PreparedFile(BaseModel):
    """How many units (archive members, or the file itself) there are to process."""

    units: int
    archive: bool


class ParseBatchInput(BaseModel):
    """One slice of the units."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    offset: int
    limit: int


class FinishInput(BaseModel):
    """The file to close, and when its workflow started (for the duration metric)."""

    organization_id: uuid.UUID
    file_id: uuid.UUID
    started_at: datetime


class BatchResult(BaseModel):
    """Totals of one slice."""

    documents: int = 0
    transactions: int = 0
    errors: int = 0


class IngestFileResult(BaseModel):
    """The file's final status and counters."""

    status: str
    members: int
    documents: int
    transactions: int
    errors: int
