"""JSON-ready dictionaries: Decimal as string, dates as ISO 8601, enums as their values.

``result_to_records`` gives the line-per-record contract of ``conciliacontag parse``
(documented in docs/statements.md); ``result_to_dict`` gives one nested document.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backend.core.errors import ParseError
from backend.statements.model import (
    Account,
    Balance,
    CnabTitle,
    Counterparty,
    Statement,
    StatementParseResult,
    Transaction,
)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def account_to_dict(account: Account) -> dict[str, Any]:
    """The account's identity fields and its stable key."""
    return {
        "kind": account.kind.value,
        "bank_code": account.bank_code,
        "branch": account.branch,
        "number": account.number,
        "check_digit": account.check_digit,
        "ledger_code": account.ledger_code,
        "key": account.key(),
    }


def _party(party: Counterparty | None) -> dict[str, Any]:
    # Always an object, so consumers never branch on null (the CLI contract's shape).
    if party is None:
        return {"document": None, "name": None}
    return {"document": party.document, "name": party.name}


def transaction_to_dict(tx: Transaction, filename: str | None = None) -> dict[str, Any]:
    """One transaction in the ``conciliacontag parse`` shape (``kind: "transaction"``).

    ``id`` is the source's own id (FITID, nosso número, a CSV id column) or, when the
    source has none, the line number.
    """
    return {
        "kind": "transaction",
        "id": tx.source_id if tx.source_id is not None else str(tx.source.line),
        "entry_kind": tx.kind.value,
        "account": account_to_dict(tx.account),
        "posted_on": tx.posted_on.isoformat(),
        "amount": str(tx.amount),
        "currency": tx.currency,
        "description": tx.description,
        "type": tx.type.value,
        "counterparty": _party(tx.counterparty),
        "references": tx.references.as_dict(),
        "balance": _money(tx.balance),
        "scheduled": tx.scheduled,
        "contra_account": tx.contra_account,
        "statement": tx.statement_index,
        "fingerprint": tx.fingerprint,
        "source": {
            "file": filename,
            "format": tx.source.format.value,
            "line": tx.source.line,
            "record": tx.source.record,
        },
    }


def title_to_dict(title: CnabTitle, filename: str | None = None) -> dict[str, Any]:
    """One CNAB title or payment (``kind: "cnab_title"``)."""
    return {
        "kind": "cnab_title",
        "id": title.nosso_numero or title.seu_numero or str(title.source.line),
        "entry_kind": title.kind.value,
        "account": account_to_dict(title.account),
        "nosso_numero": title.nosso_numero,
        "seu_numero": title.seu_numero,
        "occurrence_code": title.occurrence_code,
        "occurrence_meaning": title.occurrence_meaning,
        "liquidated": title.liquidated,
        "amount": str(title.amount),
        "amount_paid": str(title.amount_paid),
        "net_credit": _money(title.net_credit),
        "interest_fine": str(title.interest_fine),
        "discount": str(title.discount),
        "rebate": str(title.rebate),
        "bank_fee": str(title.bank_fee),
        "iof": str(title.iof),
        "other_expenses": str(title.other_expenses),
        "other_credits": str(title.other_credits),
        "due_date": _day(title.due_date),
        "occurrence_date": _day(title.occurrence_date),
        "credit_date": _day(title.credit_date),
        "counterparty": _party(title.counterparty),
        "reasons": list(title.reasons),
        "barcode": title.barcode,
        "transaction_fingerprint": title.transaction_fingerprint,
        "source": {
            "file": filename,
            "format": title.source.format.value,
            "line": title.source.line,
            "record": title.source.record,
        },
    }


def _balance(balance: Balance) -> dict[str, Any]:
    return {
        "kind": balance.kind,
        "amount": str(balance.amount),
        "as_of": _day(balance.as_of),
        "line": balance.line,
    }


def statement_to_dict(statement: Statement, filename: str | None = None) -> dict[str, Any]:
    """One statement header (``kind: "statement"``)."""
    return {
        "kind": "statement",
        "index": statement.index,
        "entry_kind": statement.kind.value,
        "account": account_to_dict(statement.account),
        "currency": statement.currency,
        "start": _day(statement.start),
        "end": _day(statement.end),
        "balances": [_balance(b) for b in statement.balances],
        "institution": statement.institution,
        "file": filename,
    }


def error_to_dict(error: ParseError, kind: str = "error") -> dict[str, Any]:
    """A skipped line (``kind: "error"``) or a warning (``kind: "warning"``).

    ``details`` (what was found, expected counts and sums) only when the problem has any.
    """
    record: dict[str, Any] = {
        "kind": kind,
        "code": error.code,
        "message": error.message,
        "location": error.location.to_dict(),
    }
    details = {k: v for k, v in error.details.items() if k != "location"}
    if details:
        record["details"] = details
    return record


def result_to_records(
    result: StatementParseResult, filename: str | None = None
) -> list[dict[str, Any]]:
    """Statements, transactions, titles, skipped lines, warnings and a closing summary."""
    records: list[dict[str, Any]] = [statement_to_dict(s, filename) for s in result.statements]
    records.extend(transaction_to_dict(t, filename) for t in result.transactions)
    records.extend(title_to_dict(t, filename) for t in result.titles)
    records.extend(error_to_dict(e) for e in result.skipped)
    records.extend(error_to_dict(w, "warning") for w in result.warnings)
    records.append(
        {
            "kind": "summary",
            "file": filename,
            "format": result.format.value,
            "encoding": result.encoding,
            "profile": result.profile,
            "details": dict(result.details),
            "statements": len(result.statements),
            "transactions": len(result.transactions),
            "titles": len(result.titles),
            "skipped": result.skipped_count,
            "warnings": len(result.warnings),
        }
    )
    return records


def result_to_dict(result: StatementParseResult, filename: str | None = None) -> dict[str, Any]:
    """The whole result as one JSON-ready document."""
    return {
        "format": result.format.value,
        "encoding": result.encoding,
        "profile": result.profile,
        "details": dict(result.details),
        "statements": [statement_to_dict(s, filename) for s in result.statements],
        "transactions": [transaction_to_dict(t, filename) for t in result.transactions],
        "titles": [title_to_dict(t, filename) for t in result.titles],
        "skipped_count": result.skipped_count,
        "skipped": [error_to_dict(e) for e in result.skipped],
        "warnings": [error_to_dict(w, "warning") for w in result.warnings],
    }
