"""Global assignment: the best set of non-overlapping candidates, not greedy.

Every document side and every transaction may belong to at most one chosen candidate,
so no transaction amount is used twice. The objective is the sum of the chosen
candidates' weights (score times items explained, over two). Candidates are split into
connected components (candidates that share an item); each component is solved on its own:

- a single candidate is taken;
- a component of one-to-one candidates only is a maximum-weight bipartite matching,
  solved exactly by successive shortest paths (Dijkstra with potentials) on the sparse
  graph, whatever its size;
- any other component is solved by branch and bound over its candidates, best first:
  exact whenever the search ends within ``Bounds.search_nodes`` nodes (every component
  of the benchmarks does); otherwise the best set found so far is kept (the first leaf
  is the greedy set, so the result is never worse than greedy).

Before that, candidates that lead every rival on all their items by ``Bounds.fix_margin``
log-odds are fixed (they belong to any sensible optimum), which splits large components.

Orders are total (score, size, positions), so the same input gives the same output.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from backend.reconciliation.config import Bounds
from backend.reconciliation.scoring import Hypothesis

Item = tuple[str, int]


def items_of(h: Hypothesis) -> tuple[Item, ...]:
    """The items a candidate consumes."""
    return h.items


def components(hyps: list[Hypothesis]) -> list[list[int]]:
    """Groups of candidate positions that share items, each sorted, in a stable order."""
    parent = list(range(len(hyps)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[Item, int] = {}
    for position, h in enumerate(hyps):
        for item in items_of(h):
            other = owner.setdefault(item, position)
            if other != position:
                ra, rb = find(other), find(position)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for position in range(len(hyps)):
        groups[find(position)].append(position)
    return [groups[root] for root in sorted(groups)]


_SCALE = 1_000_000  # scores become integer costs: exact arithmetic, stable ties


class _Edge:
    __slots__ = ("cap", "cost", "hyp", "rev", "to")

    def __init__(self, to: int, cap: int, cost: int, rev: int, hyp: int) -> None:
        self.to = to
        self.cap = cap
        self.cost = cost
        self.rev = rev
        self.hyp = hyp


def _matching(hyps: list[Hypothesis], members: list[int]) -> list[int]:
    """Maximum-weight bipartite matching over one-to-one candidates (exact).

    Min-cost flow from a source through documents and transactions to a sink, with cost
    ``-score`` on each candidate edge; each shortest augmenting path adds one pair, and
    the cost of k pairs is convex in k, so augmentation stops at the first path that would
    not lower the total cost.
    """
    left = sorted({hyps[m].docs[0] for m in members})
    right = sorted({hyps[m].txs[0] for m in members})
    n_left = len(left)
    li = {d: 1 + k for k, d in enumerate(left)}
    ri = {t: 1 + n_left + k for k, t in enumerate(right)}
    sink = 1 + n_left + len(right)
    graph: list[list[_Edge]] = [[] for _ in range(sink + 1)]

    def add(u: int, v: int, cost: int, hyp: int) -> None:
        graph[u].append(_Edge(v, 1, cost, len(graph[v]), hyp))
        graph[v].append(_Edge(u, 0, -cost, len(graph[u]) - 1, hyp))

    for node in sorted(li.values()):
        add(0, node, 0, -1)
    for m in sorted(members, key=lambda m: (hyps[m].docs[0], hyps[m].txs[0], m)):
        add(li[hyps[m].docs[0]], ri[hyps[m].txs[0]], -round(hyps[m].score * _SCALE), m)
    for node in sorted(ri.values()):
        add(node, sink, 0, -1)
    # Initial potentials: exact shortest distances on the acyclic starting graph.
    potential = [0] * (sink + 1)
    for u in li.values():
        for e in graph[u]:
            if e.cap and e.to != 0:
                potential[e.to] = min(potential[e.to], e.cost)
    potential[sink] = min((potential[v] for v in ri.values()), default=0)
    infinity = 1 << 62
    while True:
        dist = [infinity] * (sink + 1)
        back: list[tuple[int, int] | None] = [None] * (sink + 1)
        dist[0] = 0
        heap = [(0, 0)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for k, e in enumerate(graph[u]):
                if not e.cap:
                    continue
                nd = d + e.cost + potential[u] - potential[e.to]
                if nd < dist[e.to]:
                    dist[e.to] = nd
                    back[e.to] = (u, k)
                    heapq.heappush(heap, (nd, e.to))
        if dist[sink] >= infinity:
            break
        if dist[sink] + potential[sink] - potential[0] >= 0:
            break  # one more pair would not raise the total score
        for v in range(sink + 1):
            if dist[v] < infinity:
                potential[v] += dist[v]
        v = sink
        while v != 0:
            step = back[v]
            assert step is not None
            u, k = step
            e = graph[u][k]
            e.cap -= 1
            graph[v][e.rev].cap += 1
            v = u
    chosen = [
        e.hyp for u in li.values() for e in graph[u] if e.hyp >= 0 and e.to != 0 and e.cap == 0
    ]
    return sorted(chosen)


def _branch_and_bound(hyps: list[Hypothesis], members: list[int], bounds: Bounds) -> list[int]:
    """Best set of pairwise disjoint candidates by depth-first search, best-first order.

    The first leaf reached is the greedy set; the bound (chosen so far plus every later
    candidate's score) prunes the rest. Exact when the node budget is not exhausted.
    """
    order = sorted(members, key=lambda m: hyps[m].sort_key)
    scores = [hyps[m].weight for m in order]
    items = [frozenset(items_of(hyps[m])) for m in order]
    suffix = [0.0] * (len(order) + 1)
    for k in range(len(order) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + scores[k]
    budget = bounds.search_nodes
    best_total = -1.0
    best: list[int] = []
    nodes = 0
    chosen: list[int] = []
    used: set[Item] = set()
    # An explicit stack, since components can be deeper than Python's recursion limit.
    # ("enter", k, total) explores from position k; ("undo", k, _) releases position k.
    # The "take k" branch is pushed last so it runs first: the first leaf is greedy.
    stack: list[tuple[str, int, float]] = [("enter", 0, 0.0)]
    while stack:
        op, k, total = stack.pop()
        if op == "undo":
            used.difference_update(items[k])
            chosen.pop()
            continue
        nodes += 1
        if total > best_total + 1e-12:
            best_total, best = total, list(chosen)
        if k == len(order) or nodes > budget or total + suffix[k] <= best_total + 1e-12:
            continue
        stack.append(("enter", k + 1, total))
        if not (items[k] & used):
            chosen.append(k)
            used.update(items[k])
            stack.append(("undo", k, 0.0))
            stack.append(("enter", k + 1, total + scores[k]))
    return sorted(order[k] for k in best)


def prune(hyps: list[Hypothesis], bounds: Bounds) -> list[Hypothesis]:
    """Keep a candidate only if it ranks among the ``candidates_per_item`` best of each
    item it takes: a transaction's sixth-best explanation never changes the outcome but
    would chain unrelated items into one large component."""
    by_item: dict[Item, list[int]] = defaultdict(list)
    order = sorted(range(len(hyps)), key=lambda p: hyps[p].sort_key)
    for position in order:
        for item in items_of(hyps[position]):
            by_item[item].append(position)
    keep = bounds.candidates_per_item
    allowed: set[int] = set(range(len(hyps)))
    for members in by_item.values():
        allowed.difference_update(members[keep:])
    return [hyps[p] for p in order if p in allowed]


def _fix_dominant(hyps: list[Hypothesis], bounds: Bounds) -> tuple[list[int], list[int]]:
    """Candidates that lead every rival on all their items by ``fix_margin`` are chosen
    up front and their rivals dropped; returns (fixed, remaining) positions.

    Such a candidate belongs to every sensible optimum (it is also what the "no close
    rival" test will match automatically), and fixing it splits large components.
    """
    by_item: dict[Item, list[int]] = defaultdict(list)
    order = sorted(range(len(hyps)), key=lambda p: hyps[p].sort_key)
    for position in order:
        for item in items_of(hyps[position]):
            by_item[item].append(position)
    alive = [True] * len(hyps)
    fixed: list[int] = []
    for position in order:
        if not alive[position]:
            continue
        h = hyps[position]
        dominant = True
        for item in items_of(h):
            others = [p for p in by_item[item] if alive[p] and p != position]
            best_other = max((hyps[p].logit for p in others), default=float("-inf"))
            if best_other > h.logit - bounds.fix_margin:
                dominant = False
                break
        if not dominant:
            continue
        fixed.append(position)
        for item in items_of(h):
            for p in by_item[item]:
                alive[p] = False
    remaining = [p for p in range(len(hyps)) if alive[p]]
    return fixed, remaining


def select(hyps: list[Hypothesis], bounds: Bounds) -> list[int]:
    """Positions of the chosen candidates: pairwise disjoint, best total score."""
    chosen, remaining = _fix_dominant(hyps, bounds)
    rest = [hyps[p] for p in remaining]
    for members in components(rest):
        picked: list[int]
        if len(members) == 1:
            picked = members
        elif all(len(rest[m].docs) == 1 and len(rest[m].txs) == 1 for m in members):
            picked = _matching(rest, members)
        else:
            picked = _branch_and_bound(rest, members, bounds)
        chosen.extend(remaining[m] for m in picked)
    return sorted(chosen)
