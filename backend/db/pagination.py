"""Keyset (cursor) pagination over any select, forwards and backwards.

A page is ordered by one sort expression plus the primary key as a tie-breaker,
and a cursor is the (sort value, id) pair of a row, so a page never skips or
repeats rows when others are inserted meanwhile, and page N costs what page 1
costs (no OFFSET). Cursors are opaque to clients: base64 of a small JSON array.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped

from backend.core.errors import Invalid

MAX_PAGE = 100
DEFAULT_PAGE = 20

_Scalar = str | int | Decimal | date | datetime | None
SortColumn = ColumnElement[Any] | Mapped[Any]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Relay arguments: ``first``/``after`` forwards or ``last``/``before`` backwards."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def size(self) -> int:
        """The number of rows asked for, capped at MAX_PAGE (the connection cost limit)."""
        if self.first is not None and self.last is not None:
            raise Invalid("pass first or last, not both", field_errors={"last": ["not with first"]})
        asked = self.last if self.last is not None else self.first
        if asked is None:
            return DEFAULT_PAGE
        if asked < 0 or asked > MAX_PAGE:
            field = "last" if self.last is not None else "first"
            raise Invalid(
                f"{field} must be between 0 and {MAX_PAGE}",
                field_errors={field: [f"between 0 and {MAX_PAGE}"]},
            )
        return asked

    @property
    def backwards(self) -> bool:
        """True for ``last``/``before`` pages."""
        return self.last is not None or (self.before is not None and self.first is None)


@dataclass(frozen=True, slots=True)
class Page:
    """Entities of one page in display order, with their cursors."""

    rows: Sequence[Any]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool


def like_pattern(text_value: str) -> str:
    """An ILIKE pattern matching ``text_value`` anywhere, with its wildcards escaped."""
    escaped = text_value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _encode_value(value: _Scalar) -> list[str | None]:
    if value is None:
        return ["n", None]
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, Decimal):
        return ["m", str(value)]
    if isinstance(value, int):
        return ["i", str(value)]
    return ["s", str(value)]


def _decode_value(tag: str, raw: str | None) -> _Scalar:
    if tag == "n" or raw is None:
        return None
    decoders: dict[str, Any] = {
        "t": datetime.fromisoformat,
        "d": date.fromisoformat,
        "m": Decimal,
        "i": int,
        "s": str,
    }
    return decoders[tag](raw)  # type: ignore[no-any-return]


def encode_cursor(value: _Scalar, row_id: uuid.UUID) -> str:
    """The opaque cursor of a row."""
    payload = json.dumps([*_encode_value(value), str(row_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[_Scalar, uuid.UUID]:
    """The (sort value, id) a cursor names; INVALID_INPUT for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        tag, raw, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return _decode_value(tag, raw), uuid.UUID(row_id)
    except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
        raise Invalid("invalid cursor", field_errors={"cursor": ["not a cursor"]}) from exc


async def keyset_page(
    session: AsyncSession,
    query: Select[Any],
    *,
    sort: SortColumn,
    row_id: SortColumn,
    descending: bool,
    request: PageRequest,
) -> Page:
    """Run ``query`` for one page ordered by (``sort``, ``row_id``).

    ``sort`` must never be NULL (coalesce it): tuple comparison with NULL is unknown.
    The query selects the entity (one column); the sort value is added to it.
    """
    size = request.size()
    query = query.add_columns(sort.label("sort_key"))
    backwards = request.backwards
    # Walking backwards reverses the order, then the rows are flipped back for display.
    reverse = descending != backwards
    key = tuple_(sort, row_id)
    for cursor, after in ((request.after, True), (request.before, False)):
        if cursor is None:
            continue
        value, anchor = decode_cursor(cursor)
        later = after != descending
        query = query.where(key > tuple_(value, anchor) if later else key < tuple_(value, anchor))
    order = (sort.desc(), row_id.desc()) if reverse else (sort.asc(), row_id.asc())
    rows: list[Row[Any]] = list(
        (await session.execute(query.order_by(*order).limit(size + 1))).all()
    )
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    return Page(
        rows=[row[0] for row in rows],
        cursors=[encode_cursor(row.sort_key, row[0].id) for row in rows],
        has_next=more if not backwards else request.before is not None,
        has_previous=more if backwards else request.after is not None,
    )


async def count_rows(session: AsyncSession, query: Select[Any]) -> int:
    """How many rows ``query`` matches (a connection's ``totalCount``)."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int((await session.execute(counted)).scalar_one())
