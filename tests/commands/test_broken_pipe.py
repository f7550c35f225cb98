"""A reader that stops early (`conciliacontag parse … | head`) ends the command quietly."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx

# Enough lines that the output (about 1 MB) cannot fit in the pipe's buffer: the command
# is still writing when the reader goes away, whatever the machine's speed.
LINES = 3000
# The documented exit status: 128 + SIGPIPE, as a shell reports `yes | head`.
EXIT_BROKEN_PIPE = 141


@pytest.fixture(scope="module")
def long_statement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    start = date(2026, 3, 2)
    entries = [
        GenEntry(start + timedelta(days=i % 28), Decimal(f"{i}.{i % 100:02d}"), f"PIX {i}", f"F{i}")
        for i in range(1, LINES + 1)
    ]
    path = tmp_path_factory.mktemp("pipe") / "extrato.ofx"
    path.write_bytes(make_ofx([GenStatement(entries, bank_id="341", account_id="5432-1")]))
    return path


def _read_one_line_and_close(*args: str) -> tuple[int, bytes, str]:
    with subprocess.Popen(
        [sys.executable, "-m", "backend.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # what `head -1` does after its line
        err = process.stderr.read().decode()
        return process.wait(timeout=120), first, err


def test_parse_into_a_reader_that_stops(long_statement: Path) -> None:
    code, first, err = _read_one_line_and_close("parse", str(long_statement))
    assert first.startswith(b"{")
    assert err == "", "no traceback, no 'Exception ignored' on stderr"
    assert code == EXIT_BROKEN_PIPE


def test_reconcile_into_a_reader_that_stops(long_statement: Path) -> None:
    path = str(long_statement)
    code, first, err = _read_one_line_and_close(
        "reconcile", "--documents", path, "--statements", path, "--company", "11222333000181"
    )
    assert first.startswith(b"{")
    assert err == ""
    assert code == EXIT_BROKEN_PIPE
