"""Object keys: ``{organization_id}/{yyyy}/{mm}/{uuid}_{safe file name}``.

Clients never send keys; the server builds them, so a name like ``../../x`` or
``C:\\evil`` can only ever become part of the last path segment.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import datetime

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


def safe_filename(name: str) -> str:
    """The base name, ASCII-folded, with anything outside ``[A-Za-z0-9._-]`` replaced."""
    base = re.split(r"[\\/]", name)[-1]
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", folded).strip("._") or "file"
    if len(cleaned) > MAX_NAME:
        _stem, dot, ext = cleaned.rpartition(".")
        keep = ext[:16] if dot else ""
        cleaned = cleaned[: MAX_NAME - len(keep) - 1].rstrip("._") + (f".{keep}" if keep else "")
    return cleaned


def object_key(
    organization_id: uuid.UUID, filename: str, *, at: datetime, object_id: uuid.UUID
) -> str:
    """The key of a new object for ``organization_id`` uploaded at ``at``."""
    return f"{organization_id}/{at:%Y}/{at:%m}/{object_id}_{safe_filename(filename)}"


_KEY = re.compile(
    r"^[0-9a-f-]{36}/\d{4}/\d{2}/[0-9a-f-]{36}_[A-Za-z0-9._-]{1," + str(MAX_NAME) + r"}$"
)


def is_valid_key(key: str) -> bool:
    """True for keys built by :func:`object_key` (and nothing that could escape a folder)."""
    return bool(_KEY.match(key)) and ".." not in key.split("/")
