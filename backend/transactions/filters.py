"""What a list of transactions can be filtered and sorted by (read by the repository)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class TransactionSort(StrEnum):
    """Orderings of the transactions list."""

    POSTED_ON = "posted_on"
    AMOUNT = "amount"
    CREATED_AT = "created_at"


@dataclass(frozen=True, slots=True)
class TransactionFilter:
    """Every field narrows the list; None means no condition."""

    statuses: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    entry_kinds: tuple[str, ...] | None = None
    bank_account_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    counterparty: str | None = None
    posted_from: date | None = None
    posted_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    text: str | None = None
