"""Recognising a statement format from the first bytes of a file."""

from __future__ import annotations

import re

from backend.statements.csv_dialect import sniff_delimiter

_HEAD_BYTES = 16384
# CNAB 240 file header: bank code, lot 0000, record type 0. A following record
# repeats the bank code and has a lot number and a record type (1 lot header, 3
# detail, 5 lot trailer, 9 file trailer).
_CNAB240_HEADER = re.compile(r"^ {0,2}(\d{3})00000")
_CNAB240_RECORD = re.compile(r"^ {0,2}(\d{3})\d{4}[1359]")
# CNAB 400 header: record type 0, then 2 (return) or 1 (remittance) and its name.
_CNAB400_HEADER = re.compile(r"^ {0,2}0[12](?:RETORNO|REMESSA|.{7})", re.IGNORECASE)
_CNAB400_RECORD = re.compile(r"^ {0,2}[1-79]")
_OFX_MARKERS = ("<OFX>", "<OFX ", "<?OFX", "OFXHEADER")


def detect_statement_format(data: bytes, filename: str | None = None) -> str | None:
    """``"ofx"``, ``"cnab240"``, ``"cnab400"``, ``"csv"`` or None when nothing fits.

    The content decides; the file name only breaks a tie for CSV-looking text (a
    ``.csv``/``.txt`` name lets a single-column-looking file still count as CSV).
    """
    head = data[:_HEAD_BYTES]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.replace(b"\x00", b"")
            break
    text = head.decode("latin-1").lstrip(" \t\r\n")
    upper = text[:4096].upper()
    if upper.startswith("OFXHEADER") or any(m in upper for m in _OFX_MARKERS):
        return "ofx"
    if text.startswith("<"):
        # XML or HTML that is not OFX (a fiscal document, an error page).
        return None
    lines = [line.rstrip("\r\x1a") for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    cnab = _cnab_structure(lines)
    if cnab is not None:
        return cnab
    # A stray NUL or two is a damaged row (skipped by the CSV reader), more is binary.
    if sum(1 for ch in text if ch < " " and ch not in "\t\r\n") > 2:
        return None
    if len(lines) >= 2 and sniff_delimiter("\n".join(lines[:60])) is not None:
        return "csv"
    name = (filename or "").lower()
    if name.endswith((".csv", ".txt")) and sniff_delimiter(text) is not None:
        return "csv"
    return None


def _cnab_structure(lines: list[str]) -> str | None:
    """``"cnab240"``/``"cnab400"`` when the first records have that record structure.

    The structure decides, not the exact length: banks trim trailing blanks, write a
    record or two a character short or long, or shift a header by a column. A header
    not followed by a record of its bank must be about its layout's width.
    """
    first, following = lines[0], lines[1:3]
    if ";" in first or "\t" in first:
        return None
    header = _CNAB240_HEADER.match(first)
    if header is not None:
        record = _CNAB240_RECORD.match(following[0]) if following else None
        if (record is not None and record.group(1) == header.group(1)) or (
            200 <= len(first) <= 250
        ):
            return "cnab240"
    if _CNAB400_HEADER.match(first):
        named = any(word in first[:12].upper() for word in ("RETORNO", "REMESSA"))
        if named and len(first) > 100:
            return "cnab400"
        if 350 <= len(first) <= 450 and all(
            _CNAB400_RECORD.match(line) and len(line) > 300 for line in following
        ):
            return "cnab400"
    return None
