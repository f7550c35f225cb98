"""Scoring a candidate: each signal adds log-odds, the score is their logistic.

A candidate ("hypothesis") is a set of document sides and transactions that may settle
each other. Its breakdown lists every signal's contribution, and its reasons say the same
in pt-BR for people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from backend.reconciliation import reasons as why
from backend.reconciliation.bank_calendar import business_days_between
from backend.reconciliation.config import EngineConfig
from backend.reconciliation.decisions import MatchKind
from backend.reconciliation.learning import TenantHistory
from backend.reconciliation.model import TransactionType
from backend.reconciliation.prepared import PreparedDocument, PreparedTransaction
from backend.reconciliation.reasons import Reason
from backend.reconciliation.text import memo_name_similarity, name_similarity

_HUNDRED = Decimal(100)
_THIRTY = Decimal(30)
# Name similarity bands (share of identifying tokens, or rapidfuzz ratio / 100).
_NAME_STRONG = 0.9
_NAME_MEDIUM = 0.66
_NAME_WEAK = 0.5
_NO_DUE_DATE_ON_TIME = 5  # business days after issue for documents without a due date


@dataclass(slots=True)
class Hypothesis:
    """A candidate match with its score breakdown."""

    kind: MatchKind
    docs: tuple[int, ...]
    txs: tuple[int, ...]
    logit: float
    breakdown: tuple[tuple[str, float], ...]
    reasons: tuple[Reason, ...]
    difference: Decimal
    amount_explained: bool
    hard: bool = False
    rule_id: str | None = None
    rule_effect: str | None = None
    extra_reasons: list[Reason] = field(default_factory=list)
    _items: tuple[tuple[str, int], ...] | None = None
    _score: tuple[float, float] | None = None

    @property
    def items(self) -> tuple[tuple[str, int], ...]:
        """The document sides ("d", i) and transactions ("t", j) this candidate takes."""
        if self._items is None:
            self._items = tuple(("d", i) for i in self.docs) + tuple(("t", j) for j in self.txs)
        return self._items

    @property
    def score(self) -> float:
        """Probability-like score in [0, 1] (cached until the logit changes)."""
        if self._score is None or self._score[0] != self.logit:
            self._score = (self.logit, 1.0 / (1.0 + math.exp(-self.logit)))
        return self._score[1]

    @property
    def weight(self) -> float:
        """What the assignment maximizes: the score per pair of items explained, so one
        coherent explanation of five items is not outweighed by a coincidence on two."""
        return self.score * (len(self.docs) + len(self.txs)) / 2

    @property
    def sort_key(self) -> tuple[float, int, tuple[int, ...], tuple[int, ...]]:
        """Best first, then fewer items, then by position: a total, deterministic order."""
        return (-self.logit, len(self.docs) + len(self.txs), self.docs, self.txs)


@dataclass(frozen=True, slots=True)
class AmountVerdict:
    """How the money of a candidate relates."""

    label: str
    weight: float
    reason: Reason
    explained: bool


class Scorer:
    """Scores candidates under one configuration and tenant history."""

    def __init__(
        self,
        config: EngineConfig,
        history: TenantHistory,
        documents: list[PreparedDocument],
        transactions: list[PreparedTransaction],
    ) -> None:
        self.config = config
        self.weights = config.weights
        self.history = history
        self.documents = documents
        self.transactions = transactions
        # Counterparty evidence depends only on (party, transaction): cache it, since a
        # transaction is scored against many documents of the same counterparty.
        self._party_cache: dict[tuple[str, int], tuple[float, tuple[Reason, ...], bool]] = {}
        self._habits: dict[str, tuple[TransactionType, str] | None] = {}

    def amount(
        self, due: Decimal, paid: Decimal, lag: int, days_late: int, credit: bool, partial_ok: bool
    ) -> AmountVerdict:
        """Classify the difference between what was due and what moved."""
        tol = self.config.tolerances
        w = self.weights
        diff = paid - due
        if diff == 0:
            return AmountVerdict("exact", w.amount_exact, why.amount_exact(), True)
        if abs(diff) <= tol.rounding:
            return AmountVerdict("rounding", w.amount_rounding, why.amount_rounding(diff), True)
        if diff > 0:
            if lag > 0:
                pct = tol.late_fine_pct + tol.monthly_interest_pct * Decimal(days_late) / _THIRTY
                if diff <= due * pct / _HUNDRED + tol.rounding:
                    return AmountVerdict(
                        "interest", w.amount_interest, why.amount_interest(diff), True
                    )
            return AmountVerdict("mismatch", w.amount_mismatch, why.amount_mismatch(diff), False)
        if credit and -diff <= tol.max_fee:
            return AmountVerdict("fee", w.amount_fee, why.amount_fee(diff), True)
        if lag <= 0 and -diff <= due * tol.max_discount_pct / _HUNDRED:
            return AmountVerdict("discount", w.amount_discount, why.amount_discount(diff), True)
        if partial_ok:
            return AmountVerdict(
                "partial", w.amount_partial, why.amount_partial(paid, due - paid), True
            )
        return AmountVerdict("mismatch", w.amount_mismatch, why.amount_mismatch(diff), False)

    def lag(self, doc: PreparedDocument, tx: PreparedTransaction) -> int:
        """Business days from the expected date to the posting (negative: early)."""
        return business_days_between(doc.expected, tx.tx.posted_on)

    def dates(
        self, doc: PreparedDocument, tx: PreparedTransaction, lag: int | None = None
    ) -> tuple[float, Reason]:
        """Date evidence for one pair (``lag`` when already known)."""
        w = self.weights
        posted = tx.tx.posted_on
        if posted < doc.doc.issue_date:
            return w.date_before_issue, why.paid_before_issue()
        if lag is None:
            lag = self.lag(doc, tx)
        if doc.doc.due_date is None:
            if lag <= _NO_DUE_DATE_ON_TIME:
                return w.date_on_time, why.paid_late(lag) if lag else why.paid_on_due_date()
            return self._late(lag), why.paid_late(lag)
        on_time = self.config.windows.on_time_business_days
        if lag == 0:
            return w.date_on_time, why.paid_on_due_date()
        if 0 < lag <= on_time:
            return w.date_on_time, why.paid_late(lag)
        if -on_time <= lag < 0:
            return w.date_on_time, why.paid_early(-lag)
        if lag < 0:
            early = w.date_early_base + w.date_early_per_business_day * -lag
            return max(w.date_early_floor, early), why.paid_early(-lag)
        return self._late(lag), why.paid_late(lag)

    def _late(self, lag: int) -> float:
        w = self.weights
        return max(w.date_late_floor, w.date_late_base + w.date_late_per_business_day * lag)

    def party(
        self, doc: PreparedDocument, tx: PreparedTransaction
    ) -> tuple[float, tuple[Reason, ...], bool]:
        """Counterparty evidence: tax id, learned alias, name. The flag says whether the
        transaction positively identifies this counterparty."""
        key = (doc.party, tx.index)
        cached = self._party_cache.get(key)
        if cached is not None:
            return cached
        result = self._party(doc, tx)
        self._party_cache[key] = result
        return result

    def _party(
        self, doc: PreparedDocument, tx: PreparedTransaction
    ) -> tuple[float, tuple[Reason, ...], bool]:
        w = self.weights
        tax_id = doc.doc.counterparty_tax_id and doc.party
        weight = 0.0
        found: list[Reason] = []
        identified = False
        if tax_id:
            if tax_id in tx.tax_ids:
                weight += w.tax_id_match
                found.append(why.tax_id_in_memo(payer=doc.receivable))
                identified = True
            elif tx.alias == tax_id:
                weight += w.tax_id_alias
                found.append(why.tax_id_alias())
                identified = True
            elif tx.tax_ids:
                weight += w.tax_id_conflict
                found.append(why.tax_id_conflict())
                return weight, tuple(found), False
        similarity = 0.0
        if tx.tx.counterparty_name and doc.doc.counterparty_name:
            similarity = name_similarity(tx.tx.counterparty_name, doc.doc.counterparty_name)
        if similarity < _NAME_STRONG and doc.name_tokens:
            in_memo = memo_name_similarity(doc.name_tokens, tx.facts.tokens, tx.facts.last_token)
            similarity = max(similarity, in_memo)
        name_weight = 0.0
        if similarity >= _NAME_STRONG:
            name_weight = w.name_strong
        elif similarity >= _NAME_MEDIUM:
            name_weight = w.name_medium
        elif similarity >= _NAME_WEAK:
            name_weight = w.name_weak
        elif tx.tx.counterparty_name and doc.doc.counterparty_name:
            name_weight = w.name_different
            found.append(why.name_different())
        if similarity >= _NAME_WEAK:
            found.append(why.name_similar(similarity))
        identified = identified or similarity >= _NAME_MEDIUM
        # A matching tax id already implies the name: together they only add a little.
        weight = weight + min(name_weight, w.name_with_tax_id) if weight > 0 else name_weight
        return weight, tuple(found), identified

    def score(
        self,
        kind: MatchKind,
        docs: tuple[int, ...],
        txs: tuple[int, ...],
        *,
        hard_key: str | None = None,
    ) -> Hypothesis:
        """Score a candidate made of ``docs`` and ``txs`` (indexes into the prepared lists)."""
        w = self.weights
        pdocs = [self.documents[i] for i in docs]
        ptxs = [self.transactions[j] for j in txs]
        single = len(pdocs) == 1 and len(ptxs) == 1
        if single:
            latest_doc, last_tx = pdocs[0], ptxs[0]
            due, paid = latest_doc.balance, last_tx.magnitude
        else:
            due = sum((d.balance for d in pdocs), Decimal(0))
            paid = sum((t.magnitude for t in ptxs), Decimal(0))
            last_tx = max(ptxs, key=lambda t: (t.tx.posted_on, t.index))
            latest_doc = max(pdocs, key=lambda d: (d.expected, d.index))
        lag = self.lag(latest_doc, last_tx)
        days_late = (last_tx.tx.posted_on - latest_doc.expected).days
        verdict = self.amount(
            due,
            paid,
            lag,
            days_late,
            last_tx.credit,
            partial_ok=kind in (MatchKind.PARTIAL, MatchKind.SPLIT),
        )
        if verdict.label == "exact" and not single:
            verdict = AmountVerdict(
                "exact", w.amount_exact, why.amount_sum_exact(len(pdocs) + len(ptxs)), True
            )
        breakdown: list[tuple[str, float]] = [("prior", w.prior), ("amount", verdict.weight)]
        found: list[Reason] = []
        if hard_key is not None:
            breakdown.append(("reference", w.hard_key))
            found.append(why.hard_key(hard_key))
        found.append(verdict.reason)

        if single:
            date_weight, date_reason = self.dates(latest_doc, last_tx, lag)
            party_weight, party_reasons, _ = self.party(latest_doc, last_tx)
        else:
            date_weight = min(self.dates(d, t)[0] for d in pdocs for t in ptxs)
            date_reason = self.dates(latest_doc, last_tx, lag)[1]
            party_weight, party_reasons, _ = min(
                (self.party(d, t) for d in pdocs for t in ptxs), key=lambda item: item[0]
            )
        if verdict.label in ("interest", "discount"):
            # The timing is what explains the difference: lateness (or earliness) that
            # agrees with interest (or a discount) is evidence, not a doubt.
            date_weight = max(date_weight, w.date_on_time)
        breakdown.append(("date", date_weight))
        found.append(date_reason)
        breakdown.append(("counterparty", party_weight))
        found.extend(party_reasons)

        numbers = {d.number for d in pdocs if d.number and len(d.number) >= 3}
        memo_numbers = set().union(*(t.facts.numbers for t in ptxs))
        if tx_refs := {t.tx.references.document_number for t in ptxs} - {None}:
            memo_numbers |= {str(n).lstrip("0") for n in tx_refs}
        if hit := sorted(numbers & memo_numbers):
            breakdown.append(("document_number", w.document_number))
            found.append(why.document_number_in_memo(hit[0]))

        if self._habitual(pdocs, ptxs):
            breakdown.append(("habit", w.habit))
            found.append(why.payment_habit())
        extra = len(pdocs) + len(ptxs) - 2
        if extra > 0:
            breakdown.append(("group_size", w.many_items_per_extra * extra))
        return Hypothesis(
            kind=kind,
            docs=docs,
            txs=txs,
            logit=sum(v for _, v in breakdown),
            breakdown=tuple(breakdown),
            reasons=tuple(found),
            difference=paid - due,
            amount_explained=verdict.explained,
            hard=hard_key is not None,
        )

    def interchangeable(self, hyp: Hypothesis) -> None:
        """Mark a grouped candidate whose member has a same-amount twin outside it."""
        penalty = self.weights.interchangeable_member
        hyp.logit += penalty
        hyp.breakdown = (*hyp.breakdown, ("interchangeable", penalty))
        hyp.reasons = (*hyp.reasons, why.interchangeable_member())

    def _habitual(self, docs: list[PreparedDocument], txs: list[PreparedTransaction]) -> bool:
        tax_id = docs[0].doc.counterparty_tax_id and docs[0].party
        if not tax_id or not self.history.habits:
            return False
        if tax_id not in self._habits:
            self._habits[tax_id] = self.history.habit_of(tax_id)
        habit = self._habits[tax_id]
        return habit is not None and all((t.tx.type, t.tx.account_id) == habit for t in txs)
