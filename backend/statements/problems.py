"""Collecting per-line problems so one bad line never loses the good ones.

Parsers raise ``ParseError`` only when the whole file is unusable; a bad record is
recorded here and skipped. Stored problems are capped so that a hostile file with
millions of bad lines cannot exhaust memory, but every skipped line is counted.
"""

from __future__ import annotations

from typing import Any

from backend.core.errors import Location, ParseError

MAX_REPORTED_PROBLEMS = 1000


class Problems:
    """Skipped lines (errors) and warnings gathered while parsing one file."""

    __slots__ = ("file", "skipped", "skipped_count", "warnings")

    def __init__(self, file: str | None = None) -> None:
        # The input's name, carried into every location (``Location.file``).
        self.file = file
        self.skipped: list[ParseError] = []
        self.skipped_count = 0
        self.warnings: list[ParseError] = []

    def skip(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        record: int | None = None,
        column: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Record that one line or record was left out, and why (``details``: what was found)."""
        self.skipped_count += 1
        if len(self.skipped) < MAX_REPORTED_PROBLEMS:
            self.skipped.append(
                ParseError(
                    code,
                    message,
                    Location(file=self.file, line=line, record=record, column=column),
                    details=details,
                )
            )

    def warn(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        record: int | None = None,
        column: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Record something odd that did not cost any data (``details``: what was found)."""
        if len(self.warnings) < MAX_REPORTED_PROBLEMS:
            self.warnings.append(
                ParseError(
                    code,
                    message,
                    Location(file=self.file, line=line, record=record, column=column),
                    details=details,
                )
            )
