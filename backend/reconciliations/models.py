"""Reconciliations: one or more document sides joined with one or more transactions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Index, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, money, org_fk, timestamp, updated_at, uuid_pk
from backend.db.enums import DecidedBy, ReconciliationStatus, check_in


class Reconciliation(SQLModel, table=True):
    """A decision (matched, suggested or rejected) with its score and reasons."""

    __tablename__ = "reconciliations"
    __table_args__ = (
        CheckConstraint(check_in("status", ReconciliationStatus), name="status"),
        CheckConstraint(check_in("decided_by", DecidedBy), name="decided_by"),
        Index(None, "organization_id", "status", "created_at"),
        Index(None, "organization_id", "status", "score", "id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    status: str
    score: Decimal = Field(sa_type=Numeric(6, 4))
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONB)
    difference_amount: Decimal = money()
    decided_by: str = DecidedBy.SYSTEM.value
    decided_by_user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    rule_id: uuid.UUID | None = Field(default=None, foreign_key="rules.id", ondelete="SET NULL")
    decided_at: datetime | None = timestamp()
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class ReconciliationItem(SQLModel, table=True):
    """One side of a reconciliation: a document, an installment or a transaction, with the
    amount of it this reconciliation allocates."""

    __tablename__ = "reconciliation_items"
    __table_args__ = (
        CheckConstraint(
            "(side = 'document' AND transaction_id IS NULL"
            " AND (document_id IS NOT NULL OR installment_id IS NOT NULL))"
            " OR (side = 'transaction' AND transaction_id IS NOT NULL"
            " AND document_id IS NULL AND installment_id IS NULL)",
            name="side_target",
        ),
        Index(None, "reconciliation_id"),
        Index(None, "organization_id", "transaction_id"),
        Index(None, "organization_id", "installment_id"),
        Index(None, "organization_id", "document_id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    reconciliation_id: uuid.UUID = Field(foreign_key="reconciliations.id", ondelete="CASCADE")
    side: str
    document_id: uuid.UUID | None = Field(
        default=None, foreign_key="documents.id", ondelete="CASCADE"
    )
    installment_id: uuid.UUID | None = Field(
        default=None, foreign_key="document_installments.id", ondelete="CASCADE"
    )
    transaction_id: uuid.UUID | None = Field(
        default=None, foreign_key="transactions.id", ondelete="CASCADE"
    )
    amount: Decimal = money()
    created_at: datetime = created_at()
