"""Bounded subset searches for grouped payments (N:1, 1:N and N:M).

Exact subset-sum is NP-hard; these searches stay polynomial by bounding their inputs:
a caller passes at most ``Bounds.subset_items`` values (the nearest by date), and groups
have at most ``Bounds.subset_size`` members. The dynamic programme keeps one subset per
reachable sum, so its work is at most ``items × distinct sums`` with distinct sums no more
than ``sum_{k<=size} C(items, k)`` (14,893 for 16 items, groups of 6).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

Subset = tuple[int, ...]


def _better(candidate: Subset, current: Subset | None) -> bool:
    # Fewer members first (a simpler explanation), then the earliest positions.
    return current is None or (len(candidate), candidate) < (len(current), current)


def subset_sums(values: Sequence[int], max_size: int, ceiling: int) -> dict[int, Subset]:
    """Every sum of at most ``max_size`` of ``values`` (positive cents) up to ``ceiling``,
    each with its preferred subset (positions into ``values``)."""
    best: dict[int, Subset] = {0: ()}
    for position, value in enumerate(values):
        if value <= 0:
            continue
        for total, members in list(best.items()):
            if len(members) >= max_size:
                continue
            reached = total + value
            if reached > ceiling:
                continue
            grown = (*members, position)
            if _better(grown, best.get(reached)):
                best[reached] = grown
    return best


def find_subset(
    values: Sequence[int], target: int, low: int, high: int, max_size: int, min_size: int = 2
) -> Subset | None:
    """A subset of ``values`` with at least ``min_size`` members whose sum lies in
    [low, high], the closest to ``target`` (ties: fewer members, earlier positions)."""
    best_pick: tuple[int, int, Subset] | None = None
    for total, members in subset_sums(values, max_size, high).items():
        if total < low or len(members) < min_size:
            continue
        pick = (abs(total - target), len(members), members)
        if best_pick is None or pick < best_pick:
            best_pick = pick
    return None if best_pick is None else best_pick[2]


def find_many_to_many(
    left: Sequence[int], right: Sequence[int], tolerance: int
) -> tuple[Subset, Subset] | None:
    """Subsets of ``left`` (documents) and ``right`` (transactions), each with at least two
    members, whose sums differ by at most ``tolerance`` cents; the smallest such pair wins
    (ties: smaller difference, earlier positions). Smallest, because the union of two
    settled batches also balances: callers take the pair out and search again.

    The work is bounded by ``2**len(left) + 2**len(right)`` sums: callers pass at most
    ``Bounds.many_documents`` and ``Bounds.many_transactions`` values.
    """
    right_sums: dict[int, Subset] = {}
    for size in range(2, len(right) + 1):
        for members in combinations(range(len(right)), size):
            total = sum(right[i] for i in members)
            current = right_sums.get(total)
            if current is None or (len(members), members) < (len(current), current):
                right_sums[total] = members
    if not right_sums:
        return None
    best: tuple[int, int, Subset, Subset] | None = None
    for size in range(2, len(left) + 1):
        for members in combinations(range(len(left)), size):
            total = sum(left[i] for i in members)
            for delta in range(-tolerance, tolerance + 1):
                found = right_sums.get(total + delta)
                if found is None:
                    continue
                pick = (len(members) + len(found), abs(delta), members, found)
                if best is None or pick < best:
                    best = pick
    return None if best is None else (best[2], best[3])
