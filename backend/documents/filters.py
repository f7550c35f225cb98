"""What a list of documents can be filtered and sorted by (read by the repository)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class DocumentSort(StrEnum):
    """Orderings of the documents list."""

    ISSUED_AT = "issued_at"
    TOTAL = "total"
    NUMBER = "number"
    CREATED_AT = "created_at"


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Every field narrows the list; None means no condition."""

    ids: tuple[uuid.UUID, ...] | None = None
    statuses: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    directions: tuple[str, ...] | None = None
    company_id: uuid.UUID | None = None
    counterparty: str | None = None
    issued_from: datetime | None = None
    issued_to: datetime | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    text: str | None = None
    # Documents with at least one installment in one of these states.
    open_statuses: tuple[str, ...] | None = None
