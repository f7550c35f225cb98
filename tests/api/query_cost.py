"""What a GraphQL request costs in SQL statements, for the N+1 tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from backend.db.session import Database


@contextmanager
def count_statements(database: Database) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs inside the block."""
    seen: list[str] = []

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", before)


async def statements_per_page(
    database: Database,
    fetch: Callable[[int], Awaitable[list[dict[str, Any]]]],
    sizes: tuple[int, int],
) -> tuple[dict[int, int], dict[int, list[dict[str, Any]]]]:
    """(statements run, nodes) for a page of each size; ``fetch(size)`` returns the nodes
    of one page, which must hold ``size`` of them."""
    counts: dict[int, int] = {}
    pages: dict[int, list[dict[str, Any]]] = {}
    for size in sizes:
        with count_statements(database) as statements:
            pages[size] = await fetch(size)
        assert len(pages[size]) == size
        counts[size] = len(statements)
    return counts, pages
