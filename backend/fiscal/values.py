"""Turning XML text into typed values, with ParseError (never ValueError) on bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from backend.core.errors import Location, ParseError


def _invalid(kind: str, text: str, path: str) -> ParseError:
    shown = text if len(text) <= 40 else text[:40] + "..."
    return ParseError(
        "INVALID_VALUE", f"{path} is not a valid {kind}: {shown!r}", Location(path=path)
    )


# Converts the text of a numeric field (named for error messages) into a Decimal.
DecimalReader = Callable[[str | None], Decimal | None]
# Tolerance of totals cross-checks: rounding per item may differ by a few cents.
TOTALS_TOLERANCE = Decimal("0.05")

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


class DecimalCache(dict[str | None, Decimal | None]):
    """Raw XML text -> Decimal, for the fast path of the readers: ``cache[text]``.

    The same few values fill most numeric fields ("0.00", "18.00", "1.0000"), and a hit is
    one dict lookup done in C (``map(cache.__getitem__, texts)`` calls no Python code),
    where building and range-checking a Decimal costs about ten times as much. A miss
    builds the Decimal; anything but a plain finite number in range (``1.234,56``, NaN,
    ``9e999999``, blank text) raises InvalidOperation, for the caller's lenient path. None
    maps to None. Decimals are immutable, so sharing them between documents is safe.
    """

    __slots__ = ()

    # Distinct texts kept; the input chooses them, so the cache starts over past this.
    LIMIT = 16384

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, text: str | None) -> Decimal | None:
        number = Decimal(text)  # type: ignore[arg-type]  # None is always present
        if not number.is_finite() or number.adjusted() > MAX_ADJUSTED_EXPONENT:
            raise InvalidOperation
        if len(self) >= self.LIMIT:
            self.clear()
            self[None] = None
        self[text] = number
        return number


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
