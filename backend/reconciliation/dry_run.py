"""Dry run of rules: what a rule set (or one more rule) would change on given data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backend.reconciliation.config import EngineConfig
from backend.reconciliation.decisions import MatchStatus, PriorDecision, ReconcileResult
from backend.reconciliation.engine import reconcile
from backend.reconciliation.learning import TenantHistory
from backend.reconciliation.model import Document, Transaction
from backend.reconciliation.rules import RuleSet


@dataclass(frozen=True, slots=True)
class RuleChange:
    """How one item's outcome changes: ``before``/``after`` read like ``matched:T1,T2``,
    ``suggested``, ``unmatched``, ``ignored`` or ``classified:3.1.2.01``."""

    item: str
    before: str
    after: str
    rule_id: str | None


def _outcomes(result: ReconcileResult) -> dict[str, tuple[str, str | None]]:
    state: dict[str, tuple[str, str | None]] = {}
    for m in result.matches:
        if m.status is MatchStatus.MATCHED:
            for ref in m.documents:
                state[f"document:{ref}"] = ("matched:" + ",".join(m.transactions), m.rule_id)
            for tx in m.transactions:
                docs = ",".join(str(ref) for ref in m.documents)
                state[f"transaction:{tx}"] = ("matched:" + docs, m.rule_id)
        else:
            for ref in m.documents:
                state.setdefault(f"document:{ref}", ("suggested", m.rule_id))
            for tx in m.transactions:
                state.setdefault(f"transaction:{tx}", ("suggested", m.rule_id))
    for aside in result.set_aside_transactions:
        label = f"classified:{aside.ledger_account}" if aside.ledger_account else "ignored"
        state[f"transaction:{aside.item}"] = (label, aside.rule_id)
    for ref in result.unmatched_documents:
        state[f"document:{ref}"] = ("unmatched", None)
    for tx_id in result.unmatched_transactions:
        state[f"transaction:{tx_id}"] = ("unmatched", None)
    return state


def dry_run(
    candidate: RuleSet,
    documents: Sequence[Document],
    transactions: Sequence[Transaction],
    *,
    current: RuleSet | None = None,
    config: EngineConfig | None = None,
    history: TenantHistory | None = None,
    prior: Sequence[PriorDecision] = (),
) -> list[RuleChange]:
    """Every item whose outcome differs between the ``current`` rules and ``candidate``,
    with the rule responsible on the candidate side. Nothing is stored or decided."""
    before = _outcomes(
        reconcile(
            documents, transactions, config=config, history=history, rules=current, prior=prior
        )
    )
    after = _outcomes(
        reconcile(
            documents, transactions, config=config, history=history, rules=candidate, prior=prior
        )
    )
    changes = []
    for item in sorted(set(before) | set(after)):
        old = before.get(item, ("absent", None))
        new = after.get(item, ("absent", None))
        if old[0] != new[0]:
            changes.append(RuleChange(item, old[0], new[0], new[1] or old[1]))
    return changes
