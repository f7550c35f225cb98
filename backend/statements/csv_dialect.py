"""Sniffing a CSV export: delimiter, header row, decimal separator and date order."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

DELIMITERS = (";", ",", "\t", "|")
# Stands in for a record the csv module refused, so its line is reported, not lost.
UNREADABLE = "\x00unreadable"
SAMPLE_ROWS = 60


def read_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` per record; records csv cannot read become empty rows."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A NUL byte or an oversized field: keep the line count, drop the record.
            rows.append((reader.line_num, [UNREADABLE]))
            continue
        rows.append((reader.line_num, cells))
    return rows


def sniff_delimiter(text: str) -> str | None:
    """The delimiter giving the most rows with the same (largest) number of fields."""
    best: tuple[int, str] | None = None
    sample = "\n".join(text[:262144].splitlines()[:SAMPLE_ROWS])
    for delimiter in DELIMITERS:
        counts = Counter(len(cells) for _, cells in read_rows(sample, delimiter) if len(cells) >= 2)
        if not counts:
            continue
        fields, rows = max(counts.items(), key=lambda item: (item[1] * item[0], item[0]))
        score = rows * fields
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else None


_COMMA_DECIMAL = re.compile(
    r"^[-+(]?\s*(R\$)?\s*[-+]?\d{1,3}(\.\d{3})*,\d{1,2}\)?\s*[-DC]?$|"
    r"^[-+]?\d+,\d{1,2}$"
)
_DOT_DECIMAL = re.compile(
    r"^[-+(]?\s*(R\$)?\s*[-+]?\d{1,3}(,\d{3})*\.\d{1,2}\)?\s*[-DC]?$|"
    r"^[-+]?\d+\.\d{1,2}$"
)


def sniff_decimal(values: list[str]) -> str | None:
    """``","`` or ``"."`` by majority of unambiguous amounts; None when nothing tells."""
    comma = dot = 0
    for value in values:
        value = value.strip()
        if _COMMA_DECIMAL.match(value):
            comma += 1
        elif _DOT_DECIMAL.match(value):
            dot += 1
    if comma > dot:
        return ","
    if dot > comma:
        return "."
    return None


_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{8})$")


@dataclass(frozen=True, slots=True)
class DateOrder:
    """How a file writes dates; ``month_first`` only for ``NN/NN/YYYY`` dates."""

    month_first: bool = False

    def describe(self, sample: str) -> str:
        """A human label such as ``DD/MM/YYYY`` for the result's details."""
        token = _token(sample)
        if _YMD.match(token):
            return "YYYY-MM-DD"
        if _COMPACT.match(token):
            return "YYYYMMDD"
        return "MM/DD/YYYY" if self.month_first else "DD/MM/YYYY"

    def parse(self, text: str) -> date:
        """A date from ``text``; a time after the date is ignored. Raises ValueError."""
        token = _token(text)
        if (m := _YMD.match(token)) is not None:
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _DMY.match(token)) is not None:
            first, second, year = int(m[1]), int(m[2]), int(m[3])
            if len(m[3]) == 2:
                year += 2000 if year < 70 else 1900
            day, month = (second, first) if self.month_first else (first, second)
            return date(year, month, day)
        if (m := _COMPACT.match(token)) is not None:
            digits = m[1]
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        raise ValueError(f"not a date: {text!r}")


def _token(text: str) -> str:
    stripped = text.strip()
    for separator in (" ", "T"):
        head, sep, _ = stripped.partition(separator)
        if sep and head:
            stripped = head
    return stripped


def sniff_date_order(values: list[str]) -> DateOrder:
    """Day first (Brazil) unless some value can only be month first."""
    for value in values:
        m = _DMY.match(_token(value))
        if m is None:
            continue
        if int(m[1]) > 12:
            return DateOrder(month_first=False)
        if int(m[2]) > 12:
            return DateOrder(month_first=True)
    return DateOrder()
