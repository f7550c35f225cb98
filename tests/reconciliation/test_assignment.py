"""Global assignment and bounded subset searches, checked against brute force."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.reconciliation.assignment import _branch_and_bound, _matching, items_of, select
from backend.reconciliation.config import Bounds
from backend.reconciliation.decisions import MatchKind
from backend.reconciliation.scoring import Hypothesis
from backend.reconciliation.subsets import find_many_to_many, find_subset


def hyp(docs: tuple[int, ...], txs: tuple[int, ...], logit: float) -> Hypothesis:
    kind = MatchKind.ONE_TO_ONE if len(docs) == len(txs) == 1 else MatchKind.AGGREGATED
    return Hypothesis(kind, docs, txs, logit, (), (), Decimal(0), True)


def best_total(hyps: list[Hypothesis]) -> float:
    """The assignment objective by brute force: the heaviest set of disjoint candidates."""
    best = 0.0
    for size in range(1, len(hyps) + 1):
        for combo in itertools.combinations(hyps, size):
            items = [i for h in combo for i in items_of(h)]
            if len(items) == len(set(items)):
                best = max(best, sum(h.weight for h in combo))
    return best


pairs = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.floats(-2, 8)), min_size=1, max_size=9
)


@settings(max_examples=150, deadline=None)
@given(pairs)
def test_matching_is_optimal(raw: list[tuple[int, int, float]]) -> None:
    unique = {(d, t): logit for d, t, logit in raw}
    hyps = [hyp((d,), (t,), logit) for (d, t), logit in sorted(unique.items())]
    chosen = _matching(hyps, list(range(len(hyps))))
    items = [i for c in chosen for i in items_of(hyps[c])]
    assert len(items) == len(set(items))
    assert abs(sum(hyps[c].weight for c in chosen) - best_total(hyps)) < 1e-6


groups = st.lists(
    st.tuples(
        st.frozensets(st.integers(0, 4), min_size=1, max_size=3),
        st.frozensets(st.integers(0, 3), min_size=1, max_size=2),
        st.floats(-2, 8),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(groups)
def test_branch_and_bound_is_optimal_and_select_never_overlaps(
    raw: list[tuple[frozenset[int], frozenset[int], float]],
) -> None:
    hyps = [hyp(tuple(sorted(d)), tuple(sorted(t)), logit) for d, t, logit in raw]
    chosen = _branch_and_bound(hyps, list(range(len(hyps))), Bounds())
    assert abs(sum(hyps[c].weight for c in chosen) - best_total(hyps)) < 1e-6
    picked = select(hyps, Bounds())
    items = [i for c in picked for i in items_of(hyps[c])]
    assert len(items) == len(set(items))


def test_installments_are_not_assigned_greedily() -> None:
    # Greedy would take the single best pair (d0, t1) and leave d1 with nothing.
    hyps = [hyp((0,), (1,), 6.0), hyp((0,), (0,), 5.9), hyp((1,), (1,), 5.9)]
    assert select(hyps, Bounds(fix_margin=5.0)) == [1, 2]


def test_subset_search() -> None:
    values = [12000, 33050, 9999, 5000]
    assert find_subset(values, 45050, 45050, 45050, max_size=6) == (0, 1)
    assert find_subset(values, 45050, 43600, 45050, max_size=6) == (0, 1)
    assert find_subset(values, 99, 90, 99, max_size=6) is None
    assert find_subset(values, 60049, 60049, 60049, max_size=3) is None  # needs all four
    assert find_subset(values, 60049, 60049, 60049, max_size=4) == (0, 1, 2, 3)


def test_many_to_many_search() -> None:
    docs = [30000, 50000, 70000, 11111]
    txs = [55500, 94500, 123]
    assert find_many_to_many(docs, txs, tolerance=0) == ((0, 1, 2), (0, 1))
    assert find_many_to_many([100, 200], [50, 60], tolerance=0) is None
