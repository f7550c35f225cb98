"""Cross-checks between an access key and the document's own fields (warnings, never errors)."""

from __future__ import annotations

from datetime import datetime

from backend.fiscal.ids import parse_access_key, strip_document
from backend.fiscal.model import DocumentWarning


def key_from_id(raw_id: str | None) -> str | None:
    """The key inside an Id attribute such as ``NFe3518...`` or ``CTe4118...``."""
    if raw_id is None:
        return None
    value = raw_id.strip()
    # Ids are a prefix of letters (NFe, CTe) followed by the key; some emitters omit it.
    start = 0
    while start < len(value) and start < 3 and value[start].isalpha():
        start += 1
    return strip_document(value[start:]) or None


def check_key(
    key: str | None,
    *,
    uf_code: str | None,
    issued_at: datetime | None,
    issuer: str | None,
    model: str | None,
    series: str | None,
    number: str | None,
    emission_type: str | None = None,
    code: str | None = None,
    path: str = "Id",
) -> list[DocumentWarning]:
    """Warnings for a missing, malformed or disagreeing access key."""
    if key is None:
        return [DocumentWarning("ACCESS_KEY_MISSING", "the document has no access key", path)]
    parts = parse_access_key(key)
    if parts is None:
        reason = "check digit" if len(key) == 44 else "length or characters"
        return [
            DocumentWarning(
                "INVALID_ACCESS_KEY",
                f"access key {key} is not valid ({reason})",
                path,
            )
        ]
    expected: list[tuple[str, str | None, str]] = [
        ("cUF", uf_code, parts.uf_code),
        (
            "dhEmi year-month",
            f"{issued_at.year % 100:02d}{issued_at.month:02d}" if issued_at else None,
            parts.year_month,
        ),
        ("issuer", issuer.zfill(14) if issuer else None, parts.issuer),
        ("mod", model, parts.model),
        ("serie", series.zfill(3) if series else None, parts.series),
        ("number", number.zfill(9) if number else None, parts.number),
        ("tpEmis", emission_type, parts.emission_type),
        ("cNF", code.zfill(8) if code else None, parts.code),
    ]
    return [
        DocumentWarning(
            "ACCESS_KEY_MISMATCH",
            f"access key says {name} is {in_key} but the document says {value}",
            path,
        )
        for name, value, in_key in expected
        if value is not None and value != in_key
    ]


def checked_key(value: str | None) -> str | None:
    """A well-formed key as given, or ``None``; the check digit is reported by check_key."""
    if value is None:
        return None
    key = strip_document(value)
    return key if len(key) == 44 else None
