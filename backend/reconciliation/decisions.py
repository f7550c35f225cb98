"""What the engine decides: matches (matched or suggested), undo notices, the leftovers,
and the decisions a person or an earlier run made that the engine must respect."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from backend.reconciliation.model import DocumentRef
from backend.reconciliation.reasons import Reason


class MatchStatus(StrEnum):
    """Outcome of a candidate: automatic match or a suggestion for a person."""

    MATCHED = "matched"
    SUGGESTED = "suggested"


class MatchKind(StrEnum):
    """The shape of a match."""

    ONE_TO_ONE = "one_to_one"
    PARTIAL = "partial"  # one transaction pays part of a document side
    SPLIT = "split"  # several transactions pay one document side (1:N)
    AGGREGATED = "aggregated"  # one transaction pays several document sides (N:1)
    MANY_TO_MANY = "many_to_many"
    THREE_WAY = "three_way"  # document ↔ CNAB liquidation ↔ bank credit


class DecidedBy(StrEnum):
    """Who made a decision."""

    SYSTEM = "system"
    RULE = "rule"
    USER = "user"


class PriorStatus(StrEnum):
    """Status of a decision made before this run."""

    MATCHED = "matched"  # automatic, by the system or a rule
    ACCEPTED = "accepted"  # a person accepted a suggestion
    MANUAL = "manual"  # a person built the match
    REJECTED = "rejected"  # a person rejected the pair


@dataclass(frozen=True, slots=True)
class Allocation:
    """How much of a transaction goes to one document side."""

    document: DocumentRef
    transaction_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Match:
    """A matched or suggested set of document sides and transactions.

    ``difference`` is the sum of the transactions' allocated amounts minus the sum of the
    documents' open amounts (positive: paid more, e.g. interest; negative: fee, discount or
    a partial payment). ``rank`` orders suggestions competing for the same item (1 = best);
    ``breakdown`` holds each signal's contribution to the score in log-odds.
    """

    status: MatchStatus
    kind: MatchKind
    documents: tuple[DocumentRef, ...]
    transactions: tuple[str, ...]
    score: float
    difference: Decimal
    reasons: tuple[Reason, ...]
    allocations: tuple[Allocation, ...]
    breakdown: tuple[tuple[str, float], ...] = ()
    rank: int = 1
    decided_by: DecidedBy = DecidedBy.SYSTEM
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class PriorDecision:
    """A decision made before this run, passed back so the engine respects it.

    Active decisions (matched, accepted, manual) close what their allocations cover;
    rejected ones forbid each (document, transaction) pair they list.
    """

    status: PriorStatus
    documents: tuple[DocumentRef, ...]
    transactions: tuple[str, ...]
    allocations: tuple[Allocation, ...] = ()
    decided_by: DecidedBy = DecidedBy.SYSTEM
    id: str | None = None

    @property
    def is_active(self) -> bool:
        """Whether the decision closes the amounts it allocates."""
        return self.status is not PriorStatus.REJECTED


@dataclass(frozen=True, slots=True)
class Undo:
    """A prior match that must be undone, and why (e.g. the document was cancelled).

    A decision a person made is never undone silently: ``needs_confirmation`` is then set.
    """

    decision: PriorDecision
    reasons: tuple[Reason, ...]
    needs_confirmation: bool


@dataclass(frozen=True, slots=True)
class SetAside:
    """A transaction or document side kept out of matching, with the reason."""

    item: str
    reasons: tuple[Reason, ...]
    ledger_account: str | None = None
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """Everything one run decided, in a deterministic order."""

    matches: tuple[Match, ...]
    unmatched_documents: tuple[DocumentRef, ...]
    unmatched_transactions: tuple[str, ...]
    undo: tuple[Undo, ...] = ()
    set_aside_transactions: tuple[SetAside, ...] = ()
    set_aside_documents: tuple[SetAside, ...] = ()
    open_balances: tuple[tuple[DocumentRef, Decimal], ...] = field(default=())

    @property
    def matched(self) -> tuple[Match, ...]:
        """Only the automatic matches."""
        return tuple(m for m in self.matches if m.status is MatchStatus.MATCHED)

    @property
    def suggested(self) -> tuple[Match, ...]:
        """Only the suggestions."""
        return tuple(m for m in self.matches if m.status is MatchStatus.SUGGESTED)
