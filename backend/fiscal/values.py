"""Turning XML text into typed values, with ParseError (never ValueError) on bad input."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from backend.core.errors import Location, ParseError


def _invalid(kind: str, text: str, path: str) -> ParseError:
    shown = text if len(text) <= 40 else text[:40] + "..."
    return ParseError(
        "INVALID_VALUE", f"{path} is not a valid {kind}: {shown!r}", Location(path=path)
    )


# The largest adjusted exponent accepted: 13 integer digits, the most any layout allows
# (TDec_1302). Beyond it, sums and products of hostile values (9e999999) would overflow the
# decimal context and raise something other than ParseError.
MAX_ADJUSTED_EXPONENT = 12


def to_decimal(text: str | None, path: str) -> Decimal | None:
    """A decimal from ``1234.56`` (or ``1.234,56`` as some municipal layouts write it);
    INVALID_VALUE for anything else, NaN, infinities and more than 13 integer digits."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = _decimal_with_comma(text, path)
    if not value.is_finite() or value.adjusted() > MAX_ADJUSTED_EXPONENT:
        raise _invalid("number", text, path)
    return value


def _decimal_with_comma(text: str, path: str) -> Decimal:
    if "," not in text:
        raise _invalid("number", text, path)
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise _invalid("number", text, path) from None


def to_datetime(text: str | None, path: str) -> datetime | None:
    """An ISO 8601 date-time keeping its offset; a bare date becomes midnight (no offset)."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise _invalid("date-time", text, path) from None


def to_date(text: str | None, path: str) -> date | None:
    """A calendar date from ``YYYY-MM-DD`` (a trailing time part is ignored)."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise _invalid("date", text, path) from None


def to_int(text: str | None, path: str) -> int | None:
    """A non-negative integer, as used for sequence and item numbers."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise _invalid("integer", text, path)
    return int(text)
