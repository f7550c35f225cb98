"""Streaming CSV and XLSX writers: rows go to disk batch by batch, never all in memory.

CSV is written for Excel in a Brazilian locale, which is what accountants open it with:
UTF-8 with a BOM (without it Excel reads the bytes as Windows-1252 and garbles
accents), ``;`` between fields (the list separator of pt-BR Windows, where ``,`` is the
decimal separator), CRLF line ends, amounts with a decimal comma and no thousands
separator (``1234,56``, read by Excel as a number), dates ``dd/mm/aaaa``. Excel also
turns long digit strings into numbers, losing digits and leading zeros, so CNPJ/CPF are
punctuated (``11.222.333/0001-81``) and access keys grouped by four, as on the DANFE.
A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading ``'`` so a spreadsheet never runs it as a formula (CSV injection).

XLSX cells are typed: amounts are numeric cells (written from the Decimal's exact
digits) with a two-decimal format, dates are date cells, text is always a string cell
(never a formula, so nothing needs escaping), the header row is bold and frozen and has
an autofilter. xlsxwriter's ``constant_memory`` mode flushes each row to a temporary
file as soon as the next one starts, so memory does not grow with the row count.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter  # type: ignore[import-untyped]

from backend.core.errors import DomainError
from backend.exports.columns import CellKind, CellValue, Column
from backend.exports.filters import ExportFormat
from backend.fiscal.ids import format_access_key, format_tax_id

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# An XLSX sheet holds 1,048,576 rows; one is the header.
MAX_XLSX_ROWS = 1_048_575
# A double holds 15 significant decimal digits exactly: larger amounts stay text.
MAX_EXACT_DIGITS = 15
JOIN = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportTooLarge(DomainError):
    """More rows than the format can hold."""

    code = "EXPORT_TOO_LARGE"
    http_status = 422


class ExportWriter(Protocol):
    """Writes the header on creation, rows in batches, and finishes the file on close."""

    rows: int

    def write_rows(self, rows: Iterable[Sequence[CellValue]]) -> None:
        """Append rows (cells in column order)."""
        ...

    def close(self) -> None:
        """Finish the file (flush, or assemble the XLSX package)."""
        ...

    def discard(self) -> None:
        """Give up on an unfinished file (its folder is removed by the caller)."""
        ...


def neutralize(text: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def decimal_comma(value: Decimal, places: int) -> str:
    """``1234.5`` → ``1234,50``: exact, no thousands separator, so Excel reads a number."""
    return f"{value:.{places}f}".replace(".", ",")


def _csv_text(kind: CellKind, value: str) -> str:
    if kind is CellKind.TAX_ID:
        value = format_tax_id(value)
    elif kind is CellKind.ACCESS_KEY:
        value = format_access_key(value)
    return neutralize(value)


def csv_cell(kind: CellKind, value: CellValue) -> str:
    """How a value of a column of ``kind`` is spelled in the CSV."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return neutralize(JOIN.join(_csv_text(kind, v) for v in value))
    if isinstance(value, Decimal):
        return decimal_comma(value, 4 if kind is CellKind.SCORE else 2)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _csv_text(kind, value)


class CsvExportWriter:
    """CSV for Excel in pt-BR (see the module docstring)."""

    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self.rows = 0
        self._kinds = [c.kind for c in columns]
        self._handle = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._handle, delimiter=";", lineterminator="\r\n")
        self._csv.writerow([neutralize(c.header) for c in columns])

    def write_rows(self, rows: Iterable[Sequence[CellValue]]) -> None:
        """Append rows."""
        kinds = self._kinds
        for row in rows:
            self._csv.writerow([csv_cell(k, v) for k, v in zip(kinds, row, strict=True)])
            self.rows += 1

    def close(self) -> None:
        """Flush and close the file."""
        self._handle.close()

    def discard(self) -> None:
        """Close the file unfinished."""
        self._handle.close()


class XlsxExportWriter:
    """One typed worksheet written in constant memory (see the module docstring)."""

    def __init__(self, path: Path, columns: Sequence[Column], *, sheet: str) -> None:
        self.rows = 0
        self._columns = list(columns)
        self._book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": str(path.parent),
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._sheet = self._book.add_worksheet(sheet)
        self._formats: dict[CellKind, Any] = {
            CellKind.MONEY: self._book.add_format({"num_format": "#,##0.00"}),
            CellKind.SCORE: self._book.add_format({"num_format": "0.0000"}),
            CellKind.DATE: self._book.add_format({"num_format": "dd/mm/yyyy"}),
            CellKind.DATETIME: self._book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}),
        }
        header = self._book.add_format({"bold": True})
        self._sheet.freeze_panes(1, 0)
        for index, column in enumerate(self._columns):
            self._sheet.set_column(index, index, column.width)
            self._sheet.write_string(0, index, column.header, header)

    def write_rows(self, rows: Iterable[Sequence[CellValue]]) -> None:
        """Append rows; ExportTooLarge past the sheet's row limit."""
        for row in rows:
            if self.rows >= MAX_XLSX_ROWS:
                raise ExportTooLarge(
                    f"an XLSX sheet holds at most {MAX_XLSX_ROWS} rows;"
                    " narrow the filter or export CSV",
                    details={"max_rows": MAX_XLSX_ROWS},
                )
            self.rows += 1
            line = self.rows
            for index, (column, value) in enumerate(zip(self._columns, row, strict=True)):
                self._write(line, index, column.kind, value)

    def _write(self, line: int, index: int, kind: CellKind, value: CellValue) -> None:
        sheet = self._sheet
        if value is None:
            return
        if isinstance(value, tuple):
            sheet.write_string(line, index, JOIN.join(value))
        elif isinstance(value, Decimal):
            if len(value.as_tuple().digits) > MAX_EXACT_DIGITS:
                sheet.write_string(line, index, f"{value:.2f}")
            else:
                # xlsxwriter spells the number with Decimal's own formatting: no float.
                sheet.write_number(line, index, value, self._formats[kind])
        elif isinstance(value, date):
            sheet.write_datetime(line, index, value, self._formats[kind])
        else:
            sheet.write_string(line, index, value)

    def close(self) -> None:
        """Add the autofilter over what was written and assemble the package."""
        self._sheet.autofilter(0, 0, self.rows, len(self._columns) - 1)
        self._book.close()

    def discard(self) -> None:
        """Nothing to release: the row buffer lives in the file's own temporary folder."""


def open_writer(
    export_format: ExportFormat, path: Path, columns: Sequence[Column], *, sheet: str
) -> ExportWriter:
    """The writer of ``export_format`` on a new file at ``path``."""
    if export_format is ExportFormat.CSV:
        return CsvExportWriter(path, columns)
    return XlsxExportWriter(path, columns, sheet=sheet)
