"""Inputs and outputs of the maintenance workflows (ids only, never payloads)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel


class PurgeExpiredTokensInput(BaseModel):
    """Which tenant to clean, and who asked (None: the scheduler)."""

    organization_id: uuid.UUID
    requested_by: uuid.UUID | None = None


class PurgeExpiredTokensResult(BaseModel):
    """How many expired refresh tokens were deleted."""

    removed: int
