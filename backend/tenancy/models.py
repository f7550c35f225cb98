"""Organizations (tenants), memberships, the tenant's own companies and accounts."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, updated_at, uuid_pk
from backend.db.enums import Role, check_in


class Organization(SQLModel, table=True):
    """A tenant: an accounting firm or a company. Row-level security keys on its id."""

    __tablename__ = "organizations"

    id: uuid.UUID = uuid_pk()
    name: str
    slug: str = Field(unique=True)
    is_active: bool = True
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class Membership(SQLModel, table=True):
    """A user's role in an organization."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id"),
        CheckConstraint(check_in("role", Role), name="role"),
        Index(None, "user_id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    role: str
    is_active: bool = True
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class Company(SQLModel, table=True):
    """One of the organization's own CNPJs (digits or the 2026 alphanumeric form)."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("organization_id", "cnpj"),)

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    cnpj: str = Field(max_length=14)
    legal_name: str
    trade_name: str | None = None
    state_registration: str | None = None
    municipality_code: str | None = Field(default=None, max_length=7)
    uf: str | None = Field(default=None, max_length=2)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class BankAccount(SQLModel, table=True):
    """A bank account or a ledger account that transactions post to."""

    __tablename__ = "bank_accounts"
    __table_args__ = (
        UniqueConstraint("organization_id", "account_key"),
        CheckConstraint("kind IN ('bank', 'card', 'ledger')", name="kind"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    company_id: uuid.UUID | None = Field(
        default=None, foreign_key="companies.id", ondelete="SET NULL"
    )
    kind: str = "bank"
    name: str
    # A COMPE code ("341") or, from OFX, any BANKID (up to 9 characters).
    bank_code: str | None = Field(default=None, max_length=9)
    branch: str | None = None
    account_number: str | None = None
    account_digit: str | None = None
    ledger_code: str | None = None
    # Stable identity from the statements library (``bank:341:730:3511:0``, ``ledger:1.1.2``),
    # so padded and unpadded exports of one account agree.
    account_key: str
    currency: str = Field(default="BRL", max_length=3)
    is_active: bool = True
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
