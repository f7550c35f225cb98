"""Reconciliation engine: accuracy on generated ground truth, speed and memory, with a baseline.

For each size (documents; the generator adds about as many transactions) a world is
generated with ``backend.reconciliation.testing.generator`` (a realistic mix: every
scenario, decoys and noise), reconciled ``--runs`` times, and compared with its truth:

- precision of automatic matches (a match is right when every document-transaction link
  it makes is true), the share of true links matched automatically (recall), the share
  of true links among matches plus suggestions, matches to cancelled documents;
- the same per scenario;
- run time: median wall time and median CPU time of this process (other load on the
  machine skews CPU time less);
- peak memory: the resident set of a fresh process per size, after generating its input
  and after reconciling it (``resource.getrusage``), and tracemalloc's peak for the
  engine alone on sizes up to 10k (tracing slows Python down 2-3x);
- a naive baseline in the same run: match a transaction automatically when exactly one
  open document of the right direction has its exact amount (dictionary blocking).

    .venv/bin/python bench/reconcile.py [--sizes 1000 10000 100000] [--runs 3] [--seed 7]
                                        [--files 1000 10000]

``--files`` adds an end-to-end figure per size: the world written as NF-e XML, events,
OFX and CNAB files (``testing/files.py``), then ``conciliacontag reconcile`` on them
(reading, parsing, adapting and matching in one wall time), scored from its jsonl.

Targets (issue 5): precision >= 99.5 %, recall >= 90 %, >= 98 % among matches plus
suggestions, zero cancelled matched; 100k x 100k in under 30 s and under 2 GiB. Figures
only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from backend.reconciliation import EngineConfig, ReconcileResult, reconcile
from backend.reconciliation.model import DocumentRef
from backend.reconciliation.testing.generator import World, generate
from backend.reconciliation.testing.metrics import Figures, evaluate

MIB = 1024 * 1024


def _rss_mib() -> float:
    # ru_maxrss is in KiB on Linux: the high-water mark of this process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(world: World) -> tuple[float, float, float]:
    """Exact-amount-only matching: (precision, recall, seconds).

    A transaction is matched when exactly one open document side of the right direction
    has its exact amount and no other transaction has claimed it.
    """
    started = time.perf_counter()
    by_amount: dict[tuple[bool, object], list[DocumentRef]] = defaultdict(list)
    for d in world.documents:
        if d.status.value == "authorized":
            by_amount[(d.direction.value == "receivable", d.amount)].append(d.ref)
    used: set[DocumentRef] = set()
    links: set[tuple[DocumentRef, str]] = set()
    for t in sorted(world.transactions, key=lambda t: t.id):
        options = by_amount.get((t.amount > 0, abs(t.amount)), [])
        if len(options) == 1 and options[0] not in used:
            used.add(options[0])
            links.add((options[0], t.id))
    elapsed = time.perf_counter() - started
    truth = world.true_pairs
    right = len(links & truth)
    return right / max(1, len(links)), right / max(1, len(truth)), elapsed


def child(size: int, runs: int, seed: int) -> None:
    """Measure one size in this (fresh) process and print a JSON line."""
    world = generate(size, seed=seed)
    config = EngineConfig(own_tax_ids=world.own_tax_ids)
    rss_input = _rss_mib()
    walls: list[float] = []
    cpus: list[float] = []
    result: ReconcileResult | None = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = reconcile(world.documents, world.transactions, config=config)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert result is not None
    rss_peak = _rss_mib()
    traced = None
    if size <= 10_000:
        tracemalloc.start()
        reconcile(world.documents, world.transactions, config=config)
        traced = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    figures = evaluate(world, result)
    base_precision, base_recall, base_seconds = baseline(world)
    print(
        json.dumps(
            {
                "size": size,
                "documents": len(world.documents),
                "transactions": len(world.transactions),
                "wall": statistics.median(walls),
                "cpu": statistics.median(cpus),
                "rss_input": rss_input,
                "rss_peak": rss_peak,
                "traced": traced,
                "figures": _as_dict(figures),
                "baseline": [base_precision, base_recall, base_seconds],
            }
        )
    )


def _as_dict(f: Figures) -> dict[str, object]:
    return {
        "precision": f.precision,
        "recall": f.recall,
        "found": f.found,
        "matches": f.matches,
        "wrong": f.wrong_matches,
        "true_links": f.true_links,
        "cancelled": f.cancelled_matched,
        "scenarios": {
            name: [s.true_links, s.matched_links, s.found_links, s.matches, s.wrong_matches]
            for name, s in f.per_scenario.items()
        },
    }


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:6.2f} %" if whole else "     - "


def report(row: dict[str, Any]) -> None:
    f = row["figures"]
    print(
        f"\n== {row['documents']:,} documents x {row['transactions']:,} transactions ==\n"
        f"  engine    precision {100 * f['precision']:.3f} %  ({f['wrong']} wrong of "
        f"{f['matches']:,} automatic matches)\n"
        f"            recall    {100 * f['recall']:.2f} %  of {f['true_links']:,} true links "
        f"matched automatically\n"
        f"            found     {100 * f['found']:.2f} %  among matches + suggestions\n"
        f"            cancelled documents matched: {f['cancelled']}\n"
        f"            time      {row['wall']:.2f} s wall, {row['cpu']:.2f} s CPU (median)\n"
        f"            memory    peak RSS {row['rss_peak']:.0f} MiB (inputs alone "
        f"{row['rss_input']:.0f} MiB)"
        + (f", engine tracemalloc peak {row['traced']:.0f} MiB" if row["traced"] else "")
    )
    bp, br, bs = row["baseline"]
    print(
        f"  baseline  exact amount, unique candidate: precision {100 * bp:.2f} %, "
        f"recall {100 * br:.2f} %, {bs:.2f} s"
    )
    print(f"  {'scenario':24s} {'links':>7s} {'auto':>9s} {'found':>9s} {'matches':>8s} wrong")
    for name, (links, auto, found, matches, wrong) in f["scenarios"].items():
        print(
            f"  {name:24s} {links:7d} {_pct(auto, links):>9s} {_pct(found, links):>9s} "
            f"{matches:8d} {wrong:5d}"
        )


def main() -> None:
    """Run every size in its own process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files", type=int, nargs="*", default=[])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs, args.seed)
        return
    for size in args.sizes:
        # A fresh process per size: peak RSS is then that size's alone.
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                "--runs",
                str(args.runs),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        report(json.loads(out.stdout.strip().splitlines()[-1]))
    for size in args.files:
        files_report(size, args.seed)


def files_report(size: int, seed: int) -> None:
    """Files in, the command's jsonl out: quality and wall time end to end."""
    # Imported here so the per-size child processes' memory figures stay the engine's.
    from backend.cli import main as cli
    from backend.reconciliation.testing.files import score_lines, write_world

    world = generate(size, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        truth = write_world(world, Path(folder))
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli(
                [
                    "reconcile",
                    "--documents",
                    *map(str, truth.documents),
                    "--statements",
                    *map(str, truth.statements),
                    "--company",
                    *sorted(truth.own_tax_ids),
                ]
            )
        elapsed = time.perf_counter() - started
    f = score_lines(truth, [json.loads(line) for line in out.getvalue().splitlines()])
    print(f"== files -> conciliacontag reconcile: {size:,} documents (exit {code}) ==")
    print(
        f"  precision {f.precision:.3%} ({f.wrong_matches} wrong of {f.matches:,}), "
        f"recall {f.recall:.2%}, found {f.found:.2%}, cancelled matched "
        f"{f.cancelled_matched}, {elapsed:.2f} s wall"
    )


if __name__ == "__main__":
    main()
