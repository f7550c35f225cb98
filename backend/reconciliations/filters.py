"""What a list of reconciliations (and the review queue) can be filtered and sorted by."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class ReconciliationSort(StrEnum):
    """Orderings of the reconciliations list; the review queue ranks by score."""

    SCORE = "score"
    CREATED_AT = "created_at"
    DIFFERENCE = "difference"


@dataclass(frozen=True, slots=True)
class ReconciliationFilter:
    """Every field narrows the list; None means no condition."""

    statuses: tuple[str, ...] | None = None
    decided_by: tuple[str, ...] | None = None
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    company_id: uuid.UUID | None = None
    counterparty: str | None = None
    document_id: uuid.UUID | None = None
    transaction_id: uuid.UUID | None = None
