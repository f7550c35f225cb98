"""People's decisions: accept or reject a suggestion, match by hand, undo a match.

Every decision locks the installments and transactions it touches (FOR UPDATE,
in id order), so two reviewers deciding on the same items cannot both win: the
second finds them no longer open and gets a Conflict. A decision drops the other
suggestions that competed for its items, moves open balances, notifies live
subscribers after commit and writes the audit log. Undoing a match does not just
delete it: it becomes a rejection, so the engine never proposes it again.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, Invalid, NotFound
from backend.db.base import utcnow
from backend.db.enums import DecidedBy, DocumentStatus, OpenItemStatus, ReconciliationStatus
from backend.reconciliations import repository
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.webhooks import service as webhooks

ZERO = Decimal("0.00")
_OPEN = (OpenItemStatus.OPEN.value, OpenItemStatus.PARTIAL.value)
_DEAD_DOCUMENTS = (DocumentStatus.CANCELLED.value, DocumentStatus.DENIED.value)
MAX_MANUAL_ITEMS = 200
# Decisions one bulk action may take (each is locked, audited and notified).
MAX_BULK = 500
_NOTIFY_IDS = 50
_CHANGE = webhooks.ReconciliationChange
# What one decision changed, as reconciliation.changed counts it.
_ONE_MATCHED = webhooks.ReconciliationCounts(matched=1)
_ONE_UNDONE = webhooks.ReconciliationCounts(undone=1)
_NOTHING = webhooks.ReconciliationCounts()


@dataclass(frozen=True, slots=True)
class ManualMatch:
    """A person's N:M match: installments (or whole documents) with transactions."""

    installment_ids: Sequence[uuid.UUID] = ()
    document_ids: Sequence[uuid.UUID] = ()
    transaction_ids: Sequence[uuid.UUID] = ()
    reason: str | None = None


def _snapshot(reconciliation: Reconciliation) -> dict[str, Any]:
    return {
        "status": reconciliation.status,
        "score": str(reconciliation.score),
        "difference": str(reconciliation.difference_amount),
        "decided_by": reconciliation.decided_by,
    }


_audit = functools.partial(audit.record_change, entity_type="reconciliation")


def _few(ids: Sequence[uuid.UUID]) -> list[str]:
    return [str(i) for i in ids] if len(ids) <= _NOTIFY_IDS else []


async def _changed(
    session: AsyncSession,
    principal: Principal,
    change: webhooks.ReconciliationChange,
    reconciliation_ids: Sequence[uuid.UUID],
    dropped: Sequence[uuid.UUID] = (),
    *,
    counts: webhooks.ReconciliationCounts,
    name_ids: bool = True,
) -> None:
    """Notify live subscribers and enqueue reconciliation.changed for the decision (its
    deliveries start after commit); ``name_ids`` False sends counts only (a reset)."""
    await repository.notify_changes(
        session,
        {
            "organization_id": str(principal.organization_id),
            "change": change,
            # A notice must stay under PostgreSQL's 8,000-byte limit: big changes send no ids.
            "reconciliation_ids": _few(reconciliation_ids),
            "dropped_ids": _few(dropped),
        },
    )
    await webhooks.reconciliation_decided(
        session,
        principal,
        change,
        reconciliation_ids=reconciliation_ids if name_ids else (),
        dropped_ids=dropped if name_ids else (),
        counts=counts,
    )


async def _locked(session: AsyncSession, reconciliation_id: uuid.UUID) -> Reconciliation:
    found = await repository.get_for_update(session, reconciliation_id)
    if found is None:
        raise NotFound("reconciliation not found")
    return found


def _still_open(rows: Sequence[RowMapping], wanted: int, what: str) -> None:
    if len(rows) != wanted:
        raise NotFound(f"{what} not found")
    for row in rows:
        if row["status"] not in _OPEN or row.get("document_status") in _DEAD_DOCUMENTS:
            raise Conflict(f"a {what} is no longer open", code="ITEMS_NOT_OPEN")


def _new_opens(
    items: Sequence[ReconciliationItem],
    installments: Sequence[RowMapping],
    transactions: Sequence[RowMapping],
) -> tuple[dict[uuid.UUID, Decimal], dict[uuid.UUID, Decimal]]:
    """Open balances after allocating ``items``; Conflict when an item has less left."""
    installment_open = {r["id"]: r["open_amount"] for r in installments}
    transaction_open = {r["id"]: r["open_amount"] for r in transactions}
    new_installments: dict[uuid.UUID, Decimal] = {}
    new_transactions: dict[uuid.UUID, Decimal] = {}
    for item in items:
        if item.installment_id is not None:
            left = new_installments.get(item.installment_id, installment_open[item.installment_id])
            if item.amount > left:
                raise Conflict(
                    "an installment has less left than this allocates", code="ITEMS_NOT_OPEN"
                )
            new_installments[item.installment_id] = left - item.amount
        elif item.transaction_id is not None:
            before = new_transactions.get(
                item.transaction_id, transaction_open[item.transaction_id]
            )
            if item.amount > abs(before):
                raise Conflict(
                    "a transaction has less left than this allocates", code="ITEMS_NOT_OPEN"
                )
            left = abs(before) - item.amount
            new_transactions[item.transaction_id] = left if before >= 0 else -left
    return new_installments, new_transactions


async def accept_suggestion(
    session: AsyncSession, principal: Principal, reconciliation_id: uuid.UUID
) -> Reconciliation:
    """Turn a suggestion into a match decided by this person."""
    require(principal, Permission.REVIEW)
    reconciliation, dropped = await _accept(session, principal, reconciliation_id, batch=None)
    await _changed(
        session,
        principal,
        _CHANGE.ACCEPTED,
        [reconciliation_id],
        dropped,
        counts=_ONE_MATCHED,
    )
    return reconciliation


async def _accept(
    session: AsyncSession,
    principal: Principal,
    reconciliation_id: uuid.UUID,
    *,
    batch: uuid.UUID | None,
) -> tuple[Reconciliation, list[uuid.UUID]]:
    """Accept one suggestion (audited, not notified); the suggestions it dropped."""
    # Items first, then the decision: the order every decision locks in (no deadlocks).
    items = await repository.items_of(session, [reconciliation_id])
    installment_ids = [i.installment_id for i in items if i.installment_id is not None]
    transaction_ids = [i.transaction_id for i in items if i.transaction_id is not None]
    installments = await repository.lock_installments(session, installment_ids)
    transactions = await repository.lock_transactions(session, transaction_ids)
    reconciliation = await _locked(session, reconciliation_id)
    if reconciliation.status != ReconciliationStatus.SUGGESTED.value:
        raise Conflict(f"this reconciliation is {reconciliation.status}", code="NOT_A_SUGGESTION")
    before = _snapshot(reconciliation)
    _still_open(installments, len(set(installment_ids)), "installment")
    _still_open(transactions, len(set(transaction_ids)), "transaction")
    new_installments, new_transactions = _new_opens(items, installments, transactions)
    now = utcnow()
    await repository.update_reconciliation(
        session,
        reconciliation_id,
        status=ReconciliationStatus.MATCHED.value,
        decided_by=DecidedBy.USER.value,
        decided_by_user_id=principal.user_id,
        decided_at=now,
        updated_at=now,
    )
    await repository.set_open_amounts(session, new_installments, new_transactions)
    dropped = [
        r
        for r in await repository.delete_suggestions_touching(
            session, installment_ids, transaction_ids
        )
        if r != reconciliation_id
    ]
    reconciliation = await _locked(session, reconciliation_id)
    await _audit(
        session,
        principal,
        "reconciliation.accepted",
        reconciliation_id,
        before,
        {
            **_snapshot(reconciliation),
            "dropped_suggestions": [str(d) for d in dropped],
            **_in_batch(batch),
        },
    )
    return reconciliation, dropped


async def reject_suggestion(
    session: AsyncSession, principal: Principal, reconciliation_id: uuid.UUID, reason: str | None
) -> Reconciliation:
    """Reject a suggestion: it stays as a rejection so the engine never proposes it again."""
    require(principal, Permission.REVIEW)
    reconciliation = await _reject(session, principal, reconciliation_id, reason, batch=None)
    await _changed(session, principal, _CHANGE.REJECTED, [reconciliation_id], counts=_NOTHING)
    return reconciliation


async def _reject(
    session: AsyncSession,
    principal: Principal,
    reconciliation_id: uuid.UUID,
    reason: str | None,
    *,
    batch: uuid.UUID | None,
) -> Reconciliation:
    """Reject one suggestion (audited, not notified)."""
    reconciliation = await _locked(session, reconciliation_id)
    if reconciliation.status != ReconciliationStatus.SUGGESTED.value:
        raise Conflict(f"this reconciliation is {reconciliation.status}", code="NOT_A_SUGGESTION")
    before = _snapshot(reconciliation)
    now = utcnow()
    reasons = [*reconciliation.reasons, {"code": "rejected_by_user", "message": reason or ""}]
    await repository.update_reconciliation(
        session,
        reconciliation_id,
        status=ReconciliationStatus.REJECTED.value,
        decided_by=DecidedBy.USER.value,
        decided_by_user_id=principal.user_id,
        decided_at=now,
        updated_at=now,
        reasons=reasons,
    )
    reconciliation = await _locked(session, reconciliation_id)
    await _audit(
        session,
        principal,
        "reconciliation.rejected",
        reconciliation_id,
        before,
        {**_snapshot(reconciliation), "reason": reason, **_in_batch(batch)},
    )
    return reconciliation


def _in_batch(batch: uuid.UUID | None) -> dict[str, str]:
    """The audit field that groups the decisions of one bulk action (undone together)."""
    return {"batch_id": str(batch)} if batch is not None else {}


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    """What a bulk action decided, what it left alone (id, error code) and its batch id."""

    batch_id: uuid.UUID
    decided: list[Reconciliation]
    skipped: list[tuple[uuid.UUID, str]]


async def bulk_decide(
    session: AsyncSession,
    principal: Principal,
    reconciliation_ids: Sequence[uuid.UUID],
    *,
    accept: bool,
    reason: str | None = None,
) -> BulkOutcome:
    """Accept (or reject) many suggestions at once, each in its own savepoint.

    One that can no longer be decided (no longer a suggestion, another one in the batch
    took its items, gone) is skipped with its error code and the rest go on. Every
    decision is audited with the batch id; one reconciliation.changed names them all.
    """
    require(principal, Permission.REVIEW)
    unique = list(dict.fromkeys(reconciliation_ids))
    if not unique or len(unique) > MAX_BULK:
        raise Invalid(
            f"choose between 1 and {MAX_BULK} suggestions",
            field_errors={"ids": [f"between 1 and {MAX_BULK}"]},
        )
    batch = uuid.uuid4()
    decided: list[Reconciliation] = []
    skipped: list[tuple[uuid.UUID, str]] = []
    dropped: list[uuid.UUID] = []
    for reconciliation_id in unique:
        try:
            async with session.begin_nested():
                if accept:
                    found, lost = await _accept(session, principal, reconciliation_id, batch=batch)
                    dropped.extend(lost)
                else:
                    found = await _reject(
                        session, principal, reconciliation_id, reason, batch=batch
                    )
        except (Conflict, NotFound) as error:
            skipped.append((reconciliation_id, error.code))
            continue
        decided.append(found)
    if decided:
        ids = [r.id for r in decided]
        await _changed(
            session,
            principal,
            _CHANGE.ACCEPTED if accept else _CHANGE.REJECTED,
            ids,
            [d for d in dropped if d not in set(ids)],
            counts=webhooks.ReconciliationCounts(matched=len(ids)) if accept else _NOTHING,
        )
    return BulkOutcome(batch_id=batch, decided=decided, skipped=skipped)


async def match_manually(
    session: AsyncSession, principal: Principal, data: ManualMatch
) -> Reconciliation:
    """Match installments (or whole documents) with transactions, N:M, closing all of them.

    Any difference between the two sides needs a reason (a bank fee, a discount...),
    which is kept with the decision.
    """
    require(principal, Permission.REVIEW)
    by_document = await repository.installment_ids_of_documents(session, data.document_ids)
    if len(by_document) != len(set(data.document_ids)):
        raise NotFound("document not found")
    installment_ids = sorted(
        {*data.installment_ids, *(i for ids in by_document.values() for i in ids)}
    )
    transaction_ids = sorted(set(data.transaction_ids))
    errors: dict[str, list[str]] = {}
    if not installment_ids:
        errors["documents"] = ["choose at least one document or installment"]
    if not transaction_ids:
        errors["transactionIds"] = ["choose at least one transaction"]
    if len(installment_ids) + len(transaction_ids) > MAX_MANUAL_ITEMS:
        errors["transactionIds"] = [f"at most {MAX_MANUAL_ITEMS} items in one match"]
    if errors:
        raise Invalid("invalid manual match", field_errors=errors)
    installments = await repository.lock_installments(session, installment_ids)
    if data.document_ids:
        # A whole document: its installments still open; the settled ones stay as they are.
        requested = set(data.installment_ids)
        installments = [r for r in installments if r["id"] in requested or r["status"] in _OPEN]
        installment_ids = [r["id"] for r in installments]
    transactions = await repository.lock_transactions(session, transaction_ids)
    _still_open(installments, len(installment_ids), "installment")
    _still_open(transactions, len(transaction_ids), "transaction")
    documents_total = sum((r["open_amount"] for r in installments), ZERO)
    transactions_total = sum((abs(r["open_amount"]) for r in transactions), ZERO)
    difference = transactions_total - documents_total
    reason = (data.reason or "").strip()
    if difference != 0 and not reason:
        raise Invalid(
            f"the sides differ by {difference}: say why",
            field_errors={"reason": ["required when the amounts differ"]},
        )
    now = utcnow()
    reconciliation_id = uuid.uuid4()
    row = {
        "id": reconciliation_id,
        "organization_id": principal.organization_id,
        "status": ReconciliationStatus.MATCHED.value,
        "score": Decimal("1"),
        "reasons": [{"code": "manual", "message": reason or "conciliação manual"}],
        "difference_amount": difference,
        "decided_by": DecidedBy.USER.value,
        "decided_by_user_id": principal.user_id,
        "rule_id": None,
        "decided_at": now,
        "created_at": now,
        "updated_at": now,
    }
    base = {
        "organization_id": principal.organization_id,
        "reconciliation_id": reconciliation_id,
        "created_at": now,
    }
    items: list[dict[str, Any]] = [
        {
            **base,
            "id": uuid.uuid4(),
            "side": "document",
            "document_id": r["document_id"],
            "installment_id": r["id"],
            "transaction_id": None,
            "amount": r["open_amount"],
        }
        for r in installments
    ]
    items.extend(
        {
            **base,
            "id": uuid.uuid4(),
            "side": "transaction",
            "document_id": None,
            "installment_id": None,
            "transaction_id": r["id"],
            "amount": abs(r["open_amount"]),
        }
        for r in transactions
    )
    await repository.insert_reconciliations(session, [row], items)
    await repository.set_open_amounts(
        session,
        {r["id"]: ZERO for r in installments},
        {r["id"]: ZERO for r in transactions},
    )
    dropped = await repository.delete_suggestions_touching(
        session, installment_ids, transaction_ids
    )
    reconciliation = await _locked(session, reconciliation_id)
    await _audit(
        session,
        principal,
        "reconciliation.matched_manually",
        reconciliation_id,
        None,
        {
            **_snapshot(reconciliation),
            "reason": reason or None,
            "installments": [str(i) for i in installment_ids],
            "transactions": [str(t) for t in transaction_ids],
            "dropped_suggestions": [str(d) for d in dropped],
        },
    )
    await _changed(
        session,
        principal,
        _CHANGE.MATCHED,
        [reconciliation_id],
        dropped,
        counts=_ONE_MATCHED,
    )
    return reconciliation


async def unmatch(
    session: AsyncSession, principal: Principal, reconciliation_id: uuid.UUID, reason: str | None
) -> Reconciliation:
    """Undo a match: its items reopen, and it is kept as a rejection (never proposed again)."""
    require(principal, Permission.REVIEW)
    items = await repository.items_of(session, [reconciliation_id])
    await repository.lock_installments(
        session, [i.installment_id for i in items if i.installment_id is not None]
    )
    await repository.lock_transactions(
        session, [i.transaction_id for i in items if i.transaction_id is not None]
    )
    reconciliation = await _locked(session, reconciliation_id)
    if reconciliation.status != ReconciliationStatus.MATCHED.value:
        raise Conflict(f"this reconciliation is {reconciliation.status}", code="NOT_MATCHED")
    before = _snapshot(reconciliation)
    await repository.release_items(session, [reconciliation_id])
    now = utcnow()
    await repository.update_reconciliation(
        session,
        reconciliation_id,
        status=ReconciliationStatus.REJECTED.value,
        decided_by=DecidedBy.USER.value,
        decided_by_user_id=principal.user_id,
        decided_at=now,
        updated_at=now,
        reasons=[*reconciliation.reasons, {"code": "unmatched_by_user", "message": reason or ""}],
    )
    reconciliation = await _locked(session, reconciliation_id)
    await _audit(
        session,
        principal,
        "reconciliation.unmatched",
        reconciliation_id,
        before,
        {**_snapshot(reconciliation), "reason": reason},
    )
    await _changed(session, principal, _CHANGE.UNMATCHED, [reconciliation_id], counts=_ONE_UNDONE)
    return reconciliation


# Decisions a person can take back, and the entry that records taking one back.
_UNDOABLE = frozenset(
    {
        "reconciliation.accepted",
        "reconciliation.rejected",
        "reconciliation.unmatched",
        "reconciliation.matched_manually",
    }
)
_UNDONE = "reconciliation.decision_undone"


@dataclass(frozen=True, slots=True)
class Undone:
    """The reconciliation as it is again (None: a manual match, now gone) and the
    reconciliation.changed counts of taking the decision back."""

    reconciliation_id: uuid.UUID
    reconciliation: Reconciliation | None
    counts: webhooks.ReconciliationCounts


async def undo_decision(
    session: AsyncSession, principal: Principal, reconciliation_id: uuid.UUID
) -> Undone:
    """Take back the last decision a person made on this reconciliation.

    An accept becomes the suggestion it was (its items reopen), a rejection a suggestion
    again, an unmatch the match it was (if its items are still open), and a manual match
    is removed. Conflict CHANGED_SINCE when something else changed it after that
    decision, NOTHING_TO_UNDO when its last decision was already taken back.
    """
    require(principal, Permission.REVIEW)
    undone = await _undo(session, principal, reconciliation_id, batch=None)
    await _changed(session, principal, _CHANGE.REVERTED, [reconciliation_id], counts=undone.counts)
    return undone


async def undo_batch(
    session: AsyncSession, principal: Principal, batch_id: uuid.UUID
) -> BulkOutcome:
    """Take back every decision of one bulk action (those that can be: see undo_decision)."""
    require(principal, Permission.REVIEW)
    ids = await audit.entity_ids_of_batch(session, "reconciliation", batch_id)
    if not ids:
        raise NotFound("no bulk action with this id")
    batch = uuid.uuid4()
    decided: list[Reconciliation] = []
    skipped: list[tuple[uuid.UUID, str]] = []
    reverted: list[uuid.UUID] = []
    counts = webhooks.ReconciliationCounts()
    for reconciliation_id in dict.fromkeys(ids):
        try:
            async with session.begin_nested():
                undone = await _undo(session, principal, reconciliation_id, batch=batch)
        except (Conflict, NotFound) as error:
            skipped.append((reconciliation_id, error.code))
            continue
        reverted.append(reconciliation_id)
        counts = webhooks.ReconciliationCounts(
            matched=counts.matched + undone.counts.matched,
            undone=counts.undone + undone.counts.undone,
        )
        if undone.reconciliation is not None:
            decided.append(undone.reconciliation)
    if reverted:
        await _changed(session, principal, _CHANGE.REVERTED, reverted, counts=counts)
    return BulkOutcome(batch_id=batch, decided=decided, skipped=skipped)


async def _undo(
    session: AsyncSession,
    principal: Principal,
    reconciliation_id: uuid.UUID,
    *,
    batch: uuid.UUID | None,
) -> Undone:
    history = [
        e
        for e in await audit.history(session, "reconciliation", reconciliation_id)
        if e.action in _UNDOABLE or e.action == _UNDONE
    ]
    if not history:
        raise NotFound("reconciliation not found")
    last = history[-1]
    if last.action == _UNDONE:
        raise Conflict("its last decision was already taken back", code="NOTHING_TO_UNDO")
    items = await repository.items_of(session, [reconciliation_id])
    installment_ids = [i.installment_id for i in items if i.installment_id is not None]
    transaction_ids = [i.transaction_id for i in items if i.transaction_id is not None]
    installments = await repository.lock_installments(session, installment_ids)
    transactions = await repository.lock_transactions(session, transaction_ids)
    reconciliation = await _locked(session, reconciliation_id)
    after, before = last.after or {}, last.before or {}
    if reconciliation.status != after.get("status"):
        raise Conflict("it changed after that decision", code="CHANGED_SINCE")
    snapshot = _snapshot(reconciliation)
    now = utcnow()
    counts = _NOTHING
    if last.action == "reconciliation.matched_manually":
        await repository.delete_reconciliation(session, reconciliation_id)
        restored: Reconciliation | None = None
        counts = _ONE_UNDONE
    else:
        # The person's own reason is dropped with the decision it explained.
        own = {"rejected_by_user", "unmatched_by_user"}
        values: dict[str, Any] = {
            "status": before.get("status", ReconciliationStatus.SUGGESTED.value),
            "decided_by": before.get("decided_by", DecidedBy.SYSTEM.value),
            "updated_at": now,
            "reasons": [r for r in reconciliation.reasons if r.get("code") not in own],
        }
        if last.action == "reconciliation.accepted":
            await repository.release_items(session, [reconciliation_id])
            values |= {"decided_by_user_id": None, "decided_at": None}
            counts = _ONE_UNDONE
        elif last.action == "reconciliation.rejected":
            _still_open(installments, len(set(installment_ids)), "installment")
            _still_open(transactions, len(set(transaction_ids)), "transaction")
            values |= {"decided_by_user_id": None, "decided_at": None}
        else:  # unmatched: the match again, if its items still have what it allocated
            _still_open(installments, len(set(installment_ids)), "installment")
            _still_open(transactions, len(set(transaction_ids)), "transaction")
            opens = _new_opens(items, installments, transactions)
            await repository.set_open_amounts(session, *opens)
            values |= {"decided_at": now}
            counts = _ONE_MATCHED
        await repository.update_reconciliation(session, reconciliation_id, **values)
        restored = await _locked(session, reconciliation_id)
    await _audit(
        session,
        principal,
        _UNDONE,
        reconciliation_id,
        snapshot,
        {
            **(_snapshot(restored) if restored is not None else {"status": "removed"}),
            "undone_action": last.action,
            "undone_entry": str(last.id),
            **_in_batch(batch),
        },
    )
    return Undone(reconciliation_id=reconciliation_id, reconciliation=restored, counts=counts)


async def prepare_run(
    session: AsyncSession,
    principal: Principal,
    document_ids: Sequence[uuid.UUID] | None,
    *,
    force: bool,
) -> int:
    """Check a requested run; with ``force``, release the engine's and rules' matches (of
    these documents, or all) so the run decides them afresh, e.g. after rules changed.
    People's decisions are never touched. Returns how many matches were released."""
    require(principal, Permission.REVIEW)
    if document_ids:
        found = await repository.installment_ids_of_documents(session, document_ids)
        if len(found) != len(set(document_ids)):
            raise NotFound("document not found")
    if not force:
        return 0
    require(principal, Permission.MANAGE_RULES)
    ids = await repository.automatic_matches(session, document_ids)
    if ids:
        await repository.release_items(session, ids)
        await repository.delete_reconciliations(session, ids)
        await audit.record(
            session,
            organization_id=principal.organization_id,
            actor_type=principal.actor_type,
            actor_id=principal.subject_id,
            action="reconciliation.reset",
            entity_type="organization",
            entity_id=principal.organization_id,
            before={"automatic_matches": len(ids)},
            after={"documents": [str(d) for d in document_ids] if document_ids else "all"},
        )
        # The run that follows decides thousands afresh: counts, not ids (like a run).
        await _changed(
            session,
            principal,
            _CHANGE.RESET,
            [],
            ids,
            counts=webhooks.ReconciliationCounts(undone=len(ids)),
            name_ids=False,
        )
    return len(ids)
