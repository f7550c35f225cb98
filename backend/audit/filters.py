"""What the audit log can be filtered by (read by the repository)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Every field narrows the log; None means no condition."""

    entity_type: str | None = None
    entity_id: uuid.UUID | None = None
    actor_type: str | None = None
    actor_id: uuid.UUID | None = None
    action_prefix: str | None = None
    since: datetime | None = None
    until: datetime | None = None
