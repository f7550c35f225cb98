"""The committed SDL and example operations must match the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.api.graphql.export import SCHEMA_PATH, render_sdl
from graphql import build_schema, parse, validate

OPERATIONS = sorted((SCHEMA_PATH.parent / "operations").glob("*.graphql"))


def test_committed_schema_matches_code() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == render_sdl(), "graphql/schema.graphql is stale: run `make schema`"


def test_there_are_example_operations() -> None:
    assert OPERATIONS, "graphql/operations/ must hold the operations clients send"


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: Path(p).name)
def test_operations_validate_against_schema(path: Path) -> None:
    schema = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = validate(schema, parse(path.read_text(encoding="utf-8")))
    assert errors == []
