"""The engine: blocking → scoring → global assignment → outcomes, incrementally.

``reconcile`` is a pure function of its inputs. It matches the open document sides
against the open transactions; decisions made before (``prior``) close what they
allocate and are never changed, except that a match whose document was cancelled
afterwards is reported for undoing.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

from backend.reconciliation import reasons as why
from backend.reconciliation.assignment import items_of, prune, select
from backend.reconciliation.candidates import CandidateIndex
from backend.reconciliation.config import EngineConfig
from backend.reconciliation.decisions import (
    Allocation,
    DecidedBy,
    Match,
    MatchKind,
    MatchStatus,
    PriorDecision,
    ReconcileResult,
    SetAside,
    Undo,
)
from backend.reconciliation.learning import TenantHistory
from backend.reconciliation.model import (
    Document,
    DocumentRef,
    DocumentStatus,
    Transaction,
    TransactionType,
)
from backend.reconciliation.prepared import (
    PreparedDocument,
    PreparedTransaction,
    prepare_document,
    prepare_transaction,
)
from backend.reconciliation.reasons import Reason
from backend.reconciliation.rules import Rule, RuleSet, pair_rule, transaction_rule
from backend.reconciliation.scoring import Hypothesis, Scorer
from backend.reconciliation.subsets import find_many_to_many
from backend.reconciliation.text import digits, read_memo
from backend.reconciliation.threeway import Settlement, find_settlements

_ASIDE_TYPES = {
    TransactionType.FEE: "bank_fee",
    TransactionType.TAX: "tax",
    TransactionType.PAYROLL: "payroll",
    TransactionType.INTEREST: "interest",
}
_ZERO = Decimal(0)


def reconcile(
    documents: Sequence[Document],
    transactions: Sequence[Transaction],
    *,
    config: EngineConfig | None = None,
    history: TenantHistory | None = None,
    rules: RuleSet | None = None,
    prior: Sequence[PriorDecision] = (),
) -> ReconcileResult:
    """Match open document sides with open transactions.

    ``prior`` holds the decisions already made (by this engine, a rule or a person):
    active ones close the amounts they allocate (a decision without allocations closes
    its items entirely), rejected ones forbid their pairs. Same input, same output.
    """
    with _without_cyclic_gc():
        # The run's working state is freed here, before the collector comes back on, so
        # its first pass has only the inputs and the result to scan.
        return _Run(
            documents,
            transactions,
            config or EngineConfig(),
            history or TenantHistory(),
            rules,
            prior,
        ).run()


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for one run, then restore its state.

    A run allocates millions of small acyclic objects (candidates, tuples, reasons); the
    collector's generation scans over them cost about 40 % of the run time at 30k × 30k.
    Reference counting still frees everything; nothing the engine builds is cyclic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Run:
    """One reconciliation run; holds the intermediate state of ``reconcile``."""

    def __init__(
        self,
        documents: Sequence[Document],
        transactions: Sequence[Transaction],
        config: EngineConfig,
        history: TenantHistory,
        rules: RuleSet | None,
        prior: Sequence[PriorDecision],
    ) -> None:
        self.config = config
        self.history = history
        self.rules: list[Rule] = rules.ordered() if rules else []
        self.documents = sorted(documents, key=lambda d: (d.key, d.installment or ""))
        self.transactions = sorted(transactions, key=lambda t: t.id)
        self.prior = list(prior)
        self.undo: list[Undo] = []
        self.aside_tx: list[SetAside] = []
        self.aside_doc: list[SetAside] = []
        self.rejected: set[tuple[DocumentRef, str]] = set(history.rejected_pairs)

    # Inputs ---------------------------------------------------------------------------

    def _closed_amounts(self) -> tuple[dict[DocumentRef, Decimal], dict[str, Decimal]]:
        by_ref = {d.ref: d for d in self.documents}
        by_id = {t.id: t for t in self.transactions}
        doc_taken: dict[DocumentRef, Decimal] = defaultdict(Decimal)
        tx_taken: dict[str, Decimal] = defaultdict(Decimal)
        for decision in self.prior:
            if not decision.is_active:
                self.rejected.update(
                    (d, t) for d in decision.documents for t in decision.transactions
                )
                continue
            cancelled = [
                ref
                for ref in decision.documents
                if ref in by_ref and by_ref[ref].status is not DocumentStatus.AUTHORIZED
            ]
            by_person = decision.decided_by is DecidedBy.USER
            if cancelled:
                self.undo.append(Undo(decision, (why.cancelled_after_match(),), by_person))
                if not by_person:
                    continue  # released: its transactions are open again
            if decision.allocations:
                for a in decision.allocations:
                    doc_taken[a.document] += a.amount
                    tx_taken[a.transaction_id] += a.amount
            else:
                for ref in decision.documents:
                    if ref in by_ref:
                        doc_taken[ref] += by_ref[ref].balance
                for tx_id in decision.transactions:
                    if tx_id in by_id:
                        tx_taken[tx_id] += by_id[tx_id].magnitude
        return doc_taken, tx_taken

    def _aside_reason(self, tx: Transaction) -> tuple[Reason, str | None, str | None] | None:
        rule = transaction_rule(self.rules, tx)
        if rule is not None:
            if rule.then.type == "classify":
                account = getattr(rule.then, "ledger_account", None)
                return why.rule_applied(rule.id, f"classificado em {account}"), account, rule.id
            return why.rule_applied(rule.id, "lançamento ignorado"), None, rule.id
        if tx.type in _ASIDE_TYPES:
            return why.set_aside(_ASIDE_TYPES[tx.type]), None, None
        own = self.config.own_tax_ids
        counterparty = digits(tx.counterparty_tax_id) if tx.counterparty_tax_id else None
        if counterparty in own or (
            tx.type is TransactionType.TRANSFER and own and self._memo_names_only_own(tx)
        ):
            return why.set_aside("own_transfer"), None, None
        return None

    def _memo_names_only_own(self, tx: Transaction) -> bool:
        ids = read_memo(tx.memo).tax_ids
        return bool(ids) and ids <= self.config.own_tax_ids

    def _prepare(self) -> None:
        doc_taken, tx_taken = self._closed_amounts()
        self.pdocs: list[PreparedDocument] = []
        for doc in self.documents:
            if doc.status is not DocumentStatus.AUTHORIZED:
                self.aside_doc.append(SetAside(str(doc.ref), (why.set_aside("cancelled"),)))
                continue
            balance = doc.balance - doc_taken.get(doc.ref, _ZERO)
            if balance > 0:
                self.pdocs.append(prepare_document(len(self.pdocs), doc, balance, self.config))
        open_txs: list[tuple[Transaction, Decimal]] = []
        for tx in self.transactions:
            remaining = tx.magnitude - tx_taken.get(tx.id, _ZERO)
            if remaining > 0:
                open_txs.append((tx, remaining))
        untouched = {tx.id for tx, remaining in open_txs if remaining == tx.magnitude}
        self.settlements = find_settlements(self.transactions, untouched)
        settled = {s.bank_transaction: s for s in self.settlements}
        self.ptxs: list[PreparedTransaction] = []
        for tx, remaining in open_txs:
            if tx.id in settled:
                self.aside_tx.append(SetAside(tx.id, (why.set_aside("settled_by_cnab"),)))
                continue
            aside = self._aside_reason(tx)
            if aside is not None:
                reason, account, rule_id = aside
                self.aside_tx.append(SetAside(tx.id, (reason,), account, rule_id))
                continue
            self.ptxs.append(
                prepare_transaction(len(self.ptxs), tx, remaining, self.config, self.history)
            )

    # Candidates -----------------------------------------------------------------------

    def _candidates(self) -> list[Hypothesis]:
        self.scorer = Scorer(self.config, self.history, self.pdocs, self.ptxs)
        tolerant = any(rule.then.type == "auto_match" for rule in self.rules)
        self.index = CandidateIndex(
            self.pdocs, self.scorer, self.config, self._rule_tolerates if tolerant else None
        )
        found: list[Hypothesis] = []
        partials: dict[int, list[Hypothesis]] = defaultdict(list)
        for t in self.ptxs:
            hard = self.index.hard_candidates(t)
            if hard is not None:
                found.append(hard)
                continue
            for hyp in self.index.soft_candidates(t):
                found.append(hyp)
                if hyp.kind is MatchKind.PARTIAL:
                    partials[hyp.docs[0]].append(hyp)
        for doc_index in sorted(partials):
            if len(partials[doc_index]) >= 2:
                split = self.index.split_candidates(doc_index, partials[doc_index], self.ptxs)
                if split is not None:
                    found.append(split)
        found.extend(self._many_to_many(found))
        return prune([h for h in found if self._admissible(h)], self.config.bounds)

    def _rule_tolerates(self, doc: PreparedDocument, tx: PreparedTransaction) -> bool:
        rule = pair_rule(self.rules, [doc.doc], [tx.tx])
        tolerance = getattr(rule.then, "tolerance", None) if rule is not None else None
        return tolerance is not None and bool(tolerance.allows(doc.balance, tx.magnitude))

    def _admissible(self, hyp: Hypothesis) -> bool:
        if not (hyp.amount_explained or hyp.hard):
            return False
        if self.rejected and any(
            (self.pdocs[i].ref, self.ptxs[j].tx.id) in self.rejected
            for i in hyp.docs
            for j in hyp.txs
        ):
            return False
        self._apply_pair_rule(hyp)
        return hyp.score >= self.config.thresholds.suggestion or hyp.rule_effect == "auto_match"

    def _apply_pair_rule(self, hyp: Hypothesis) -> None:
        if not self.rules:
            return
        docs = [self.pdocs[i].doc for i in hyp.docs]
        txs = [self.ptxs[j].tx for j in hyp.txs]
        rule = pair_rule(self.rules, docs, txs)
        if rule is None:
            return
        action = rule.then
        due = sum((self.pdocs[i].balance for i in hyp.docs), _ZERO)
        paid = sum((self.ptxs[j].magnitude for j in hyp.txs), _ZERO)
        if action.type == "auto_match":
            tolerance = getattr(action, "tolerance")  # noqa: B009 - narrowed by type
            if tolerance.allows(due, paid):
                hyp.rule_id, hyp.rule_effect = rule.id, "auto_match"
                hyp.extra_reasons.append(why.rule_applied(rule.id, "conciliação automática"))
        elif action.type == "suggest_only":
            hyp.rule_id, hyp.rule_effect = rule.id, "suggest_only"
            hyp.extra_reasons.append(why.rule_applied(rule.id, "apenas sugerir"))
        elif action.type == "require_review" and paid > getattr(action, "above", paid):
            hyp.rule_id, hyp.rule_effect = rule.id, "require_review"
            hyp.extra_reasons.append(
                why.rule_applied(rule.id, "revisão obrigatória acima do limite")
            )

    def _many_to_many(self, found: list[Hypothesis]) -> list[Hypothesis]:
        """N:M candidates, per counterparty, among transactions nothing else explains.

        Only transactions whose candidates are all partial payments (or none) and that
        identify exactly one counterparty take part; the search sees at most
        ``Bounds.many_documents`` of its open sides (nearest due dates) and
        ``Bounds.many_transactions`` transactions, so it costs at most 2^12 + 2^8 sums.
        """
        bounds = self.config.bounds
        threshold = self.config.thresholds.suggestion
        explained = {
            j
            for h in found
            if h.kind is not MatchKind.PARTIAL and h.amount_explained and h.score >= threshold
            for j in h.txs
        }
        groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
        for t in self.ptxs:
            if t.index in explained:
                continue
            party = self.index.primary_party(t)
            if party is not None:
                groups[(party, t.credit)].append(t.index)
        rounding = int(self.config.tolerances.rounding * 100)
        out: list[Hypothesis] = []
        for (party, credit), members in sorted(groups.items()):
            for txs in self._clusters(members):
                first = self.ptxs[txs[0]].tx.posted_on
                last = self.ptxs[txs[-1]].tx.posted_on
                docs = [
                    i
                    for i in self.index.by_party.get(party, ())
                    if self.pdocs[i].receivable == credit
                    and self.pdocs[i].earliest <= last
                    and self.pdocs[i].latest >= first
                ]
                docs.sort(key=lambda i: (abs((self.pdocs[i].expected - first).days), i))
                docs = sorted(docs[: bounds.many_documents])
                if len(docs) >= 2:
                    out.extend(self._settle_many(docs, sorted(txs), rounding))
        return out

    def _clusters(self, members: list[int]) -> list[list[int]]:
        """A counterparty's transactions split where a week passes without one, each part
        capped at ``Bounds.many_transactions``."""
        ordered = sorted(members, key=lambda j: (self.ptxs[j].tx.posted_on, j))
        clusters: list[list[int]] = []
        for j in ordered:
            current = clusters[-1] if clusters else None
            if (
                current is None
                or (self.ptxs[j].tx.posted_on - self.ptxs[current[-1]].tx.posted_on).days > 7
                or len(current) >= self.config.bounds.many_transactions
            ):
                clusters.append([j])
            else:
                current.append(j)
        return [c for c in clusters if len(c) >= 2]

    def _settle_many(self, docs: list[int], txs: list[int], rounding: int) -> list[Hypothesis]:
        """N:M candidates among these sides and transactions: the largest group whose
        sums meet, then the largest among what is left, and so on (a counterparty may
        settle two batches in the same week)."""
        out: list[Hypothesis] = []
        while len(docs) >= 2 and len(txs) >= 2:
            values = [self.pdocs[i].cents for i in docs]
            picked = find_many_to_many(values, [self.ptxs[j].cents for j in txs], rounding)
            if picked is None:
                break
            hyp = self.scorer.score(
                MatchKind.MANY_TO_MANY,
                tuple(docs[p] for p in picked[0]),
                tuple(txs[p] for p in picked[1]),
            )
            outside = {values[p] for p in range(len(docs)) if p not in picked[0]}
            if any(values[p] in outside for p in picked[0]):
                self.scorer.interchangeable(hyp)
            out.append(hyp)
            docs = [i for p, i in enumerate(docs) if p not in picked[0]]
            txs = [j for p, j in enumerate(txs) if p not in picked[1]]
        return out

    # Outcomes -------------------------------------------------------------------------

    def run(self) -> ReconcileResult:
        """Run every stage and assemble the result."""
        self._prepare()
        hyps = self._candidates()
        chosen = select(hyps, self.config.bounds)
        return self._outcomes(hyps, chosen)

    def _status(
        self, hyp: Hypothesis, regret: float | None
    ) -> tuple[MatchStatus, list[Reason], DecidedBy]:
        """Matched, or suggested with the reasons why not; ``regret`` is the log-odds the
        assignment loses to its closest rival (``None``: no rival)."""
        thresholds = self.config.thresholds
        automatic = self.history.automatic_threshold or thresholds.automatic
        notes: list[Reason] = list(hyp.extra_reasons)
        clear = regret is None or regret >= thresholds.rival_margin
        if not clear:
            notes.append(why.close_rival())
        if hyp.kind is MatchKind.PARTIAL and not (
            hyp.hard or any(name == "document_number" for name, _ in hyp.breakdown)
        ):
            notes.append(why.partial_without_reference())
            return MatchStatus.SUGGESTED, notes, DecidedBy.SYSTEM
        if hyp.rule_effect in ("suggest_only", "require_review"):
            return MatchStatus.SUGGESTED, notes, DecidedBy.RULE
        if hyp.rule_effect == "auto_match" and clear:
            return MatchStatus.MATCHED, notes, DecidedBy.RULE
        if hyp.score >= automatic and clear and hyp.amount_explained:
            return MatchStatus.MATCHED, notes, DecidedBy.SYSTEM
        if hyp.score < automatic:
            notes.append(why.below_threshold())
        return MatchStatus.SUGGESTED, notes, DecidedBy.SYSTEM

    def _outcomes(self, hyps: list[Hypothesis], chosen: list[int]) -> ReconcileResult:
        by_item: dict[tuple[str, int], list[int]] = defaultdict(list)
        for position, hyp in enumerate(hyps):
            for item in items_of(hyp):
                by_item[item].append(position)
        chosen_set = set(chosen)
        matches: list[Match] = []
        blocked: set[tuple[str, int]] = set()
        suggested: dict[int, tuple[list[Reason], DecidedBy]] = {}
        rivals = _Rivals(hyps, chosen, by_item, self.config.thresholds.rival_margin)
        for position in chosen:
            hyp = hyps[position]
            rival = rivals.regret(position)
            status, notes, decided_by = self._status(hyp, rival)
            if status is MatchStatus.MATCHED:
                blocked.update(items_of(hyp))
                matches.append(self._match(hyp, status, notes, decided_by, 1))
            else:
                suggested[position] = (notes, decided_by)
        matches.extend(self._suggestions(hyps, chosen_set, suggested, blocked))
        matches = self._attach_settlements(matches)
        matches.sort(key=lambda m: ([d.sort_key for d in m.documents], m.rank, m.transactions))
        in_matches_docs = {ref for m in matches for ref in m.documents}
        in_matches_txs = {t for m in matches for t in m.transactions}
        open_balances = []
        for m in matches:
            if m.status is MatchStatus.MATCHED and m.kind is MatchKind.PARTIAL:
                open_balances.append((m.documents[0], -m.difference))
        return ReconcileResult(
            matches=tuple(matches),
            unmatched_documents=tuple(d.ref for d in self.pdocs if d.ref not in in_matches_docs),
            unmatched_transactions=tuple(
                t.tx.id for t in self.ptxs if t.tx.id not in in_matches_txs
            ),
            undo=tuple(self.undo),
            set_aside_transactions=tuple(self.aside_tx),
            set_aside_documents=tuple(self.aside_doc),
            open_balances=tuple(open_balances),
        )

    def _suggestions(
        self,
        hyps: list[Hypothesis],
        chosen: set[int],
        primary: dict[int, tuple[list[Reason], DecidedBy]],
        blocked: set[tuple[str, int]],
    ) -> Iterable[Match]:
        """The chosen suggestions plus ranked alternatives that touch nothing matched."""
        limit = self.config.thresholds.max_suggestions
        threshold = self.config.thresholds.suggestion
        anchors: dict[tuple[str, int], list[int]] = defaultdict(list)
        for position in primary:
            for item in items_of(hyps[position]):
                anchors[item].append(position)
        alternatives = [
            p
            for p, h in enumerate(hyps)
            if p not in chosen
            and h.score >= threshold
            and not (set(items_of(h)) & blocked)
            and any(item in anchors for item in items_of(h))
        ]
        per_item: dict[tuple[str, int], int] = defaultdict(int)
        ordered = sorted(primary, key=lambda p: hyps[p].sort_key) + sorted(
            alternatives, key=lambda p: hyps[p].sort_key
        )
        for position in ordered:
            hyp = hyps[position]
            items = items_of(hyp)
            if position not in primary and any(per_item[i] >= limit for i in items):
                continue
            rank = 1 + max(per_item[i] for i in items)
            for i in items:
                per_item[i] += 1
            if position in primary:
                notes, decided_by = primary[position]
            else:
                _, notes, decided_by = self._status(hyp, None)
            yield self._match(hyp, MatchStatus.SUGGESTED, notes, decided_by, rank)

    def _match(
        self,
        hyp: Hypothesis,
        status: MatchStatus,
        notes: list[Reason],
        decided_by: DecidedBy,
        rank: int,
    ) -> Match:
        docs = [self.pdocs[i] for i in hyp.docs]
        txs = [self.ptxs[j] for j in hyp.txs]
        return Match(
            status=status,
            kind=hyp.kind,
            documents=tuple(d.ref for d in docs),
            transactions=tuple(t.tx.id for t in txs),
            score=round(hyp.score, 4),
            difference=hyp.difference,
            reasons=tuple(dict.fromkeys([*hyp.reasons, *notes])),
            allocations=allocate(docs, txs),
            breakdown=tuple((name, round(value, 3)) for name, value in hyp.breakdown),
            rank=rank,
            decided_by=decided_by,
            rule_id=hyp.rule_id,
        )

    def _attach_settlements(self, matches: list[Match]) -> list[Match]:
        """Add the bank credit to matches of liquidations it settled (three-way)."""
        if not self.settlements:
            return matches
        by_liquidation: dict[str, Settlement] = {
            liq: s for s in self.settlements for liq in s.liquidations
        }
        tx_by_id = {t.tx.id: t.tx for t in self.ptxs}
        out = []
        for m in matches:
            linked = sorted(
                {
                    by_liquidation[t].bank_transaction: by_liquidation[t]
                    for t in m.transactions
                    if t in by_liquidation
                }.items()
            )
            if not linked:
                out.append(m)
                continue
            allocations = list(m.allocations)
            reasons = list(m.reasons)
            for bank_id, settlement in linked:
                for a in m.allocations:
                    if by_liquidation.get(a.transaction_id) is settlement:
                        fee = tx_by_id[a.transaction_id].deducted_fee
                        allocations.append(Allocation(a.document, bank_id, a.amount - fee))
                reasons.append(why.three_way(settlement.amount, settlement.credit_date))
            out.append(
                Match(
                    status=m.status,
                    kind=MatchKind.THREE_WAY if m.kind is MatchKind.ONE_TO_ONE else m.kind,
                    documents=m.documents,
                    transactions=(*m.transactions, *(bank for bank, _ in linked)),
                    score=m.score,
                    difference=m.difference,
                    reasons=tuple(reasons),
                    allocations=tuple(allocations),
                    breakdown=m.breakdown,
                    rank=m.rank,
                    decided_by=m.decided_by,
                    rule_id=m.rule_id,
                )
            )
        return out


class _Rivals:
    """How much the assignment loses if a chosen candidate gives way to a rival.

    The rival takes its items from the chosen candidate and from the chosen owners of its
    other items; each displaced owner falls back on its best alternative that does not
    clash (one exchange step of the assignment). Two installments of the same amount,
    each paid on its own due date, therefore do not make each other doubtful, while a
    same-amount invoice of another customer that nobody else took does. A smaller
    explanation of the same items (one part of a split payment) is no rival at all.
    """

    def __init__(
        self,
        hyps: list[Hypothesis],
        chosen: list[int],
        by_item: dict[tuple[str, int], list[int]],
        margin: float,
    ) -> None:
        self.hyps = hyps
        self.chosen = set(chosen)
        self.by_item = by_item
        self.margin = margin
        self.owner = {item: p for p in chosen for item in items_of(hyps[p])}
        self._touching: dict[int, float] = {}

    def regret(self, position: int) -> float | None:
        """The smallest loss, in log-odds, over the candidate's rivals (``None``: none).

        A loss already known to reach the margin may be reported as that lower bound.
        """
        mine = set(items_of(self.hyps[position]))
        rivals = sorted({r for item in mine for r in self.by_item[item] if r not in self.chosen})
        return min((self._loss(position, r, mine) for r in rivals), default=None)

    def _best_touching(self, o: int) -> float:
        # The best unchosen candidate sharing an item with chosen ``o``: an upper bound of
        # what ``o`` can fall back on.
        if o not in self._touching:
            self._touching[o] = max(
                (
                    self.hyps[p].logit
                    for item in items_of(self.hyps[o])
                    for p in self.by_item[item]
                    if p not in self.chosen
                ),
                default=0.0,
            )
        return self._touching[o]

    def _loss(self, position: int, rival_position: int, mine: set[tuple[str, int]]) -> float:
        hyps = self.hyps
        hyp, rival = hyps[position], hyps[rival_position]
        rival_items = set(items_of(rival))
        if rival_items <= mine:
            return float("inf")
        displaced = sorted({self.owner[i] for i in rival_items - mine if i in self.owner})
        current = hyp.logit + sum(hyps[o].logit for o in displaced)
        bound = current - rival.logit - sum(max(0.0, self._best_touching(o)) for o in displaced)
        if bound >= self.margin:
            return bound  # clear whatever the exact fallbacks are
        alternative = rival.logit
        released = {position, *displaced}
        for o in displaced:
            fallback = 0.0  # an item may also stay unmatched
            for item in items_of(hyps[o]):
                for p in self.by_item[item]:
                    if p in self.chosen or p == rival_position:
                        continue
                    if any(
                        i in rival_items or self.owner.get(i, position) not in released
                        for i in items_of(hyps[p])
                    ):
                        continue
                    fallback = max(fallback, hyps[p].logit)
            alternative += fallback
        return current - alternative


def allocate(
    documents: Sequence[PreparedDocument], transactions: Sequence[PreparedTransaction]
) -> tuple[Allocation, ...]:
    """Pour the transactions, oldest first, into the document sides, earliest due first;
    whatever is left over (interest) or missing (fee, discount) lands on the last side."""
    docs = sorted(documents, key=lambda d: (d.expected, d.index))
    txs = sorted(transactions, key=lambda t: (t.tx.posted_on, t.index))
    needs = [d.balance for d in docs]
    out: list[Allocation] = []
    k = 0
    for t in txs:
        left = t.magnitude
        while left > 0:
            while k < len(docs) - 1 and needs[k] <= 0:
                k += 1
            take = left if k == len(docs) - 1 else min(left, needs[k])
            out.append(Allocation(docs[k].ref, t.tx.id, take))
            needs[k] -= take
            left -= take
    return tuple(out)
