"""One classifier for every ingestion failure: retry it, or record it at once with its cause.

Retrying only helps when the next attempt can see a different world: the database
connection is back, a concurrent transaction has finished, the store answers again.
Everything else fails the same way each time (a value that does not fit its column,
a violated constraint, a reader that crashes on these bytes, a bug), so it is
*permanent*: recorded on the file or member with a code, a human message and the
location, and raised to Temporal as non-retryable. Database errors are classified by
their SQLSTATE class, not by message; the table is in docs/pipeline.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from botocore.exceptions import ClientError
from botocore.exceptions import ConnectionError as StorageConnectionError
from botocore.exceptions import HTTPClientError as StorageHTTPError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from temporalio.exceptions import ApplicationError

from backend.core.errors import DomainError, Location, ParseError, ServiceUnavailable


@dataclass(frozen=True, slots=True)
class Failure:
    """What went wrong, in words people read, and whether trying again can help."""

    code: str
    message: str
    transient: bool
    details: dict[str, Any] = field(default_factory=dict)

    def as_parse_error(self, location: Location) -> ParseError:
        """The failure as it is recorded on a file or archive member; a database
        failure that names its column points there (``path`` ``table.column``)."""
        column = ".".join(str(self.details[k]) for k in ("table", "column") if k in self.details)
        if column and location.path is None:
            location = replace(location, path=column)
        return ParseError(self.code, self.message, location, details=self.details)


# SQLSTATE → (code, summary, transient): exact states, then two-character classes.
_BY_STATE: dict[str, tuple[str, str, bool]] = {
    "22001": ("VALUE_TOO_LONG", "a value is longer than the database column allows", False),
    "22003": ("NUMBER_OUT_OF_RANGE", "a number is outside the range the database allows", False),
    "22P02": ("INVALID_TEXT_REPRESENTATION", "a value has the wrong form for its column", False),
    "22007": ("INVALID_DATETIME", "a date or time is not valid", False),
    "22008": ("INVALID_DATETIME", "a date or time is out of range", False),
    "22": ("DATA_ERROR", "a value cannot be stored as it is", False),
    "23502": ("NOT_NULL_VIOLATION", "a required value is missing", False),
    "23503": ("FOREIGN_KEY_VIOLATION", "a value refers to a row that does not exist", False),
    "23505": ("UNIQUE_VIOLATION", "a value that must be unique already exists", False),
    "23514": ("CHECK_VIOLATION", "a value breaks a rule of the database", False),
    "23": ("CONSTRAINT_VIOLATION", "a value breaks a rule of the database", False),
    "40001": ("SERIALIZATION_FAILURE", "a concurrent transaction changed the same rows", True),
    "40P01": ("DEADLOCK", "a concurrent transaction held the same rows", True),
    "40": ("TRANSACTION_ROLLED_BACK", "the database rolled the transaction back", True),
    "08": ("DATABASE_CONNECTION_LOST", "the connection to the database was lost", True),
    "57P01": ("DATABASE_SHUTDOWN", "the database server was shutting down", True),
    "57P02": ("DATABASE_SHUTDOWN", "the database server crashed", True),
    "57P03": ("DATABASE_STARTING", "the database server was not accepting connections", True),
    "53": ("DATABASE_RESOURCES", "the database ran out of a resource", True),
}
# Syntax, permissions, raised exceptions...: the same statement fails again.
_OTHER_STATE = ("DATABASE_ERROR", "the database refused the data", False)
# S3 answers that say "later", not "never".
_TRANSIENT_STORAGE_CODES = {"RequestTimeout", "SlowDown", "ServiceUnavailable", "InternalError"}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (SQLAlchemy's ``orig``) and what caused it, once each."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for inner in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(inner, BaseException):
                todo.append(inner)


def _sqlstate(error: BaseException) -> tuple[str, BaseException] | None:
    for item in _chain(error):
        state = getattr(item, "sqlstate", None)
        if isinstance(state, str) and len(state) == 5:
            return state, item
    return None


def _database_failure(state: str, source: BaseException) -> Failure:
    details: dict[str, Any] = {"sqlstate": state}
    for name in ("table_name", "column_name", "constraint_name"):
        value = getattr(source, name, None)
        if value:
            details[name.removesuffix("_name")] = value
    reason = str(getattr(source, "message", None) or source).strip()
    where = ", ".join(
        f"{k} {details[k]}" for k in ("table", "column", "constraint") if k in details
    )
    code, summary, transient = _BY_STATE.get(state) or _BY_STATE.get(state[:2]) or _OTHER_STATE
    message = f"{summary}: {reason}" + (f" ({where})" if where else "")
    return Failure(code, message, transient, details)


def _storage_failure(error: BaseException) -> Failure | None:
    if isinstance(error, StorageConnectionError | StorageHTTPError):
        return Failure("STORAGE_UNAVAILABLE", f"the object store did not answer: {error}", True)
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        if code in _TRANSIENT_STORAGE_CODES or status >= 500:
            return Failure("STORAGE_UNAVAILABLE", f"the object store failed: {error}", True)
    return None


def classify(error: BaseException) -> Failure:
    """Decide whether ``error`` is worth retrying, and describe it."""
    if isinstance(error, ServiceUnavailable):
        return Failure(error.code, error.message, True)
    if isinstance(error, ParseError):
        return Failure(error.code, error.message, False, dict(error.details))
    if isinstance(error, DomainError):
        return Failure(error.code, error.message, False, dict(error.details))
    found = _sqlstate(error)
    if found is not None:
        return _database_failure(*found)
    for item in _chain(error):
        if isinstance(item, DBAPIError) and item.connection_invalidated:
            return Failure(
                "DATABASE_CONNECTION_LOST", f"the database connection broke: {item}", True
            )
        if isinstance(item, DisconnectionError | PoolTimeout):
            return Failure("DATABASE_UNAVAILABLE", f"no database connection: {item}", True)
        if isinstance(item, ConnectionError | TimeoutError):
            return Failure("CONNECTION_LOST", f"a connection failed: {item!r}", True)
        storage = _storage_failure(item)
        if storage is not None:
            return storage
    return Failure("INTERNAL_ERROR", f"unexpected error: {type(error).__name__}: {error}", False)


def reader_failed(error: Exception, location: Location) -> ParseError:
    """A reader raised something other than a ParseError: a bug the same bytes repeat."""
    return ParseError(
        "READER_FAILED",
        f"the reader could not read this content ({type(error).__name__}: {error})",
        location,
    )


def to_application_error(error: BaseException) -> ApplicationError:
    """The error as Temporal should see it: retryable only when it is transient."""
    failure = classify(error)
    return ApplicationError(
        failure.message,
        {"code": failure.code, "message": failure.message, "details": failure.details},
        type=failure.code,
        non_retryable=not failure.transient,
    )


@contextmanager
def classified() -> Iterator[None]:
    """Run an activity body: every exception leaves as a classified ApplicationError."""
    try:
        yield
    except ApplicationError:
        raise
    except Exception as error:
        raise to_application_error(error) from error
