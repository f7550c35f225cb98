"""Text the database can store: the one check every boundary applies to incoming text.

PostgreSQL ``text`` cannot hold U+0000, and a lone UTF-16 surrogate (which JSON's
``\\ud800`` escape can produce) cannot be encoded as UTF-8 at all: either one reaching a
query is a server error, not the caller's. Boundaries (GraphQL arguments and variables,
REST form fields, CSV cells) refuse such text with a field-named INVALID instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from backend.core.errors import Invalid

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REASON = "contains a NUL byte or an invalid character"


def unstorable_at(text: str) -> int | None:
    """The index of the first character the database cannot store, or None."""
    found = _UNSTORABLE.search(text)
    return found.start() if found is not None else None


def unstorable_paths(value: Any, path: str) -> Iterator[str]:
    """The paths (``input.items[2].name``) of the unstorable strings inside ``value``."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value) is not None:
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from unstorable_paths(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        for index, item in enumerate(value):
            yield from unstorable_paths(item, f"{path}[{index}]")


def require_storable(values: Mapping[str, Any]) -> None:
    """Raise Invalid naming every field of ``values`` that holds unstorable text."""
    bad = [path for name, value in values.items() for path in unstorable_paths(value, name)]
    if bad:
        raise invalid_text(bad)


def invalid_text(paths: Sequence[str]) -> Invalid:
    """The INVALID error naming the fields at ``paths``."""
    return Invalid(f"invalid text in {', '.join(paths)}", field_errors={p: [REASON] for p in paths})
