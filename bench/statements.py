"""Statement parsing throughput per core: OFX, CNAB 240, CNAB 400 and CSV, with a baseline.

Generates one file of ``--entries`` entries per format (an OFX transaction, a CNAB
title, a CSV row). The generated memos repeat eleven texts, so a second OFX file makes
every memo unique, to show what analysing memos the cache has not seen costs. Each file
is parsed by ``parse_statement`` (what ``conciliacontag parse`` and ingestion call)
``--runs`` times; the median rate is printed in entries and in transactions per second
of CPU time of this process, pinned to one core (other load on the machine skews CPU
time less than wall time), next to a baseline measured in the same run over the same
bytes (decode + ``splitlines()``, or decode + ``csv.reader``: the floor any reader
pays), and the peak Python memory of one parse (tracemalloc, in a separate pass). The
clock stops when ``parse_statement`` returns: freeing the result afterwards is the
caller's time, whenever it drops the result, not the parse's.

    .venv/bin/python bench/statements.py [--entries 100000] [--runs 5]

Targets (issue 4): 50,000 OFX and 200,000 CNAB entries per second per core. Figures
only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, replace

from backend.statements import parse_statement
from backend.statements.testing.generators import (
    GenStatement,
    make_bank_csv,
    make_cnab240_collection,
    make_cnab400,
    make_ofx,
    random_entries,
    random_titles,
)


def _lines(data: bytes) -> int:
    return len(data.decode("latin-1").splitlines())


def _csv_rows(data: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("latin-1")), delimiter=";"))


@dataclass(frozen=True, slots=True)
class _Case:
    name: str
    data: bytes
    baseline: Callable[[bytes], int]
    target: int | None


def _median_cpu_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        # Collect the previous run's garbage outside the timed region.
        gc.collect()
        start = time.process_time()
        result = action()
        timings.append(time.process_time() - start)
        del result
    return statistics.median(timings)


def _peak_mib(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    """Generate, parse, print one line per format."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    n = args.entries
    entries = random_entries(n)
    # Real statements rarely repeat a memo exactly (names, ids): this case pays the memo
    # analysis (type, counterparty, references) for every line instead of a cache hit.
    unique = [replace(e, memo=f"{e.memo} {i:07d}") for i, e in enumerate(entries)]
    cases = [
        _Case("ofx (SGML, cp1252)", make_ofx([GenStatement(entries)]), _lines, 50_000),
        _Case("ofx (unique memos)", make_ofx([GenStatement(unique)]), _lines, 50_000),
        _Case("cnab240 (T+U)", make_cnab240_collection(random_titles(n)), _lines, 200_000),
        _Case("cnab400 (Bradesco)", make_cnab400(random_titles(n), "237"), _lines, 200_000),
        _Case("csv (; decimal comma)", make_bank_csv(random_entries(n)), _csv_rows, None),
    ]
    print(f"{n:,} entries per file, median of {args.runs} runs, per core (CPU time)")
    print(
        f"{'format':<23}{'MiB':>6}{'entries/s':>11}{'tx/s':>10}{'target':>9}"
        f"{'baseline/s':>12}{'ratio':>7}{'peak MiB':>9}"
    )
    for case in cases:
        result = parse_statement(case.data)
        entries = len(result.titles) or len(result.transactions)
        transactions = len(result.transactions)
        del result
        parse_s = _median_cpu_seconds(lambda c=case: parse_statement(c.data), args.runs)
        base_s = _median_cpu_seconds(lambda c=case: c.baseline(c.data), args.runs)
        peak = _peak_mib(lambda c=case: parse_statement(c.data))
        target = f"{case.target:,}" if case.target else "-"
        print(
            f"{case.name:<23}{len(case.data) / 2**20:>6.1f}{entries / parse_s:>11,.0f}"
            f"{transactions / parse_s:>10,.0f}{target:>9}{entries / base_s:>12,.0f}"
            f"{base_s / parse_s:>7.3f}{peak:>9.0f}"
        )


if __name__ == "__main__":
    main()
