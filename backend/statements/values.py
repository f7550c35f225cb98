"""Amounts and dates as banks write them.

Every parser here raises ``ValueError`` on bad input; callers turn that into a
``ParseError`` with their own code and location.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Amounts are stored as numeric(20,2): at most 18 digits before the point. More is a
# typo or garbage, refused here (a bad line) rather than by the database (a bad file).
_DIGITS = re.compile(r"0*\d{1,18}(?:\.\d+)?")
_ISO_DAY = re.compile(r"\d{4}[-/]\d{2}[-/]\d{2}")
_PLAIN = re.compile(r"-?\d{1,18}\.\d\d")
_NOISE = str.maketrans("", "", " \u00a0\t$R")


def to_cents(value: Decimal) -> Decimal:
    """Show amounts with two places when that loses nothing (``-136.9`` -> ``-136.90``)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return value.quantize(CENT)
    return value


def parse_amount(text: str, decimal_sep: str | None = None) -> Decimal:
    """Parse ``-1.234,56``, ``1234.56``, ``(12,00)``, ``12,00-``, ``R$ 5,00 D`` and the like.

    ``decimal_sep`` is the file's decimal separator when known; otherwise a lone comma
    or a lone dot is the decimal separator and a repeated one separates thousands.
    """
    plain = text.strip()
    if _PLAIN.fullmatch(plain):
        # The common case (OFX, dot-decimal CSV): nothing to normalise.
        return Decimal(plain)
    raw = text.translate(_NOISE)
    negative = False
    if len(raw) > 1 and raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    if len(raw) > 1 and raw[-1] in "DdCc":
        negative, raw = negative or raw[-1] in "Dd", raw[:-1]
    if raw.endswith("-"):
        negative, raw = not negative, raw[:-1]
    if raw.startswith(("+", "-")):
        negative, raw = negative != raw.startswith("-"), raw[1:]
    raw = _normalise_separators(raw, decimal_sep)
    if not _DIGITS.fullmatch(raw):
        raise ValueError(f"not an amount: {text!r}")
    value = to_cents(Decimal(raw))
    return -value if negative else value


def _normalise_separators(raw: str, decimal_sep: str | None) -> str:
    if decimal_sep is not None:
        thousands = "." if decimal_sep == "," else ","
        return raw.replace(thousands, "").replace(decimal_sep, ".")
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal_char = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_char == "," else ","
        return raw.replace(thousands, "").replace(decimal_char, ".")
    if commas:
        return raw.replace(",", ".") if commas == 1 else raw.replace(",", "")
    if dots > 1:
        return raw.replace(".", "")
    return raw


def parse_compact_date(text: str) -> date:
    """``YYYYMMDD`` optionally followed by a time and ``[-3:BRT]`` (OFX dates).

    Only the calendar date is kept, as written: Brazilian banks write local dates and
    shifting them through the stated offset would move midnight entries a day back.
    """
    digits = text.strip()[:10]
    if _ISO_DAY.fullmatch(digits):
        # A few exports write ISO dates (2026-09-05) where OFX wants 20260905.
        digits = digits[:4] + digits[5:7] + digits[8:10]
    digits = digits[:8]
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(f"not a date: {text!r}")
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


@lru_cache(maxsize=4096)
def parse_ddmmyyyy(text: str) -> date | None:
    """CNAB ``DDMMAAAA``; zeros or blanks mean no date."""
    if not text.strip() or text.strip("0 ") == "":
        return None
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"not a DDMMAAAA date: {text!r}")
    return date(int(text[4:]), int(text[2:4]), int(text[:2]))


@lru_cache(maxsize=4096)
def parse_ddmmyy(text: str) -> date | None:
    """CNAB 400 ``DDMMAA``; zeros or blanks mean no date; years below 70 are 20xx."""
    if not text.strip() or text.strip("0 ") == "":
        return None
    if len(text) != 6 or not text.isdigit():
        raise ValueError(f"not a DDMMAA date: {text!r}")
    year = int(text[4:])
    return date(2000 + year if year < 70 else 1900 + year, int(text[2:4]), int(text[:2]))
