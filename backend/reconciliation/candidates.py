"""Blocking: which document sides each transaction is compared with.

Comparing every pair is quadratic (10^10 pairs at 100k × 100k). Candidates come only
from indexes: hard references, the exact amount within the date window, the
counterparty the transaction identifies (CNPJ/CPF, learned alias, name tokens) and, for
a credit nothing else explains, sides due up to one bank fee more than it (the bank kept
the fee). Tolerances wider than a fee (interest,
discount, partial and grouped payments) are only searched within an identified
counterparty, which is what keeps the candidate count linear.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable

from backend.reconciliation.config import EngineConfig
from backend.reconciliation.decisions import MatchKind
from backend.reconciliation.prepared import PreparedDocument, PreparedTransaction, cents
from backend.reconciliation.scoring import Hypothesis, Scorer
from backend.reconciliation.subsets import find_subset
from backend.reconciliation.text import digits, memo_name_similarity, read_memo

_NAME_IDENTIFIES = 0.66


def boleto_barcode(line: str) -> str | None:
    """The 44-digit barcode a 47-digit digitable line encodes (bank boletos)."""
    if len(line) != 47:
        return None
    return line[0:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]


def _pairs(tokens: tuple[str, ...]) -> list[str]:
    """Adjacent token pairs: ``SILVA`` alone is too common to block on, ``SOUZA SILVA``
    is not."""
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


class CandidateIndex:
    """Indexes over the open document sides of one run."""

    def __init__(
        self,
        documents: list[PreparedDocument],
        scorer: Scorer,
        config: EngineConfig,
        rule_tolerates: Callable[[PreparedDocument, PreparedTransaction], bool] | None = None,
    ):
        self.documents = documents
        # A tenant rule may accept differences the default tolerances do not explain.
        self.rule_tolerates = rule_tolerates
        self._parties: dict[int, list[str]] = {}
        self.scorer = scorer
        self.config = config
        self.by_amount: dict[tuple[bool, int], list[int]] = defaultdict(list)
        self.by_party: dict[str, list[int]] = defaultdict(list)
        self.by_reference: dict[tuple[str, str], list[int]] = defaultdict(list)
        party_tokens: dict[str, tuple[str, ...]] = {}
        for d in documents:
            self.by_amount[(d.receivable, d.cents)].append(d.index)
            self.by_party[d.party].append(d.index)
            party_tokens.setdefault(d.party, d.name_tokens)
            for kind, value in self._document_references(d):
                self.by_reference[(kind, value)].append(d.index)
        for members in self.by_party.values():
            members.sort(key=lambda i: (documents[i].expected, i))
        # Same-amount lists sorted by expected date: a transaction walks outwards from its
        # own date and stops after a few fitting sides, however common the amount is.
        self.amount_days: dict[tuple[bool, int], list[int]] = {}
        for key, members in self.by_amount.items():
            members.sort(key=lambda i: (documents[i].expected, i))
            self.amount_days[key] = [documents[i].expected.toordinal() for i in members]
        self.max_window = max(((d.latest - d.earliest).days for d in documents), default=0)
        tol = config.tolerances
        self._round_c = cents(tol.rounding)
        self._fee_c = cents(tol.max_fee)
        late_pct = tol.late_fine_pct + tol.monthly_interest_pct * config.windows.after_due / 30
        self._late_ratio = float(late_pct) / 100
        self._discount_ratio = float(tol.max_discount_pct) / 100
        self.party_tokens = party_tokens
        token_parties: dict[str, list[str]] = defaultdict(list)
        for party, tokens in sorted(party_tokens.items()):
            for token in set(tokens[:3]) | set(_pairs(tokens[:3])):
                token_parties[token].append(party)
        limit = config.bounds.name_block_max_counterparties
        # A token many counterparties share (SILVA, SANTOS) cannot identify anyone.
        self.by_name_token = {t: p for t, p in token_parties.items() if len(p) <= limit}
        # Receivables by the week they are due, each week sorted by amount: the fee window
        # (an amount range) is searched only in the weeks a posting date can pay.
        by_week: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for d in documents:
            if d.receivable:
                by_week[d.expected.toordinal() // 7].append((d.cents, d.index))
        self.receivables_by_week = {week: sorted(v) for week, v in by_week.items()}

    @staticmethod
    def _document_references(d: PreparedDocument) -> Iterable[tuple[str, str]]:
        refs = d.doc.references
        if len(d.doc.key) == 44 and d.doc.key.isdigit():
            yield "access_key", d.doc.key
        if refs.nosso_numero:
            yield "nosso_numero", digits(refs.nosso_numero).lstrip("0")
        if refs.boleto_line:
            line = digits(refs.boleto_line)
            yield "boleto_line", line
            if barcode := boleto_barcode(line):
                yield "boleto_line", barcode
        if refs.pix_txid:
            yield "pix_txid", refs.pix_txid.strip().upper()
        if refs.pix_end_to_end_id:
            yield "pix_end_to_end_id", refs.pix_end_to_end_id.strip().upper()

    @staticmethod
    def _transaction_references(t: PreparedTransaction) -> Iterable[tuple[str, str]]:
        refs = t.tx.references
        if refs.pix_end_to_end_id:
            yield "pix_end_to_end_id", refs.pix_end_to_end_id.strip().upper()
        if refs.pix_txid:
            yield "pix_txid", refs.pix_txid.strip().upper()
        if refs.nosso_numero:
            yield "nosso_numero", digits(refs.nosso_numero).lstrip("0")
        if refs.boleto_line:
            yield "boleto_line", digits(refs.boleto_line)
        for e2e in sorted(t.facts.end_to_end_ids):
            yield "pix_end_to_end_id", e2e
        for key in sorted(t.facts.access_keys):
            yield "access_key", key
            yield "boleto_line", key  # a 44-digit run may be a boleto barcode
        for line in sorted(t.facts.boleto_lines):
            yield "boleto_line", line
        if refs.document_number and len(digits(refs.document_number)) == 44:
            yield "access_key", digits(refs.document_number)

    def _fits(self, d: PreparedDocument, t: PreparedTransaction) -> bool:
        return d.receivable == t.credit and d.earliest <= t.tx.posted_on <= d.latest

    def hard_candidates(self, t: PreparedTransaction) -> Hypothesis | None:
        """The candidate a unique payment reference names, if any."""
        found: dict[int, str] = {}
        for kind, value in self._transaction_references(t):
            for i in self.by_reference.get((kind, value), ()):
                if self.documents[i].receivable == t.credit:
                    found.setdefault(i, kind)
        if not found:
            return None
        docs = tuple(sorted(found))
        key = found[docs[0]]
        if len(docs) > 1:
            return self.scorer.score(MatchKind.AGGREGATED, docs, (t.index,), hard_key=key)
        hyp = self.scorer.score(MatchKind.ONE_TO_ONE, docs, (t.index,), hard_key=key)
        if not hyp.amount_explained and t.magnitude < self.documents[docs[0]].balance:
            hyp = self.scorer.score(MatchKind.PARTIAL, docs, (t.index,), hard_key=key)
        return hyp

    def identified_parties(self, t: PreparedTransaction) -> list[str]:
        """Counterparties the transaction names: by tax id or learned alias when it has
        one (any other would conflict with it), else by name tokens. Cached per
        transaction: blocking and the N:M search both ask."""
        cached = self._parties.get(t.index)
        if cached is None:
            cached = self._parties[t.index] = self._identify(t)
        return cached

    def _identify(self, t: PreparedTransaction) -> list[str]:
        parties = {p for p in t.tax_ids if p in self.by_party}
        if t.alias and t.alias in self.by_party:
            parties.add(t.alias)
        if parties:
            return sorted(parties)
        tokens = set(t.facts.tokens)
        if t.tx.counterparty_name:
            tokens.update(read_memo(t.tx.counterparty_name).tokens)
        named: set[str] = set()
        ordered = [tok for tok in t.facts.ordered_tokens if tok in tokens]
        for token in (*tokens, *_pairs(tuple(ordered))):
            named.update(self.by_name_token.get(token, ()))
        frozen = frozenset(tokens)
        for party in named - parties:
            similarity = memo_name_similarity(self.party_tokens[party], frozen, t.facts.last_token)
            if similarity >= _NAME_IDENTIFIES:
                parties.add(party)
        return sorted(parties)

    def primary_party(self, t: PreparedTransaction) -> str | None:
        """The one counterparty a transaction names: by tax id, else by a learned alias,
        else by name when only one name fits."""
        by_id = sorted(p for p in t.tax_ids if p in self.by_party)
        if by_id:
            return by_id[0] if len(by_id) == 1 else None
        if t.alias and t.alias in self.by_party:
            return t.alias
        named = self.identified_parties(t)
        return named[0] if len(named) == 1 else None

    def soft_candidates(self, t: PreparedTransaction) -> list[Hypothesis]:
        """Candidates from amount, counterparty and fee windows (no hard reference)."""
        bounds = self.config.bounds
        posted = t.tx.posted_on
        seen: set[int] = set()
        out: list[Hypothesis] = []
        parties = self.identified_parties(t)
        # A CNPJ/CPF that names a known counterparty rules the others out; the named
        # counterparties' own sides come through the loop below, whatever their date.
        if not any(p in self.by_party for p in t.tax_ids):
            for i in self._nearest_same_amount(t, set(parties)):
                seen.add(i)
                out.append(self.scorer.score(MatchKind.ONE_TO_ONE, (i,), (t.index,)))
        for party in parties:
            members = [i for i in self.by_party[party] if self._fits(self.documents[i], t)]
            explained = False
            larger: list[int] = []
            for i in members:
                if i in seen:
                    explained = explained or self.documents[i].cents == t.cents
                    continue
                seen.add(i)
                hyp = self._pair(i, t)
                if hyp is not None:
                    explained = True
                    out.append(hyp)
                elif t.magnitude < self.documents[i].balance:
                    larger.append(i)
            # Grouped and partial payments only for a counterparty named unambiguously.
            if len(parties) > 1:
                continue
            if len(members) >= 2 and not explained:
                grouped = self._aggregate(members, t)
                if grouped is not None:
                    explained = True
                    out.append(grouped)
            if not explained:
                # A partial payment is the explanation of last resort: only when nothing
                # else fits, and only for the sides due nearest to the posting.
                larger.sort(key=lambda i: (abs((self.documents[i].expected - posted).days), i))
                for i in larger[: bounds.partial_candidates]:
                    out.append(self.scorer.score(MatchKind.PARTIAL, (i,), (t.index,)))
        if t.credit and bounds.fee_window_candidates and not out:
            out.extend(self._fee_window(t, seen))
        return out

    def _nearest_same_amount(self, t: PreparedTransaction, skip_parties: set[str]) -> list[int]:
        """Up to ``Bounds.exact_amount_candidates`` sides of other counterparties with the
        transaction's exact amount, nearest expected date first (ties: lower position)."""
        key = (t.credit, t.cents)
        members = self.by_amount.get(key)
        if not members:
            return []
        days = self.amount_days[key]
        posted = t.tx.posted_on.toordinal()
        right = bisect.bisect_left(days, posted)
        left = right - 1
        limit = self.config.bounds.exact_amount_candidates
        picked: list[int] = []
        while len(picked) < limit and (left >= 0 or right < len(members)):
            go_left = right >= len(members) or (
                left >= 0 and posted - days[left] <= days[right] - posted
            )
            position = left if go_left else right
            if abs(days[position] - posted) > self.max_window:
                break  # every remaining side is further away than any window
            if go_left:
                left -= 1
            else:
                right += 1
            i = members[position]
            d = self.documents[i]
            if d.party not in skip_parties and self._fits(d, t):
                picked.append(i)
        return picked

    def _plausible(self, d: PreparedDocument, t: PreparedTransaction) -> bool:
        """A cheap bound on the tolerances, in cents, before a full score."""
        diff = t.cents - d.cents
        if -self._round_c <= diff <= self._round_c:
            return True
        if diff > 0:
            return diff <= d.cents * self._late_ratio + self._round_c
        return (t.credit and -diff <= self._fee_c) or -diff <= d.cents * self._discount_ratio

    def _pair(self, i: int, t: PreparedTransaction) -> Hypothesis | None:
        d = self.documents[i]
        if self._plausible(d, t):
            hyp = self.scorer.score(MatchKind.ONE_TO_ONE, (i,), (t.index,))
            if hyp.amount_explained:
                return hyp
        if self.rule_tolerates is not None and self.rule_tolerates(d, t):
            hyp = self.scorer.score(MatchKind.ONE_TO_ONE, (i,), (t.index,))
            hyp.amount_explained = True
            return hyp
        return None

    def _aggregate(self, members: list[int], t: PreparedTransaction) -> Hypothesis | None:
        bounds = self.config.bounds
        posted = t.tx.posted_on
        pool = [i for i in members if 0 < self.documents[i].cents < t.cents]
        pool.sort(key=lambda i: (abs((self.documents[i].expected - posted).days), i))
        pool = sorted(pool[: bounds.subset_items])
        if len(pool) < 2:
            return None
        # Sums must meet within rounding: among 2^16 subsets some sum lands within any
        # fee-sized window by chance, so a wider tolerance would invent groups.
        values = [self.documents[i].cents for i in pool]
        window = self._round_c
        picked = find_subset(
            values, t.cents, t.cents - window, t.cents + window, bounds.subset_size
        )
        if picked is None:
            return None
        docs = tuple(pool[p] for p in picked)
        hyp = self.scorer.score(MatchKind.AGGREGATED, docs, (t.index,))
        outside = {values[p] for p in range(len(pool)) if p not in picked}
        if any(values[p] in outside for p in picked):
            # Another open side of the same amount could take a member's place: the sum
            # cannot tell which of the two was paid.
            self.scorer.interchangeable(hyp)
        return hyp

    def _fee_window(self, t: PreparedTransaction, seen: set[int]) -> list[Hypothesis]:
        high = t.cents + self._fee_c
        posted = t.tx.posted_on
        day = posted.toordinal()
        near: list[int] = []
        for week in range((day - self.max_window) // 7, (day + self.max_window) // 7 + 1):
            amounts = self.receivables_by_week.get(week)
            if not amounts:
                continue
            start = bisect.bisect_right(amounts, (t.cents, 1 << 62))
            stop = bisect.bisect_right(amounts, (high, 1 << 62))
            near.extend(
                i
                for _, i in amounts[start:stop]
                if i not in seen and self._fits(self.documents[i], t)
            )
        near.sort(key=lambda i: (abs((self.documents[i].expected - posted).days), i))
        out = []
        for i in near[: self.config.bounds.fee_window_candidates]:
            hyp = self.scorer.score(MatchKind.ONE_TO_ONE, (i,), (t.index,))
            if hyp.amount_explained:
                seen.add(i)
                out.append(hyp)
        return out

    def split_candidates(
        self, doc_index: int, partials: list[Hypothesis], transactions: list[PreparedTransaction]
    ) -> Hypothesis | None:
        """One document side paid by several of its partial-payment candidates (1:N)."""
        bounds = self.config.bounds
        d = self.documents[doc_index]
        txs = sorted({h.txs[0] for h in partials})
        txs.sort(key=lambda j: (transactions[j].tx.posted_on, j))
        txs = sorted(txs[: bounds.subset_items])
        if len(txs) < 2:
            return None
        values = [transactions[j].cents for j in txs]
        window = self._round_c
        picked = find_subset(
            values, d.cents, d.cents - window, d.cents + window, bounds.subset_size
        )
        if picked is None:
            return None
        return self.scorer.score(MatchKind.SPLIT, (doc_index,), tuple(txs[p] for p in picked))
