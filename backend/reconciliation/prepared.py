"""Per-run views of the inputs with everything matching reads precomputed once.

Indexes into these lists are the engine's internal identities; output always goes back
to ``DocumentRef`` and transaction ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from backend.reconciliation.config import EngineConfig
from backend.reconciliation.learning import TenantHistory
from backend.reconciliation.model import Direction, Document, DocumentRef, Transaction
from backend.reconciliation.text import MemoFacts, digits, name_tokens, read_memo


def cents(amount: Decimal) -> int:
    """Money as integer cents, for dictionary keys and subset sums."""
    return int((amount * 100).to_integral_value())


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """An open document side with its balance after prior decisions."""

    index: int
    doc: Document
    ref: DocumentRef
    balance: Decimal
    cents: int
    party: str
    name_tokens: tuple[str, ...]
    number: str | None
    expected: date
    earliest: date
    latest: date
    receivable: bool  # expects a credit


@dataclass(frozen=True, slots=True)
class PreparedTransaction:
    """An open transaction with the remaining amount and what its memo reveals."""

    index: int
    tx: Transaction
    magnitude: Decimal
    cents: int
    credit: bool
    facts: MemoFacts
    tax_ids: frozenset[str]
    alias: str | None


def party_key(tax_id: str | None, name: str | None) -> str:
    """Who a document is with: the CNPJ/CPF digits, else its normalized name."""
    if tax_id:
        return digits(tax_id)
    return "name:" + " ".join(name_tokens(name or ""))


def prepare_document(
    index: int, doc: Document, balance: Decimal, config: EngineConfig
) -> PreparedDocument:
    """Precompute one document side."""
    expected = doc.expected_date
    number = doc.number.strip().lstrip("0") if doc.number else None
    return PreparedDocument(
        index=index,
        doc=doc,
        ref=doc.ref,
        balance=balance,
        cents=cents(balance),
        party=party_key(doc.counterparty_tax_id, doc.counterparty_name),
        name_tokens=name_tokens(doc.counterparty_name or ""),
        number=number or None,
        expected=expected,
        earliest=doc.issue_date - timedelta(days=config.windows.before_issue),
        latest=expected + timedelta(days=config.windows.after_due),
        receivable=doc.direction is Direction.RECEIVABLE,
    )


def prepare_transaction(
    index: int,
    tx: Transaction,
    remaining: Decimal,
    config: EngineConfig,
    history: TenantHistory,
) -> PreparedTransaction:
    """Precompute one transaction: memo facts, identified tax ids (never the tenant's
    own) and a learned alias."""
    facts = read_memo(tx.memo)
    ids = set(facts.tax_ids)
    if tx.counterparty_tax_id:
        ids.add(digits(tx.counterparty_tax_id))
    return PreparedTransaction(
        index=index,
        tx=tx,
        magnitude=remaining,
        cents=cents(remaining),
        credit=tx.is_credit,
        facts=facts,
        tax_ids=frozenset(ids - config.own_tax_ids),
        alias=history.alias_for(tx.memo),
    )
