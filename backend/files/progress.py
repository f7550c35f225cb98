"""Live file progress: the notices the file service sends, for the caller's organization."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from backend.db.notifications import listen
from backend.files.repository import PROGRESS_CHANNEL


def listen_progress(dsn: str, organization_id: uuid.UUID) -> AsyncIterator[dict[str, Any]]:
    """Yield progress events of ``organization_id`` until the consumer stops iterating."""
    return listen(dsn, PROGRESS_CHANNEL, organization_id)
