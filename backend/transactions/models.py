"""Bank and ledger entries in canonical form."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, money, org_fk, updated_at, uuid_pk
from backend.db.enums import OpenItemStatus, check_in


class Transaction(SQLModel, table=True):
    """One money movement (credit positive). ``fingerprint`` makes re-imports idempotent."""

    __tablename__ = "transactions"
    __table_args__ = (
        UniqueConstraint("organization_id", "bank_account_id", "fingerprint"),
        CheckConstraint(check_in("status", OpenItemStatus), name="status"),
        Index(None, "organization_id", "status", "posted_date"),
        Index(None, "organization_id", "amount"),
        Index(None, "organization_id", "posted_date", "id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    bank_account_id: uuid.UUID = Field(foreign_key="bank_accounts.id", ondelete="CASCADE")
    file_id: uuid.UUID | None = Field(default=None, foreign_key="files.id", ondelete="SET NULL")
    fingerprint: str = Field(max_length=64)
    source: str
    # bank (statement line), card, ledger (accounting entry) or collection (CNAB liquidation).
    entry_kind: str = "bank"
    posted_date: date
    amount: Decimal = money()
    open_amount: Decimal = money()
    currency: str = Field(default="BRL", max_length=3)
    description: str = ""
    type: str = "other"
    counterparty_name: str | None = None
    counterparty_tax_id: str | None = None
    external_refs: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    balance: Decimal | None = money(nullable=True)
    status: str = OpenItemStatus.OPEN.value
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class CollectionTitle(SQLModel, table=True):
    """A title (boleto) reported by a CNAB return file: liquidated or not.

    Liquidations summed per credit date explain the single bank credit line that paid
    them (the three-way match); non-liquidated titles are kept for the record only.
    """

    __tablename__ = "collection_titles"
    __table_args__ = (
        UniqueConstraint("organization_id", "fingerprint"),
        Index(None, "organization_id", "nosso_numero"),
        Index(None, "organization_id", "credit_date"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    bank_account_id: uuid.UUID | None = Field(
        default=None, foreign_key="bank_accounts.id", ondelete="SET NULL"
    )
    file_id: uuid.UUID | None = Field(default=None, foreign_key="files.id", ondelete="SET NULL")
    fingerprint: str = Field(max_length=64)
    nosso_numero: str | None = None
    seu_numero: str | None = None
    occurrence_code: str
    occurrence_meaning: str | None = None
    liquidated: bool
    amount: Decimal = money()
    amount_paid: Decimal = money()
    interest_fine: Decimal = money()
    discount: Decimal = money()
    rebate: Decimal = money()
    bank_fee: Decimal = money()
    due_date: date | None = None
    occurrence_date: date | None = None
    credit_date: date | None = None
    payer_name: str | None = None
    payer_tax_id: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    created_at: datetime = created_at()
