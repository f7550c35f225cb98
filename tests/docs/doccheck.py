"""Reading the shell examples of README.md and docs/*.md, and running them as a reader would.

Conventions the docs follow (README.md, "Examples are checked"):

- A fenced block tagged ``sh``, ``bash``, ``shell`` or ``console`` is run, in order with
  the page's other blocks, by bash in a scratch directory (``set -euo pipefail``).
- A block that cannot run in a test (``make dev``, long-running servers, external
  services) has ``<!-- doc-check: skip: why -->`` on the line right above its fence:
  the checker reports it as skipped with that reason.
- A block passes what it learnt to the next ones in shell variables in capitals
  (``TOKEN=$(curl … | jq -r …)``), never as ``<accessToken>``-style placeholders.
- ``localhost:8000`` and ``127.0.0.1:8000`` (what ``make dev`` serves) become the test's
  API; ``$API`` is set to it too.
- Every HTTP call ``curl`` makes must answer 2xx, without a GraphQL ``errors`` list.
- A ``json`` block right after a run block (only prose between them) shows the answer of
  that block's last HTTP call: same keys at every level, same types, and the same values
  except numbers and strings elided with ``…``.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHELL_LANGUAGES = frozenset({"sh", "bash", "shell", "console"})
_FENCE = re.compile(r"^(```+)\s*([\w+-]*)\s*$")
_MARKER = re.compile(r"^<!--\s*doc-check:\s*skip\b:?\s*(.*?)\s*-->$")
_PLACEHOLDER = re.compile(r"<[A-Za-z][\w-]*>")
DEV_ADDRESSES = ("http://localhost:8000", "http://127.0.0.1:8000", "localhost:8000")
ELIDED = "…"


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: str
    line: int
    language: str
    text: str
    skip: str | None
    """The reason of a ``doc-check: skip`` marker above the fence, if any."""
    marked: bool

    @property
    def where(self) -> str:
        """``page:line`` of the opening fence."""
        return f"{self.page}:{self.line}"

    @property
    def runs(self) -> bool:
        """A shell block the checker runs."""
        return self.language in SHELL_LANGUAGES and not self.marked


@dataclass(frozen=True)
class Page:
    """A page's blocks, and which json block answers which run block."""

    path: str
    blocks: tuple[Block, ...]
    answers: Mapping[Block, Block]


def pages(root: Path) -> list[Path]:
    """README.md and every docs/*.md, in a stable order."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def read_page(path: Path, root: Path) -> Page:
    """Split a Markdown page into its fenced blocks."""
    name = path.relative_to(root).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    answers: dict[Block, Block] = {}
    previous: Block | None = None
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, language = opening.groups()
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        above = lines[index - 1].strip() if index else ""
        marker = _MARKER.match(above)
        block = Block(
            page=name,
            line=index + 1,
            language=language.lower(),
            text="\n".join(lines[index + 1 : end]) + "\n",
            skip=marker.group(1) if marker else None,
            marked=marker is not None,
        )
        if block.language == "json" and previous is not None and previous.runs:
            answers[previous] = block
        blocks.append(block)
        previous = block
        index = end + 1
    return Page(name, tuple(blocks), answers)


def stray_markers(path: Path, root: Path) -> list[str]:
    """Markers that mark nothing (not right above a shell fence) or give no reason."""
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = []
    for number, line in enumerate(lines, start=1):
        marker = _MARKER.match(line.strip())
        if not marker:
            continue
        where = f"{path.relative_to(root).as_posix()}:{number}"
        following = _FENCE.match(lines[number]) if number < len(lines) else None
        if following is None or following.group(2).lower() not in SHELL_LANGUAGES:
            problems.append(f"{where}: the marker is not right above a shell block")
        if not marker.group(1):
            problems.append(f"{where}: the marker gives no reason")
    return problems


def placeholders(block: Block) -> list[str]:
    """``<name>`` placeholders in a block that runs: the reader could not paste it."""
    return _PLACEHOLDER.findall(block.text)


def for_test_api(text: str, base_url: str) -> str:
    """``text`` with make dev's address replaced by the test API's."""
    for address in DEV_ADDRESSES:
        replacement = base_url if address.startswith("http") else base_url.split("//", 1)[1]
        text = text.replace(address, replacement)
    return text


# Run by bash around each block: the variables earlier blocks of the page set are
# sourced first, and the capitalised ones this block sets are appended afterwards.
_PROLOGUE = """set -euo pipefail
source "$DOC_STATE"
__doc_vars=$(compgen -v | sort)
"""
_EPILOGUE = """
for __doc_var in $(comm -13 <(printf '%s\\n' "$__doc_vars") <(compgen -v | sort)); do
  if [[ $__doc_var =~ ^[A-Z][A-Z0-9_]*$ ]]; then declare -p "$__doc_var" >> "$DOC_STATE"; fi
done
"""

# Replaces curl on the blocks' PATH: the real curl runs, the body goes to stdout as
# usual, and the status and body are kept for the checker (files named by a counter).
CURL_SHIM = """#!/usr/bin/env bash
set -u
count=$(ls "$DOC_HTTP_LOG" | wc -l)
id=$(printf '%06d' "$count")
printf '%q ' curl "$@" > "$DOC_HTTP_LOG/$id.args"
"$DOC_REAL_CURL" "$@" -o "$DOC_HTTP_LOG/$id.body" -w '%{http_code}' > "$DOC_HTTP_LOG/$id.status"
code=$?
cat "$DOC_HTTP_LOG/$id.body" 2>/dev/null
exit $code
"""


@dataclass(frozen=True)
class Exchange:
    """One HTTP call a block made."""

    command: str
    status: int
    body: str

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def problem(self) -> str | None:
        """Why this call does not count as working, if it does not."""
        if not 200 <= self.status < 300:
            return f"HTTP {self.status}"
        body = self.json()
        if isinstance(body, dict) and body.get("errors"):
            return f"GraphQL errors {body['errors']}"
        return None


@dataclass(frozen=True)
class Run:
    """What running one block did."""

    returncode: int
    output: str
    exchanges: tuple[Exchange, ...]


def _exchanges(log: Path, seen: int) -> Iterator[Exchange]:
    for args in sorted(log.glob("*.args"))[seen:]:
        status = args.with_suffix(".status").read_text().strip()
        body = args.with_suffix(".body")
        yield Exchange(
            command=args.read_text(),
            status=int(status) if status.isdigit() else 0,
            body=body.read_text(errors="replace") if body.exists() else "",
        )


def run_block(
    block: Block, *, cwd: Path, env: Mapping[str, str], base_url: str, timeout: float = 60
) -> Run:
    """Run ``block`` with bash in ``cwd``; ``env`` names DOC_STATE and DOC_HTTP_LOG."""
    log = Path(env["DOC_HTTP_LOG"])
    seen = len(list(log.glob("*.args")))
    script = _PROLOGUE + for_test_api(block.text, base_url) + _EPILOGUE
    completed = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(
        returncode=completed.returncode,
        output=completed.stdout + completed.stderr,
        exchanges=tuple(_exchanges(log, seen)),
    )


def shape_mismatches(documented: Any, actual: Any, where: str = "$") -> list[str]:
    """How ``actual`` differs from the ``documented`` example (empty when it matches).

    Objects must have the same keys; arrays the same length; numbers the same type
    (their values are examples); strings holding ``…`` are elided (any string matches);
    every other string, boolean and null must be equal.
    """
    if isinstance(documented, dict):
        if not isinstance(actual, dict):
            return [f"{where}: documented an object, got {actual!r}"]
        problems = []
        missing, extra = documented.keys() - actual.keys(), actual.keys() - documented.keys()
        if missing:
            problems.append(f"{where}: documented but absent: {sorted(missing)}")
        if extra:
            problems.append(f"{where}: answered but not documented: {sorted(extra)}")
        for key in documented.keys() & actual.keys():
            problems += shape_mismatches(documented[key], actual[key], f"{where}.{key}")
        return problems
    if isinstance(documented, list):
        if not isinstance(actual, list) or len(actual) != len(documented):
            return [f"{where}: documented {documented!r}, got {actual!r}"]
        return [
            problem
            for index, (doc, act) in enumerate(zip(documented, actual, strict=True))
            for problem in shape_mismatches(doc, act, f"{where}[{index}]")
        ]
    if isinstance(documented, str) and ELIDED in documented:
        return [] if isinstance(actual, str) else [f"{where}: documented a string, got {actual!r}"]
    if isinstance(documented, bool) or documented is None or isinstance(documented, str):
        return (
            []
            if documented == actual and type(documented) is type(actual)
            else [f"{where}: documented {documented!r}, got {actual!r}"]
        )
    if type(documented) is not type(actual):
        return [f"{where}: documented a {type(documented).__name__}, got {actual!r}"]
    return []
