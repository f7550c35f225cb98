"""Bank, card and ledger accounts: created by statement imports or by a person.

A person's account gets the same identity (``account_key``) the statements library
computes, so a statement imported later posts to it instead of creating a twin.
Deleting an account that has transactions would delete them: it is deactivated
instead, and only an empty account is removed.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, Invalid, NotFound
from backend.db.base import utcnow
from backend.statements.model import Account, AccountKind
from backend.tenancy import repository
from backend.tenancy.models import BankAccount

AccountType = Literal["bank", "card", "ledger"]


@dataclass(frozen=True, slots=True)
class BankAccountInput:
    """What a person may set on an account."""

    kind: AccountType
    name: str
    bank_code: str | None = None
    branch: str | None = None
    account_number: str | None = None
    account_digit: str | None = None
    ledger_code: str | None = None
    company_id: uuid.UUID | None = None
    is_active: bool = True


def _key(data: BankAccountInput) -> str:
    if data.kind == "ledger":
        return Account(kind=AccountKind.LEDGER, ledger_code=data.ledger_code).key()
    return Account(
        kind=AccountKind.CREDIT_CARD if data.kind == "card" else AccountKind.CHECKING,
        bank_code=data.bank_code,
        branch=data.branch,
        number=data.account_number,
        check_digit=data.account_digit,
    ).key()


def _validated(data: BankAccountInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["required"]
    if data.kind == "ledger":
        if not (data.ledger_code or "").strip():
            errors["ledgerCode"] = ["required for a ledger account"]
    else:
        if not (data.bank_code and data.bank_code.isdigit() and len(data.bank_code) == 3):
            errors["bankCode"] = ["3 digits (COMPE)"]
        if not (data.branch or "").strip().isdigit():
            errors["branch"] = ["digits"]
        if not (data.account_number or "").strip().isdigit():
            errors["accountNumber"] = ["digits"]
    if errors:
        raise Invalid("invalid bank account", field_errors=errors)


def _snapshot(account: BankAccount) -> dict[str, Any]:
    return {
        "kind": account.kind,
        "name": account.name,
        "bank_code": account.bank_code,
        "branch": account.branch,
        "account_number": account.account_number,
        "account_digit": account.account_digit,
        "ledger_code": account.ledger_code,
        "company_id": str(account.company_id) if account.company_id else None,
        "is_active": account.is_active,
    }


_audit = functools.partial(audit.record_change, entity_type="bank_account")


async def _company_exists(session: AsyncSession, company_id: uuid.UUID | None) -> None:
    if company_id is not None and await repository.get_company(session, company_id) is None:
        raise NotFound("company not found")


def _apply(account: BankAccount, data: BankAccountInput) -> None:
    account.kind = data.kind
    account.name = data.name.strip()
    account.bank_code = data.bank_code
    account.branch = data.branch
    account.account_number = data.account_number
    account.account_digit = data.account_digit
    account.ledger_code = data.ledger_code
    account.company_id = data.company_id
    account.is_active = data.is_active
    account.account_key = _key(data)


async def _save(session: AsyncSession, account: BankAccount) -> BankAccount:
    try:
        async with session.begin_nested():
            return await repository.add_bank_account(session, account)
    except IntegrityError as exc:
        raise Conflict("this account already exists", code="ACCOUNT_EXISTS") from exc


async def create_bank_account(
    session: AsyncSession, principal: Principal, data: BankAccountInput
) -> BankAccount:
    """Add an account before any statement names it."""
    require(principal, Permission.MANAGE_COMPANIES)
    _validated(data)
    await _company_exists(session, data.company_id)
    account = BankAccount(organization_id=principal.organization_id, name="", account_key="")
    _apply(account, data)
    account = await _save(session, account)
    await _audit(session, principal, "bank_account.created", account.id, None, _snapshot(account))
    return account


async def update_bank_account(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID, data: BankAccountInput
) -> BankAccount:
    """Change an account (its identity follows its numbers)."""
    require(principal, Permission.MANAGE_COMPANIES)
    _validated(data)
    await _company_exists(session, data.company_id)
    account = await repository.get_bank_account(session, account_id)
    if account is None:
        raise NotFound("bank account not found")
    before = _snapshot(account)
    _apply(account, data)
    account.updated_at = utcnow()
    account = await _save(session, account)
    await _audit(session, principal, "bank_account.updated", account.id, before, _snapshot(account))
    return account


async def delete_bank_account(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID
) -> bool:
    """Remove an empty account; one with transactions is deactivated. True if removed."""
    require(principal, Permission.MANAGE_COMPANIES)
    account = await repository.get_bank_account(session, account_id)
    if account is None:
        raise NotFound("bank account not found")
    before = _snapshot(account)
    if await repository.account_has_transactions(session, account_id):
        account.is_active = False
        account.updated_at = utcnow()
        await repository.add_bank_account(session, account)
        await _audit(
            session, principal, "bank_account.deactivated", account_id, before, _snapshot(account)
        )
        return False
    await repository.delete_bank_account(session, account)
    await _audit(session, principal, "bank_account.deleted", account_id, before, None)
    return True
