"""Start-up of the ``conciliacontag`` command: wall time of short runs in fresh processes.

Each case runs ``--runs`` times (after one warm-up run that fills the OS file cache) and
prints the median and the fastest wall time, next to a bare ``python -c pass`` for the
interpreter's own floor. The cases are what a user types most: ``--help``, a usage
error, and ``parse`` of one NF-e XML, one OFX and one DANFE PDF from the public samples
(``../shared/samples``).

    .venv/bin/python bench/cli_startup.py [--runs 11]

The commands run in the checkout that holds this file (``-m`` puts the working
directory first on the path), so a copy of it in another checkout measures that one.

Target (issue 13): ``--help``, a usage error and a one-file ``parse`` well under 0.5 s.
Figures only; nothing is asserted (tests/commands/test_startup.py checks which modules
load instead, which does not depend on the machine).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
CLI = [sys.executable, "-m", "backend.cli"]
CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
    ("--help", [*CLI, "--help"]),
    ("usage error (parse, no PATH)", [*CLI, "parse"]),
    (
        "parse one NF-e XML",
        [
            *CLI,
            "parse",
            str(SAMPLES / "nfe55/nfelib__35180834128745000152550010000474281920007498-nfe.xml"),
        ],
    ),
    ("parse one OFX", [*CLI, "parse", str(next(iter(sorted((SAMPLES / "ofx").iterdir()))))]),
    (
        "parse one DANFE PDF",
        [*CLI, "parse", str(next(iter(sorted((SAMPLES / "danfe_pdf").glob("*.pdf")))))],
    ),
]


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def main() -> None:
    """Print the median and fastest wall time of each case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    print(f"{'case':<32}{'median ms':>12}{'min ms':>10}   ({runs} runs each)")
    for label, command in CASES:
        _wall(command)  # warm-up: file cache, .pyc files
        times = [_wall(command) for _ in range(runs)]
        print(f"{label:<32}{statistics.median(times) * 1000:>12.0f}{min(times) * 1000:>10.0f}")


if __name__ == "__main__":
    main()
