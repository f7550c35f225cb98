"""Persisting parsed statements: accounts found or created, entries inserted once.

Re-importing a statement, or importing one that overlaps another, inserts only
the entries whose fingerprint the account has not seen. Scheduled (future) lines
are not money movements yet and are left out; CNAB titles are kept for the
three-way match whether or not they were liquidated.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.base import utcnow
from backend.db.enums import OpenItemStatus
from backend.statements.model import Account, AccountKind, CnabTitle, StatementParseResult
from backend.statements.serialize import title_to_dict
from backend.transactions import repository
from backend.transactions.models import Transaction

_KIND = {AccountKind.CREDIT_CARD: "card", AccountKind.LEDGER: "ledger"}


@dataclass(frozen=True, slots=True)
class PersistedStatement:
    """What one statement file changed."""

    transactions: int
    duplicates: int
    scheduled: int
    titles: int


def account_row(account: Account, organization_id: uuid.UUID) -> dict[str, Any]:
    """A bank_accounts row for an account seen in a statement."""
    kind = _KIND.get(account.kind, "bank")
    if account.ledger_code is not None:
        kind, name = "ledger", f"Conta contábil {account.ledger_code}"
    else:
        # Unknown parts are left out rather than shown as "?": "341 12345-6" when the
        # statement names no branch, "341 1234/12345-6" when it names everything.
        number = account.number
        if number and account.check_digit:
            number = f"{number}-{account.check_digit}"
        where = "/".join(part for part in (account.branch, number) if part)
        name = " ".join(part for part in (account.bank_code, where) if part)
        name = name or "Conta sem identificação"
    now = utcnow()
    return {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "kind": kind,
        "name": name,
        "bank_code": account.bank_code,
        "branch": account.branch,
        "account_number": account.number,
        "account_digit": account.check_digit,
        "ledger_code": account.ledger_code,
        "account_key": account.key(),
        "currency": "BRL",
        "is_active": True,
        "created_at": now,
        "updated_at": now,
    }


def with_compe_code(account: Account) -> Account:
    """The account with its bank id as a three-digit COMPE code when it is one.

    OFX BANKIDs come padded ("00341"); a number below 1000 is a COMPE code whatever its
    padding. Other ids (up to 9 characters in OFX) are kept as given. The account key
    already ignores padding, so this changes no identity.
    """
    code = account.bank_code
    if code and code.isdigit() and int(code) < 1000:
        return replace(account, bank_code=f"{int(code):03d}")
    return account


def title_fingerprint(account_key: str, title: CnabTitle) -> str:
    """Identity of a title occurrence: the same return file imported twice adds nothing."""
    parts = (
        account_key,
        title.nosso_numero or "",
        title.seu_numero or "",
        title.occurrence_code,
        str(title.occurrence_date or ""),
        str(title.credit_date or ""),
        str(title.amount),
        str(title.amount_paid),
        str(title.source.line),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:64]


async def persist_statement(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    file_id: uuid.UUID,
    result: StatementParseResult,
) -> PersistedStatement:
    """Insert a parsed statement's entries and titles for ``organization_id``."""
    accounts = {t.account.key(): t.account for t in result.transactions}
    accounts.update({t.account.key(): t.account for t in result.titles})
    accounts.update({s.account.key(): s.account for s in result.statements})
    accounts = {key: with_compe_code(account) for key, account in accounts.items()}
    ids = await repository.ensure_accounts(
        session, [account_row(a, organization_id) for a in accounts.values()]
    )
    now = utcnow()
    posted = [t for t in result.transactions if not t.scheduled]
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "organization_id": organization_id,
            "bank_account_id": ids[t.account.key()],
            "file_id": file_id,
            "fingerprint": t.fingerprint,
            "source": t.source.format.value,
            "entry_kind": t.kind.value,
            "posted_date": t.posted_on,
            "amount": t.amount,
            "open_amount": t.amount,
            "currency": t.currency,
            "description": t.description,
            "type": t.type.value,
            "counterparty_name": t.counterparty.name if t.counterparty else None,
            "counterparty_tax_id": t.counterparty.document if t.counterparty else None,
            "external_refs": {
                **t.references.as_dict(),
                **({"source_id": t.source_id} if t.source_id else {}),
                "line": t.source.line,
            },
            "balance": t.balance,
            "status": OpenItemStatus.OPEN.value,
            "created_at": now,
            "updated_at": now,
        }
        for t in posted
    ]
    inserted = await repository.insert_transactions(session, _dedupe(rows, "fingerprint"))
    titles = await repository.insert_titles(
        session,
        _dedupe(
            [_title_row(t, organization_id, file_id, ids[t.account.key()]) for t in result.titles],
            "fingerprint",
        ),
    )
    return PersistedStatement(
        transactions=inserted,
        duplicates=len(posted) - inserted,
        scheduled=len(result.transactions) - len(posted),
        titles=titles,
    )


def _dedupe(rows: Sequence[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    # One INSERT ... ON CONFLICT cannot touch the same key twice.
    return list({(row.get("bank_account_id"), row[key]): row for row in rows}.values())


def _title_row(
    title: CnabTitle, organization_id: uuid.UUID, file_id: uuid.UUID, account_id: uuid.UUID
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "bank_account_id": account_id,
        "file_id": file_id,
        "fingerprint": title_fingerprint(title.account.key(), title),
        "nosso_numero": title.nosso_numero,
        "seu_numero": title.seu_numero,
        "occurrence_code": title.occurrence_code,
        "occurrence_meaning": title.occurrence_meaning,
        "liquidated": title.liquidated,
        "amount": title.amount,
        "amount_paid": title.amount_paid,
        "interest_fine": title.interest_fine,
        "discount": title.discount,
        "rebate": title.rebate,
        "bank_fee": title.bank_fee,
        "due_date": title.due_date,
        "occurrence_date": title.occurrence_date,
        "credit_date": title.credit_date,
        "payer_name": title.counterparty.name if title.counterparty else None,
        "payer_tax_id": title.counterparty.document if title.counterparty else None,
        "payload": title_to_dict(title),
        "created_at": utcnow(),
    }


async def stored_for_files(
    session: AsyncSession, file_ids: Sequence[uuid.UUID]
) -> list[Transaction]:
    """Transactions first imported from these files."""
    return await repository.by_files(session, file_ids)
