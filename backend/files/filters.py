"""What a list of files can be filtered and sorted by (read by the repository)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FileSort(StrEnum):
    """Orderings of the files list."""

    CREATED_AT = "created_at"
    NAME = "name"
    SIZE = "size"


@dataclass(frozen=True, slots=True)
class FileFilter:
    """Every field narrows the list; None means no condition.

    Without ``parent_id`` only top-level uploads are listed; with it, that archive's members.
    """

    parent_id: uuid.UUID | None = None
    statuses: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    text: str | None = None
    with_errors: bool | None = None
