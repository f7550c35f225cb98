"""Turning bytes into text: encoding detection and text normalisation.

Brazilian banks routinely declare ``USASCII`` or ``UTF-8`` and then write Latin-1 or
Windows-1252, so declarations are ignored: a byte-order mark wins, then strict UTF-8,
then Windows-1252 (which agrees with Latin-1 on every letter Portuguese uses).
"""

from __future__ import annotations

import codecs
import unicodedata

from backend.core.errors import Location, ParseError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding name)``.

    Raises ``ParseError("UNDECODABLE_ENCODING")`` when a BOM promises an encoding the
    bytes do not follow, or when the bytes look like UTF-16 without a BOM.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ParseError(
                    "UNDECODABLE_ENCODING",
                    f"The file starts with a {encoding} byte-order mark "
                    f"but is not valid {encoding}",
                    Location(offset=exc.start),
                ) from None
    _refuse_binary(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _undo_double_encoding(text)
    # cp1252 leaves five bytes undefined; those only occur in Latin-1 control ranges.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def ascii_encoding(data: bytes) -> str | None:
    """What ``decode`` reports for ASCII ``data`` (whose bytes are then its text), or None.

    Lets a reader that works on bytes skip building the text: for ASCII, ``decode``
    would return ``data.decode("ascii")`` as UTF-8 (no byte-order mark is ASCII, and
    double encoding needs non-ASCII). Raises as ``decode`` does for binary data.
    """
    if not data.isascii():
        return None
    _refuse_binary(data)
    return "utf-8"


def _refuse_binary(data: bytes) -> None:
    head = data[:4096]
    if head and head.count(b"\x00") * 4 > len(head):
        raise ParseError(
            "UNDECODABLE_ENCODING",
            "The file holds many NUL bytes (UTF-16 without a byte-order mark, or binary data)",
            Location(offset=head.index(b"\x00")),
        )


# Portuguese letters fold by table; anything else falls back to Unicode decomposition.
_LATIN = str.maketrans(
    "ÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑáàâãäéèêëíìîïóòôõöúùûüçñºª",
    "AAAAAEEEEIIIIOOOOOUUUUCNaaaaaeeeeiiiiooooouuuucnoa",
)


def _undo_double_encoding(text: str) -> tuple[str, str]:
    """Repair UTF-8 that was read as Windows-1252 and saved as UTF-8 again ("CRÃ‰DITO").

    Only when the whole text round-trips: genuine "JOÃO" followed by plain letters is not
    valid UTF-8 once re-encoded, so real accents are never touched.
    """
    if "Ã" not in text and "Â" not in text:
        return text, "utf-8"
    try:
        return text.encode("cp1252").decode("utf-8"), "utf-8 (double-encoded)"
    except UnicodeError:
        return text, "utf-8"


def fold(text: str) -> str:
    """Upper-case, accent-free, single-spaced text for matching and hashing."""
    if not text.isascii():
        text = text.translate(_LATIN)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.upper().split())
