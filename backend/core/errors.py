"""Typed domain errors.

Services and pure libraries raise these; the API layer renders them as
``{"code", "message", "details"}`` (REST) or as GraphQL errors/union members
with ``extensions = {code, details}``. Codes are stable, machine-readable
strings; messages are for people.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


class DomainError(Exception):
    """Base class of every error the product reports to a caller on purpose."""

    code: str = "ERROR"
    http_status: int = 400

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The wire shape shared by REST bodies and GraphQL extensions."""
        return {"code": self.code, "message": self.message, "details": self.details}


class NotFound(DomainError):
    """The object does not exist, or belongs to another tenant (indistinguishable on purpose)."""

    code = "NOT_FOUND"
    http_status = 404


class Unauthenticated(DomainError):
    """No valid credentials were presented."""

    code = "UNAUTHENTICATED"
    http_status = 401


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""

    code = "FORBIDDEN"
    http_status = 403


class Invalid(DomainError):
    """Input failed validation; ``field_errors`` maps a field name to its problems."""

    code = "INVALID"
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        field_errors: dict[str, list[str]] | None = None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        merged = dict(details or {})
        if field_errors:
            merged["fields"] = field_errors
        super().__init__(message, code=code, details=merged)
        self.field_errors = field_errors or {}


class Conflict(DomainError):
    """The change collides with the current state (duplicate, concurrent edit, ...)."""

    code = "CONFLICT"
    http_status = 409


def whole_seconds(wait: float) -> int:
    """A wait as Retry-After carries it: whole seconds, at least one. Rounding first keeps
    float noise (30.000000001) from adding a second."""
    return max(1, math.ceil(round(wait, 6)))


class RateLimited(DomainError):
    """Too many requests; ``retry_after`` is whole seconds (``whole_seconds``), as the
    Retry-After header, the error details and RateLimitedError all give it."""

    code = "RATE_LIMITED"
    http_status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retryAfter": retry_after})
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    """A dependency (database, Temporal, storage) is down; the caller may retry later."""

    code = "UNAVAILABLE"
    http_status = 503


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input a problem was found. Every field is optional; set what is known.

    ``file`` is the input's name as given, ``member`` the path inside an archive,
    ``path`` an XPath-like or field path,
    ``line``/``column`` are 1-based, ``offset`` is a byte offset, ``record`` a 1-based
    record (CNAB line, CSV row, OFX transaction) number.
    """

    file: str | None = None
    member: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None
    offset: int | None = None
    record: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that are set."""
        return {k: v for k, v in asdict(self).items() if v is not None}


class ParseError(DomainError):
    """Bad input: a stable ``code`` (e.g. ``DTD_FORBIDDEN``), a message and a location.

    It is never retryable: the same bytes fail the same way.
    """

    http_status = 422

    def __init__(
        self,
        code: str,
        message: str,
        location: Location | None = None,
        *,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.location = location or Location()
        merged = {"location": self.location.to_dict(), **(details or {})}
        super().__init__(message, code=code, details=merged)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the error picklable so it survives process pools and Temporal failure details.
        return (
            _rebuild_parse_error,
            (self.code, self.message, self.location, self.details),
        )


def _rebuild_parse_error(
    code: str, message: str, location: Location, details: dict[str, Any]
) -> ParseError:
    extra = {k: v for k, v in details.items() if k != "location"}
    return ParseError(code, message, location, details=extra)
