"""Rule patterns: Python's backtracking ``re`` against RE2 (backend/reconciliation/patterns).

On normal rule patterns, the time to search a batch of realistic memos with each engine
(both compiled once, as the rules engine does). On the catastrophic ``(a+)+$``, the time
of one search of ``n`` ``a`` followed by ``!``: ``re`` doubles with every character (so
it is only run on short inputs and extrapolated to the 67-character memo of issue 13),
RE2 stays linear. Medians of ``--runs`` runs. Figures only; nothing is asserted.

    .venv/bin/python bench/rules_regex.py [--memos 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import statistics
import time
from collections.abc import Callable

from backend.reconciliation.patterns import compile_pattern

NORMAL = [
    "^TED",
    "TARIFA|TAR PACOTE|TAR MANUTENCAO",
    r"PIX RECEBIDO .*\d{14}",
    r"(?i)acme (ltda|s\.?a\.?)",
]
WORDS = ["PIX", "RECEBIDO", "ENVIADO", "TED", "TARIFA", "PACOTE", "ACME", "LTDA", "CLIENTE"]
CATASTROPHIC = "(a+)+$"


def _memos(count: int) -> list[str]:
    rng = random.Random(13)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))
        + f" {rng.randrange(10**13, 10**14)}"
        for _ in range(count)
    ]


def _search_all(search: Callable[[str], object], memos: list[str]) -> None:
    for memo in memos:
        search(memo)


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    memos = _memos(args.memos)
    print(f"normal patterns, {args.memos} memos per search batch (median of {args.runs}):")
    for pattern in NORMAL:
        python = re.compile(pattern)
        tenant = compile_pattern(pattern)
        re_s = _median(args.runs, functools.partial(_search_all, python.search, memos))
        re2_s = _median(args.runs, functools.partial(_search_all, tenant.search, memos))
        print(
            f"  {pattern:32} re {re_s * 1e6 / len(memos):6.2f} µs/memo"
            f"  RE2 {re2_s * 1e6 / len(memos):6.2f} µs/memo  ({re2_s / re_s:.1f}×)"
        )
    print(f"catastrophic {CATASTROPHIC} on 'a' * n + '!' (one search, median of {args.runs}):")
    python = re.compile(CATASTROPHIC)
    tenant = compile_pattern(CATASTROPHIC)
    last = 0.0
    for n in (16, 18, 20, 22):
        last = _median(args.runs, functools.partial(python.search, "a" * n + "!"))
        print(f"  n={n:2}  re {last * 1e3:10.2f} ms")
    doubling = 2 ** (67 - 22)
    print(f"  n=67  re ≈ {last * doubling / 3.15e7:.1e} years (×2 per character, from n=22)")
    # 1,999: with the "!" the whole text is within the bound RE2 matches.
    for n in (22, 67, 1_999):
        re2_s = _median(args.runs, functools.partial(tenant.search, "a" * n + "!"))
        print(f"  n={n:<5} RE2 {re2_s * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
