"""Recognising a statement format from the first bytes of a file."""

from __future__ import annotations

import re

from backend.statements.csv_dialect import sniff_delimiter

_HEAD_BYTES = 16384
_CNAB240_HEADER = re.compile(r"^\d{3}00000")
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
    first = lines[0]
    if first.startswith("0") and 390 <= len(first) <= 402 and first[1:2] in ("1", "2"):
        return "cnab400"
    if first.startswith("02RETORNO") or first.startswith("01REMESSA"):
        return "cnab400"
    if _CNAB240_HEADER.match(first) and len(first) <= 242:
        return "cnab240"
    # A stray NUL or two is a damaged row (skipped by the CSV reader), more is binary.
    if sum(1 for ch in text if ch < " " and ch not in "\t\r\n") > 2:
        return None
    if len(lines) >= 2 and sniff_delimiter("\n".join(lines[:60])) is not None:
        return "csv"
    name = (filename or "").lower()
    if name.endswith((".csv", ".txt")) and sniff_delimiter(text) is not None:
        return "csv"
    return None
