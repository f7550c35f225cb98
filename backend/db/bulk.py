"""Splitting bulk statements under PostgreSQL's limit of bind parameters per statement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# asyncpg refuses more than 32,767 arguments in one statement; keep a margin.
MAX_PARAMETERS = 30_000


def batches(rows: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Consecutive slices of ``rows`` small enough for one multi-row statement each."""
    if not rows:
        return
    width = max(1, max(len(row) for row in rows[:10]))
    size = max(1, MAX_PARAMETERS // width)
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])
