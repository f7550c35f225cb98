"""Helpers shared by the statements tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backend.statements import StatementParseResult, parse_statement


@pytest.fixture(scope="session")
def parse_sample(samples_dir: Path) -> Callable[[str], StatementParseResult]:
    """Parse ``<format dir>/<file>`` under the shared samples, passing its file name."""

    def parse(relative: str) -> StatementParseResult:
        path = samples_dir / relative
        return parse_statement(path.read_bytes(), filename=path.name)

    return parse
