"""Getting XML bytes into a form lxml reads correctly, whatever the sender's encoding.

Brazilian systems send UTF-8 (with or without BOM), ISO-8859-1 and Windows-1252, declared
or not, and sometimes declared wrongly. Bytes that are valid as declared (or as UTF-8 when
undeclared) pass through untouched (the fast path); anything else is decoded with the best
fitting encoding and re-encoded as UTF-8 without a declaration.
"""

from __future__ import annotations

import codecs
import re

from backend.core.errors import Location, ParseError

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)[\"'][^>]*\?>")
_ANY_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LATIN = frozenset({"iso8859-1", "latin-1", "cp1252", "iso8859-15"})
# C0 controls other than tab, LF and CR are not allowed in XML 1.0: text full of them is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration, normalised by codecs (or the raw name)."""
    match = _DECLARATION.match(data[:200])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def normalize_xml(data: bytes, member: str | None = None) -> bytes:
    """Bytes lxml will decode correctly: as given when consistent, else re-encoded UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _reencode(_decode(data, "utf-16", member))
    if data.isascii():
        # ASCII reads the same in every encoding we accept (UTF-16 was handled above).
        return data
    declared = declared_encoding(data)
    if declared in (None, "utf-8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            # Undeclared or mis-declared: the usual culprit is Windows-1252 / Latin-1.
            return _reencode(_decode_legacy(data, member))
        return data
    if declared in _LATIN:
        if _is_utf8(data):
            # Declared Latin-1 but written as UTF-8 (a common export bug): trust the bytes.
            return _reencode(data.decode("utf-8"))
        if declared == "iso8859-1":
            # Windows-1252 is what "ISO-8859-1" senders really mean (0x80-0x9F as € – “ ”).
            return _reencode(_decode_legacy(data, member))
        return data
    try:
        return _reencode(_decode(data, declared, member))
    except LookupError:
        return _reencode(_decode_legacy(data, member))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str, member: str | None) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ParseError(
            "UNDECODABLE_ENCODING",
            f"the bytes are not valid {encoding}",
            Location(member=member, offset=error.start),
        ) from None
    return _checked(text, member)


def _decode_legacy(data: bytes, member: str | None) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps them to C1 controls.
        text = data.decode("latin-1")
    return _checked(text, member)


def _checked(text: str, member: str | None) -> str:
    control = _CONTROL.search(text)
    if control is not None:
        raise ParseError(
            "UNDECODABLE_ENCODING",
            "the input contains control characters: it is binary, not text",
            Location(member=member, offset=control.start()),
        )
    return text


def _reencode(text: str) -> bytes:
    return _ANY_DECLARATION.sub("", text, count=1).encode("utf-8")
