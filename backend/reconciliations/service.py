"""Running the reconciliation engine on a tenant's open items and recording its decisions.

The engine (backend/reconciliation) is pure; this service feeds it the open
installments and transactions with the decisions already made about them, then
writes matches and suggestions, moves open balances, undoes automatic matches of
documents cancelled since, and audits every change.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.db.base import utcnow
from backend.db.enums import ActorType, DecidedBy, ReconciliationStatus
from backend.reconciliation import DecidedBy as EngineDecidedBy
from backend.reconciliation import (
    Direction,
    Document,
    DocumentRef,
    DocumentStatus,
    Match,
    MatchStatus,
    PriorDecision,
    PriorStatus,
    ReconcileResult,
    RuleChange,
    RuleSet,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
    dry_run,
    reconcile,
)
from backend.reconciliations import repository

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
ZERO = Decimal("0.00")
_SOURCES = {"collection": TransactionSource.CNAB_LIQUIDATION, "ledger": TransactionSource.LEDGER}
_REFS = {
    "fitid": "fitid",
    "nosso_numero": "nosso_numero",
    "seu_numero": "seu_numero",
    "pix_end_to_end_id": "pix_end_to_end_id",
    "pix_txid": "pix_txid",
    "boleto_digitable_line": "boleto_line",
    "document_number": "document_number",
}


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one run changed."""

    matched: int
    suggested: int
    undone: int
    documents: int
    transactions: int


def _day(moment: datetime | None, fallback: datetime) -> date:
    return (moment or fallback).astimezone(SAO_PAULO).date()


def engine_document(row: RowMapping) -> Document:
    """An installment (or whole document) as an engine side; key = document id."""
    return Document(
        key=str(row["document_id"]),
        installment=row["number"],
        direction=Direction(row["direction"]),
        amount=row["amount"],
        issue_date=_day(row["issued_at"], row["created_at"]),
        due_date=row["due_date"],
        counterparty_tax_id=row["counterparty_tax_id"],
        counterparty_name=row["counterparty_name"],
        number=row["document_number"],
        status=(
            DocumentStatus(row["status"])
            if row["status"] in ("cancelled", "denied")
            else DocumentStatus.AUTHORIZED
        ),
    )


def engine_transaction(row: RowMapping) -> Transaction:
    """A stored transaction as an engine input; CNAB liquidations settle per credit date."""
    refs = row["external_refs"] or {}
    source = _SOURCES.get(row["entry_kind"], TransactionSource.BANK)
    kind = row["type"] if row["type"] in TransactionType.__members__.values() else "other"
    return Transaction(
        id=str(row["id"]),
        account_id=str(row["bank_account_id"]),
        posted_on=row["posted_date"],
        amount=row["amount"],
        memo=row["description"] or "",
        type=TransactionType(kind),
        counterparty_tax_id=row["counterparty_tax_id"],
        counterparty_name=row["counterparty_name"],
        references=TransactionReferences(
            **{field: refs.get(key) for key, field in _REFS.items() if refs.get(key)}
        ),
        source=source,
        settlement_group=(
            f"{row['bank_account_id']}:{row['posted_date']}"
            if source is TransactionSource.CNAB_LIQUIDATION
            else None
        ),
    )


def _priors(
    rows: Sequence[RowMapping], refs: Mapping[uuid.UUID, DocumentRef]
) -> list[PriorDecision]:
    grouped: dict[uuid.UUID, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[row["id"]].append(row)
    priors = []
    for decision_id, items in grouped.items():
        first = items[0]
        documents = tuple(refs[i["installment_id"]] for i in items if i["installment_id"] in refs)
        transactions = tuple(str(i["transaction_id"]) for i in items if i["transaction_id"])
        if first["status"] == ReconciliationStatus.REJECTED.value:
            status = PriorStatus.REJECTED
        elif first["decided_by"] == DecidedBy.USER.value:
            status = PriorStatus.MANUAL
        else:
            status = PriorStatus.MATCHED
        priors.append(
            PriorDecision(
                status=status,
                documents=documents,
                transactions=transactions,
                decided_by=(
                    EngineDecidedBy.USER
                    if first["decided_by"] == DecidedBy.USER.value
                    else EngineDecidedBy.SYSTEM
                ),
                id=str(decision_id),
            )
        )
    return priors


@dataclass(frozen=True, slots=True)
class _Inputs:
    """The tenant's open items and prior decisions, as the engine and the writer need them."""

    installment_rows: Sequence[RowMapping]
    transaction_rows: Sequence[RowMapping]
    documents: list[Document]
    transactions: list[Transaction]
    refs: dict[uuid.UUID, DocumentRef]
    priors: list[PriorDecision]


async def _inputs(session: AsyncSession) -> _Inputs:
    installment_rows = await repository.open_installments(session)
    transaction_rows = await repository.open_transactions(session)
    refs = {r["id"]: DocumentRef(str(r["document_id"]), r["number"]) for r in installment_rows}
    prior_rows = await repository.decisions_touching(
        session, list(refs), [r["id"] for r in transaction_rows]
    )
    return _Inputs(
        installment_rows=installment_rows,
        transaction_rows=transaction_rows,
        documents=[engine_document(r) for r in installment_rows],
        transactions=[engine_transaction(r) for r in transaction_rows],
        refs=refs,
        priors=_priors(prior_rows, refs),
    )


async def preview_rules(
    session: AsyncSession, *, current: RuleSet | None, candidate: RuleSet
) -> list[RuleChange]:
    """Items whose outcome would differ now under ``candidate`` rules; writes nothing."""
    data = await _inputs(session)
    # CPU-bound over the whole tenant: in a thread, so the event loop keeps serving every
    # other request (the GIL is handed over every few milliseconds) while it runs.
    return await asyncio.to_thread(
        dry_run, candidate, data.documents, data.transactions, current=current, prior=data.priors
    )


async def run(
    session: AsyncSession, organization_id: uuid.UUID, *, rules: RuleSet | None = None
) -> RunSummary:
    """Reconcile the tenant's open items incrementally and record the outcome."""
    await repository.delete_system_suggestions(session)
    data = await _inputs(session)
    installment_by_ref = {ref: installment_id for installment_id, ref in data.refs.items()}
    result = reconcile(data.documents, data.transactions, rules=rules, prior=data.priors)
    opens = {r["id"]: r["open_amount"] for r in data.installment_rows}
    tx_opens = {r["id"]: r["open_amount"] for r in data.transaction_rows}
    undone = await _undo(session, organization_id, result)
    matched, suggested = await _record(
        session, organization_id, result, installment_by_ref, opens, tx_opens
    )
    if matched or suggested or undone:
        await repository.notify_changes(
            session,
            {
                "organization_id": str(organization_id),
                "change": "run",
                "reconciliation_ids": [],
                "dropped_ids": [],
                "matched": matched,
                "suggested": suggested,
            },
        )
    return RunSummary(
        matched=matched,
        suggested=suggested,
        undone=undone,
        documents=len(data.documents),
        transactions=len(data.transactions),
    )


async def _undo(session: AsyncSession, organization_id: uuid.UUID, result: ReconcileResult) -> int:
    """Release automatic matches of documents cancelled after the match; flag people's."""
    undone = 0
    for undo in result.undo:
        if undo.decision.id is None:
            continue
        decision_id = uuid.UUID(undo.decision.id)
        reasons = [{"code": r.code, "message": r.message} for r in undo.reasons]
        if undo.needs_confirmation:
            await audit.record(
                session,
                organization_id=organization_id,
                actor_type=ActorType.SYSTEM,
                actor_id=None,
                action="reconciliation.needs_review",
                entity_type="reconciliation",
                entity_id=decision_id,
                after={"reasons": reasons},
            )
            continue
        await repository.delete_reconciliation(session, decision_id)
        await audit.record(
            session,
            organization_id=organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="reconciliation.undone",
            entity_type="reconciliation",
            entity_id=decision_id,
            before={"status": "matched"},
            after={"reasons": reasons},
        )
        undone += 1
    return undone


async def _record(
    session: AsyncSession,
    organization_id: uuid.UUID,
    result: ReconcileResult,
    installment_by_ref: Mapping[DocumentRef, uuid.UUID],
    opens: Mapping[uuid.UUID, Decimal],
    tx_opens: Mapping[uuid.UUID, Decimal],
) -> tuple[int, int]:
    """Insert matches and suggestions; move the open balances of matched items."""
    now = utcnow()
    remaining = dict(result.open_balances)
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    new_installment_open: dict[uuid.UUID, Decimal] = {}
    new_transaction_open: dict[uuid.UUID, Decimal] = {}
    counts = {MatchStatus.MATCHED: 0, MatchStatus.SUGGESTED: 0}
    for match in result.matches:
        reconciliation_id = uuid.uuid4()
        counts[match.status] += 1
        rows.append(_row(reconciliation_id, organization_id, match, now))
        items.extend(_items(reconciliation_id, organization_id, match, installment_by_ref, now))
        if match.status is not MatchStatus.MATCHED:
            continue
        for ref in match.documents:
            installment = installment_by_ref[ref]
            new_installment_open[installment] = max(ZERO, remaining.get(ref, ZERO))
        used: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for allocation in match.allocations:
            used[allocation.transaction_id] += allocation.amount
        for transaction_id in match.transactions:
            key = uuid.UUID(transaction_id)
            before = tx_opens[key]
            left = max(ZERO, abs(before) - used.get(transaction_id, abs(before)))
            new_transaction_open[key] = left if before >= 0 else -left
    await repository.insert_reconciliations(session, rows, items)
    await repository.set_open_amounts(session, new_installment_open, new_transaction_open)
    for row in rows:
        await audit.record(
            session,
            organization_id=organization_id,
            actor_type=ActorType.RULE if row["decided_by"] == "rule" else ActorType.SYSTEM,
            actor_id=row["rule_id"],
            action=f"reconciliation.{row['status']}",
            entity_type="reconciliation",
            entity_id=row["id"],
            after={
                "score": str(row["score"]),
                "difference": str(row["difference_amount"]),
                "reasons": row["reasons"],
            },
        )
    return counts[MatchStatus.MATCHED], counts[MatchStatus.SUGGESTED]


def _row(
    reconciliation_id: uuid.UUID, organization_id: uuid.UUID, match: Match, now: datetime
) -> dict[str, Any]:
    return {
        "id": reconciliation_id,
        "organization_id": organization_id,
        "status": match.status.value,
        "score": Decimal(str(round(match.score, 4))),
        "reasons": [{"code": r.code, "message": r.message} for r in match.reasons],
        "difference_amount": match.difference,
        "decided_by": "rule" if match.decided_by is EngineDecidedBy.RULE else "system",
        "rule_id": _rule_uuid(match.rule_id),
        "decided_at": now if match.status is MatchStatus.MATCHED else None,
        "created_at": now,
        "updated_at": now,
    }


def _rule_uuid(rule_id: str | None) -> uuid.UUID | None:
    """Rules from the rules table carry their row id; ad-hoc rule ids are not stored."""
    try:
        return uuid.UUID(rule_id) if rule_id else None
    except ValueError:
        return None


def _items(
    reconciliation_id: uuid.UUID,
    organization_id: uuid.UUID,
    match: Match,
    installment_by_ref: Mapping[DocumentRef, uuid.UUID],
    now: datetime,
) -> list[dict[str, Any]]:
    by_document: dict[DocumentRef, Decimal] = defaultdict(lambda: ZERO)
    by_transaction: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for allocation in match.allocations:
        by_document[allocation.document] += allocation.amount
        by_transaction[allocation.transaction_id] += allocation.amount
    base = {
        "organization_id": organization_id,
        "reconciliation_id": reconciliation_id,
        "created_at": now,
    }
    rows = [
        {
            **base,
            "id": uuid.uuid4(),
            "side": "document",
            "installment_id": installment_by_ref[ref],
            "document_id": uuid.UUID(ref.key),
            "transaction_id": None,
            "amount": by_document.get(ref, ZERO),
        }
        for ref in match.documents
    ]
    rows.extend(
        {
            **base,
            "id": uuid.uuid4(),
            "side": "transaction",
            "installment_id": None,
            "document_id": None,
            "transaction_id": uuid.UUID(transaction_id),
            "amount": by_transaction.get(transaction_id, ZERO),
        }
        for transaction_id in match.transactions
    )
    return rows
