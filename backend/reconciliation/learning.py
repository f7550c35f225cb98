"""Per-tenant learning as pure functions over an immutable history value.

The history records what people decided; ``learn`` folds new feedback into a new history,
and the engine reads it: memo aliases (a memo pattern confirmed twice for the same
counterparty), rejected pairs (never suggested again), payment habits (a counterparty
that always pays by TED from the same account) and a calibrated automatic threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from backend.reconciliation.model import DocumentRef, TransactionType
from backend.reconciliation.text import memo_pattern

ALIAS_CONFIRMATIONS = 2
HABIT_MIN_PAYMENTS = 2


class Verdict(StrEnum):
    """What a person did with a match or a suggestion."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class FeedbackTransaction:
    """The parts of a transaction that learning needs."""

    id: str
    memo: str
    type: TransactionType
    account_id: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """One decision a person made, with the counterparty of its documents and the score
    the engine had given (``None`` for a manual match the engine never proposed)."""

    verdict: Verdict
    documents: tuple[DocumentRef, ...]
    transactions: tuple[FeedbackTransaction, ...]
    counterparty_tax_id: str | None
    score: float | None = None


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class TenantHistory:
    """What the engine knows about one tenant from people's past decisions."""

    aliases: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    alias_votes: tuple[tuple[str, str, int], ...] = ()
    rejected_pairs: frozenset[tuple[DocumentRef, str]] = frozenset()
    habits: tuple[tuple[str, TransactionType, str, int], ...] = ()
    scored_feedback: tuple[tuple[float, bool], ...] = ()
    automatic_threshold: float | None = None

    def alias_for(self, memo: str) -> str | None:
        """The counterparty a memo's pattern was confirmed as, if any."""
        return self.aliases.get(memo_pattern(memo)) if self.aliases else None

    def is_rejected(self, document: DocumentRef, transaction_id: str) -> bool:
        """Whether a person rejected this pair."""
        return (document, transaction_id) in self.rejected_pairs

    def habit_of(self, tax_id: str) -> tuple[TransactionType, str] | None:
        """The (type, account) a counterparty used in most of its confirmed payments,
        when it used it at least twice."""
        best: tuple[int, TransactionType, str] | None = None
        for cp, kind, account, count in self.habits:
            if cp == tax_id and count >= HABIT_MIN_PAYMENTS and (best is None or count > best[0]):
                best = (count, kind, account)
        return None if best is None else (best[1], best[2])


def learn(history: TenantHistory, feedback: Iterable[Feedback]) -> TenantHistory:
    """Fold people's decisions into a new history (the input is never modified)."""
    votes = {(pattern, cp): n for pattern, cp, n in history.alias_votes}
    habits = {(cp, kind, account): n for cp, kind, account, n in history.habits}
    rejected = set(history.rejected_pairs)
    scored = list(history.scored_feedback)
    for item in feedback:
        confirmed = item.verdict is not Verdict.REJECTED
        if item.score is not None:
            scored.append((item.score, confirmed))
        if not confirmed:
            rejected.update((d, t.id) for d in item.documents for t in item.transactions)
            continue
        if item.counterparty_tax_id is None:
            continue
        for tx in item.transactions:
            pattern = memo_pattern(tx.memo)
            if pattern:
                key = (pattern, item.counterparty_tax_id)
                votes[key] = votes.get(key, 0) + 1
            habit = (item.counterparty_tax_id, tx.type, tx.account_id)
            habits[habit] = habits.get(habit, 0) + 1
    aliases: dict[str, str] = {}
    for (pattern, cp), count in sorted(votes.items()):
        # A pattern confirmed for two different counterparties is ambiguous: no alias.
        if count >= ALIAS_CONFIRMATIONS:
            aliases[pattern] = "" if pattern in aliases else cp
    return replace(
        history,
        aliases=_frozen({p: cp for p, cp in aliases.items() if cp}),
        alias_votes=tuple(sorted((p, cp, n) for (p, cp), n in votes.items())),
        rejected_pairs=frozenset(rejected),
        habits=tuple(sorted((cp, k, a, n) for (cp, k, a), n in habits.items())),
        scored_feedback=tuple(scored),
    )


def calibrate_threshold(
    history: TenantHistory,
    *,
    target_precision: float = 0.995,
    minimum_decisions: int = 20,
    floor: float = 0.80,
    ceiling: float = 0.995,
) -> TenantHistory:
    """Set the automatic threshold to the lowest score at which people's decisions show
    at least ``target_precision`` (accepted among accepted + rejected above it).

    With fewer than ``minimum_decisions`` scored decisions the history is returned as is;
    the result never leaves [floor, ceiling], so a few lucky decisions cannot make the
    engine reckless, and when no threshold reaches the target it becomes ``ceiling``.
    """
    scored = sorted(history.scored_feedback)
    if len(scored) < minimum_decisions:
        return history
    candidates = sorted({floor} | {score for score, _ in scored if floor <= score <= ceiling})
    for threshold in candidates:
        above = [ok for score, ok in scored if score >= threshold]
        # A threshold is only certified by decisions above it, never by their absence.
        if above and sum(above) / len(above) >= target_precision:
            return replace(history, automatic_threshold=threshold)
    return replace(history, automatic_threshold=ceiling)
