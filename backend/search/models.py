"""The PostgreSQL search table: one row per indexed document or transaction.

``search_vector`` is computed by PostgreSQL (a BEFORE trigger, see migration
0002) from the text columns with the ``conciliacontag_pt`` configuration
(Portuguese stemming behind ``unaccent``); the application never writes it.
``match_text`` is the folded, compacted haystack that the trigram index serves
for partial identifiers and prefixes (filled by the repository from
``backend.search.text``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, money, org_fk, updated_at, uuid_pk
from backend.db.enums import check_in
from backend.search.types import EntityType

TS_CONFIG = "conciliacontag_pt"


class SearchEntryRow(SQLModel, table=True):
    """A tenant's searchable entry, unique by (organization, entity type, entity id)."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("organization_id", "entity_type", "entity_id"),
        CheckConstraint(check_in("entity_type", EntityType), name="entity_type"),
        Index(None, "organization_id", "occurred_on"),
        Index("ix_search_entries_search_vector", "search_vector", postgresql_using="gin"),
        Index(
            "ix_search_entries_match_text_trgm",
            "match_text",
            postgresql_using="gin",
            postgresql_ops={"match_text": "gin_trgm_ops"},
        ),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    entity_type: str
    entity_id: uuid.UUID
    title: str
    content: str = Field(default="", sa_type=Text)
    keywords: str = Field(default="", sa_type=Text)
    counterparty: str | None = None
    amount: Decimal | None = money(nullable=True)
    occurred_on: date | None = None
    status: str | None = None
    kind: str | None = None
    match_text: str = Field(default="", sa_type=Text)
    search_vector: str | None = Field(default=None, sa_type=TSVECTOR)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
