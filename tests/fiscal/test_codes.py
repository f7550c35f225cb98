"""The documented codes, the registry in backend.fiscal.codes and the code that raises them
agree: no undocumented code can reach a caller, no documented one is stale."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from backend.fiscal.codes import ERROR_CODES, WARNING_CODES

_ROOT = Path(__file__).resolve().parents[2]
_SOURCES = sorted((_ROOT / "backend" / "fiscal").rglob("*.py")) + sorted(
    (_ROOT / "backend" / "ingest").rglob("*.py")
)
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]+$")


def _codes_raised(constructor: str) -> set[str]:
    """String constants in the first argument of every ``constructor(...)`` call."""
    found: set[str] = set()
    for path in _SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == constructor
                and node.args
            ):
                for part in ast.walk(node.args[0]):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        found.add(part.value)
    return found


def _all_upper_constants() -> set[str]:
    found: set[str] = set()
    for path in _SOURCES:
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _CODE.match(node.value)
            ):
                found.add(node.value)
    return found


def _documented(heading: str) -> set[str]:
    text = (_ROOT / "docs" / "fiscal.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.MULTILINE))


def test_codes_are_upper_snake() -> None:
    for code in (*ERROR_CODES, *WARNING_CODES):
        assert re.fullmatch(r"[A-Z]+(?:_[A-Z]+)*", code), code


def test_every_raised_code_is_registered() -> None:
    assert _codes_raised("ParseError") <= set(ERROR_CODES)
    assert _codes_raised("DocumentWarning") <= set(WARNING_CODES)


def test_every_registered_code_is_used() -> None:
    assert set(ERROR_CODES) | set(WARNING_CODES) <= _all_upper_constants()


def test_docs_list_the_registered_codes() -> None:
    assert _documented("### Errors") == set(ERROR_CODES)
    assert _documented("### Warnings") == set(WARNING_CODES)
