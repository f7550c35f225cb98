"""Fiscal documents (NF-e, NFC-e, NFS-e, CT-e) in canonical form, and their installments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import TIMESTAMPTZ, created_at, money, org_fk, updated_at, uuid_pk
from backend.db.enums import Direction, DocumentStatus, OpenItemStatus, check_in

_SORT_ISSUED = text("coalesce(issued_at, created_at)")
_SORT_NUMBER = text("coalesce(number, '')")


class Document(SQLModel, table=True):
    """One fiscal document; ``payload`` holds the full canonical model as JSON.

    Identity: the access key when the layout has one (44 digits; 50 for NFS-e nacional),
    otherwise a layout-specific ``natural_key`` (e.g. NFS-e provider + number).
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("organization_id", "access_key"),
        UniqueConstraint("organization_id", "natural_key"),
        CheckConstraint(check_in("status", DocumentStatus), name="status"),
        CheckConstraint(check_in("direction", Direction), name="direction"),
        Index(None, "organization_id", "status", "issued_at"),
        Index(None, "organization_id", "counterparty_tax_id"),
        # Keyset sorts (migration 0006): (tenant, the sort's value, id).
        Index(None, "organization_id", "total_amount", "id"),
        Index(None, "organization_id", "created_at", "id"),
        Index("ix_documents_sort_issued", "organization_id", _SORT_ISSUED, "id"),
        Index("ix_documents_sort_number", "organization_id", _SORT_NUMBER, "id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    company_id: uuid.UUID | None = Field(
        default=None, foreign_key="companies.id", ondelete="SET NULL"
    )
    file_id: uuid.UUID | None = Field(default=None, foreign_key="files.id", ondelete="SET NULL")
    danfe_file_id: uuid.UUID | None = Field(
        default=None, foreign_key="files.id", ondelete="SET NULL"
    )
    kind: str
    access_key: str | None = Field(default=None, max_length=50)
    natural_key: str
    number: str | None = None
    series: str | None = None
    issued_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)
    status: str = DocumentStatus.AUTHORIZED.value
    direction: str = Direction.UNKNOWN.value
    issuer_tax_id: str | None = None
    issuer_name: str | None = None
    recipient_tax_id: str | None = None
    recipient_name: str | None = None
    counterparty_tax_id: str | None = None
    total_amount: Decimal = money()
    confidence: Decimal = Field(default=Decimal("1"), sa_type=Numeric(4, 3))
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    warnings: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONB)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class DocumentInstallment(SQLModel, table=True):
    """A due amount of a document: an NF-e ``dup``, or (``number`` NULL) the whole document
    when it has none."""

    __tablename__ = "document_installments"
    __table_args__ = (
        UniqueConstraint("document_id", "number", postgresql_nulls_not_distinct=True),
        CheckConstraint(check_in("status", OpenItemStatus), name="status"),
        Index(None, "organization_id", "status", "due_date"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    document_id: uuid.UUID = Field(foreign_key="documents.id", ondelete="CASCADE")
    number: str | None = None
    due_date: date | None = None
    amount: Decimal = money()
    open_amount: Decimal = money()
    status: str = OpenItemStatus.OPEN.value
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class DocumentEvent(SQLModel, table=True):
    """An event on a document (cancellation, correction letter, manifestation).

    Kept on its own because it may arrive before or after the document it names;
    applying it (a cancellation changes the document's status) is idempotent.
    """

    __tablename__ = "document_events"
    __table_args__ = (
        UniqueConstraint("organization_id", "access_key", "event_type", "sequence"),
        Index(None, "organization_id", "access_key"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    file_id: uuid.UUID | None = Field(default=None, foreign_key="files.id", ondelete="SET NULL")
    kind: str
    access_key: str = Field(max_length=50)
    event_type: str
    # Decided by the fiscal library (a registered cancellation), so SQL need not know codes.
    cancels: bool = False
    sequence: int = 1
    occurred_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    applied_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)
    created_at: datetime = created_at()
