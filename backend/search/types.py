"""What gets indexed, how it is queried and what a search returns.

These values are shared by every ``SearchIndex`` implementation, so the
pipeline builds ``SearchEntry`` objects once and the API turns its arguments
into one ``SearchQuery`` whatever engine is configured. See docs/search.md for
the fields a builder is expected to fill for documents and transactions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from backend.core.errors import Invalid

# Meilisearch stops returning hits past ``maxTotalHits`` (1,000 by default);
# the same ceiling applies to PostgreSQL so both engines page identically.
MAX_WINDOW = 1000
MAX_LIMIT = 100
MAX_TEXT_LENGTH = 500


class EntityType(StrEnum):
    """The kinds of rows the index holds."""

    DOCUMENT = "document"
    TRANSACTION = "transaction"


class SearchSort(StrEnum):
    """Result order. ``RELEVANCE`` without text falls back to the newest first."""

    RELEVANCE = "relevance"
    DATE_DESC = "date_desc"
    DATE_ASC = "date_asc"
    AMOUNT_DESC = "amount_desc"
    AMOUNT_ASC = "amount_asc"


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchEntry:
    """One searchable row: a fiscal document or a bank/ledger transaction.

    ``keywords`` holds identifiers people type or paste (CNPJ/CPF, access key,
    document number, series, nosso número, FITID...); the index strips ``.``,
    ``-`` and ``/`` from those containing digits, so formatted and bare forms
    match alike. ``occurred_on`` is the business date (issue date of a document,
    posting date of a transaction); ``amount`` is signed like the source row.
    """

    organization_id: uuid.UUID
    entity_type: EntityType
    entity_id: uuid.UUID
    title: str
    content: str = ""
    keywords: tuple[str, ...] = ()
    amount: Decimal | None = None
    occurred_on: date | None = None
    status: str | None = None
    kind: str | None = None
    counterparty: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchQuery:
    """A search inside one tenant. Every filter is optional; ranges are inclusive.

    ``text`` follows web-search syntax on PostgreSQL (``"exact phrase"``,
    ``-excluded``, ``or``); every term must match. Invalid values raise
    :class:`~backend.core.errors.Invalid` at construction.
    """

    text: str = ""
    entity_types: tuple[EntityType, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    limit: int = 20
    offset: int = 0
    sort: SearchSort = SearchSort.RELEVANCE

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        if len(self.text) > MAX_TEXT_LENGTH:
            errors["text"] = [f"at most {MAX_TEXT_LENGTH} characters"]
        if not 1 <= self.limit <= MAX_LIMIT:
            errors["limit"] = [f"between 1 and {MAX_LIMIT}"]
        if self.offset < 0:
            errors["offset"] = ["must not be negative"]
        elif self.offset + self.limit > MAX_WINDOW:
            errors["offset"] = [f"offset + limit must not exceed {MAX_WINDOW}"]
        if self.date_from and self.date_to and self.date_from > self.date_to:
            errors["date_to"] = ["must not be before date_from"]
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            errors["amount_max"] = ["must not be below amount_min"]
        if errors:
            raise Invalid("invalid search query", field_errors=errors)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One result: what it is, how well it matched, and enough to render a row.

    ``score`` is engine-specific (higher is better) and only orders hits of one
    response; it is not comparable across engines or queries.
    """

    entity_type: EntityType
    entity_id: uuid.UUID
    score: float
    title: str
    amount: Decimal | None = None
    occurred_on: date | None = None
    status: str | None = None
    kind: str | None = None
    counterparty: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResults:
    """A page of hits and how many entries match in total (an estimate on Meilisearch)."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0


def check_tenant(organization_id: uuid.UUID, entries: list[SearchEntry]) -> None:
    """Refuse a batch that holds another tenant's entry (a pipeline bug, never user input)."""
    foreign = [e.entity_id for e in entries if e.organization_id != organization_id]
    if foreign:
        raise ValueError(f"{len(foreign)} search entries belong to another organization")
