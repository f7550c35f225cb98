"""Start-up of `conciliacontag`: a usage error or a one-file `parse` loads no heavy stack.

Measured by what a fresh interpreter has imported, not by wall-clock time, so the test
neither flakes on a busy machine nor passes on a fast one (bench/cli_startup.py times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NFE = "nfe55/nfelib__35180834128745000152550010000474281920007498-nfe.xml"

# Run the console entry point in a fresh interpreter, then list every loaded module.
_PROBE = """
import json, sys
from backend.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code
with open(sys.argv[1], "w") as listing:
    json.dump({"code": code, "modules": sorted(sys.modules)}, listing)
"""

# The server, database, storage, workflow and settings stacks: never needed offline.
SERVER_STACKS = (
    "pydantic",
    "pydantic_settings",
    "structlog",
    "asyncio",
    "sqlalchemy",
    "alembic",
    "asyncpg",
    "strawberry",
    "starlette",
    "uvicorn",
    "temporalio",
    "boto3",
    "botocore",
    "httpx",
    "sentry_sdk",
    "xlsxwriter",
)
# Only a PDF needs the PDF reader; only a statement the statement parsers.
PDF_READER = ("pdfplumber", "pdfminer")


def _loaded(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    listing = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", _PROBE, str(listing), *args],
        capture_output=True,
        check=True,
        timeout=60,
    )
    probe = json.loads(listing.read_text())
    return probe["code"], {name.split(".")[0] for name in probe["modules"]}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["parse"], ["reconcile", "--documents", "x"], ["no-such-command"]],
    ids=["help", "parse-usage", "reconcile-usage", "unknown-command"],
)
def test_help_and_usage_errors_load_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    code, modules = _loaded(tmp_path, *args)
    assert code == (0 if args == ["--help"] else 2)
    heavy = modules & {*SERVER_STACKS, *PDF_READER, "lxml", "cryptography"}
    assert not heavy, f"{' '.join(args)} imported {sorted(heavy)}"


def test_parse_of_one_xml_loads_only_what_parses_it(tmp_path: Path, samples_dir: Path) -> None:
    code, modules = _loaded(tmp_path, "parse", str(samples_dir / NFE))
    assert code == 0
    heavy = modules & {*SERVER_STACKS, *PDF_READER}
    assert not heavy, f"parse of one NF-e imported {sorted(heavy)}"
    assert "lxml" in modules  # the probe did parse the file
