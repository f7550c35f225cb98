"""GraphQL error shapes.

Expected failures of a mutation are union members implementing ``UserError``
(code + message), produced from domain exceptions by strawberry's exception
handlers. Everything else becomes a top-level error with
``extensions = {code, details}``; bugs are masked as ``INTERNAL`` and reported.
"""

from __future__ import annotations

import re
from typing import Any

import sentry_sdk
import strawberry
from strawberry.extensions import MaskErrors
from strawberry.scalars import JSON

from backend.core.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
)
from backend.core.logging import get_logger
from backend.storage import ObjectTooLarge
from graphql import GraphQLError

_log = get_logger("backend.api.graphql")


@strawberry.interface
class UserError:
    """An expected failure the client should show or handle."""

    code: str
    message: str


@strawberry.type
class FieldError:
    """Problems with one input field."""

    field: str
    messages: list[str]


@strawberry.type
class ValidationError(UserError):
    """The input was invalid."""

    fields: list[FieldError]


@strawberry.type
class AuthenticationError(UserError):
    """Credentials were wrong, expired or revoked."""


@strawberry.type
class NotFoundError(UserError):
    """The object does not exist (or belongs to another tenant: indistinguishable)."""


@strawberry.type
class ConflictError(UserError):
    """The change collides with the current state."""


@strawberry.type
class PermissionDeniedError(UserError):
    """The caller's role may not do this."""


@strawberry.type
class FileTooLargeError(UserError):
    """The upload went past the size limit; nothing was stored."""

    max_bytes: str


@strawberry.type
class RateLimitedError(UserError):
    """Too many attempts; try again after ``retry_after`` (whole) seconds."""

    retry_after: int


class AuthenticationErrorHandler(strawberry.ExceptionHandler[Unauthenticated, AuthenticationError]):
    """Unauthenticated → AuthenticationError in unions that offer it."""

    def handle(self, exception: Unauthenticated, *, field: Any, info: Any) -> AuthenticationError:
        """Convert."""
        return AuthenticationError(code=exception.code, message=exception.message)


class ValidationErrorHandler(strawberry.ExceptionHandler[Invalid, ValidationError]):
    """Invalid → ValidationError in unions that offer it."""

    def handle(self, exception: Invalid, *, field: Any, info: Any) -> ValidationError:
        """Convert."""
        return ValidationError(
            code=exception.code,
            message=exception.message,
            fields=[FieldError(field=k, messages=v) for k, v in exception.field_errors.items()],
        )


class RateLimitedErrorHandler(strawberry.ExceptionHandler[RateLimited, RateLimitedError]):
    """RateLimited → RateLimitedError in unions that offer it."""

    def handle(self, exception: RateLimited, *, field: Any, info: Any) -> RateLimitedError:
        """Convert, and tell HTTP clients when to come back."""
        response = getattr(info.context, "response", None)
        if response is not None and hasattr(response, "headers"):
            response.headers["Retry-After"] = str(exception.retry_after)
        return RateLimitedError(
            code=exception.code, message=exception.message, retry_after=exception.retry_after
        )


class NotFoundErrorHandler(strawberry.ExceptionHandler[NotFound, NotFoundError]):
    """NotFound → NotFoundError in unions that offer it."""

    def handle(self, exception: NotFound, *, field: Any, info: Any) -> NotFoundError:
        """Convert."""
        return NotFoundError(code=exception.code, message=exception.message)


class ConflictErrorHandler(strawberry.ExceptionHandler[Conflict, ConflictError]):
    """Conflict → ConflictError in unions that offer it."""

    def handle(self, exception: Conflict, *, field: Any, info: Any) -> ConflictError:
        """Convert."""
        return ConflictError(code=exception.code, message=exception.message)


class PermissionDeniedErrorHandler(
    strawberry.ExceptionHandler[PermissionDenied, PermissionDeniedError]
):
    """PermissionDenied → PermissionDeniedError in unions that offer it."""

    def handle(
        self, exception: PermissionDenied, *, field: Any, info: Any
    ) -> PermissionDeniedError:
        """Convert."""
        return PermissionDeniedError(code=exception.code, message=exception.message)


class FileTooLargeErrorHandler(strawberry.ExceptionHandler[ObjectTooLarge, FileTooLargeError]):
    """ObjectTooLarge → FileTooLargeError in unions that offer it."""

    def handle(self, exception: ObjectTooLarge, *, field: Any, info: Any) -> FileTooLargeError:
        """Convert."""
        return FileTooLargeError(
            code=exception.code,
            message=exception.message,
            max_bytes=str(exception.details.get("max_bytes", "")),
        )


EXCEPTION_HANDLERS = (
    AuthenticationErrorHandler(),
    ValidationErrorHandler(),
    RateLimitedErrorHandler(),
    NotFoundErrorHandler(),
    ConflictErrorHandler(),
    PermissionDeniedErrorHandler(),
    FileTooLargeErrorHandler(),
)
ERROR_TYPES: list[Any] = [
    ValidationError,
    AuthenticationError,
    RateLimitedError,
    NotFoundError,
    ConflictError,
    PermissionDeniedError,
    FileTooLargeError,
    FieldError,
]
JSONScalar = JSON


# graphql-core appends " Did you mean 'x'?" (fields, arguments, types, enum values,
# input fields) to many validation and coercion messages.
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class DomainErrorFormatter(MaskErrors):
    """Adds ``extensions.code/details`` to every error and masks unexpected ones."""

    def __init__(self) -> None:
        super().__init__(error_message="Internal server error")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed: list[GraphQLError] = []
        for error in errors:
            original = error.original_error
            if isinstance(original, DomainError):
                processed.append(
                    self._with_extensions(error, original.message, original.code, original.details)
                )
            elif original is None:
                # Parse, validation and limit errors: the client's mistake, safe to show.
                code = (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
                processed.append(self._with_extensions(error, self._shown(error), code, {}))
            elif error.path is None:
                # A variable the scalar or enum refused: raised before any resolver ran
                # (resolver errors always carry a path), so the input is at fault.
                processed.append(
                    self._with_extensions(error, self._shown(error), "BAD_USER_INPUT", {})
                )
            else:
                _log.error("unhandled GraphQL error", path=error.path, exc_info=original)
                sentry_sdk.capture_exception(original)
                processed.append(self._with_extensions(error, self.error_message, "INTERNAL", {}))
        return processed

    def _shown(self, error: GraphQLError) -> str:
        """The client's error as shown: without "did you mean" hints (which spell out
        the schema's names) when GRAPHQL_EXPLORER is off."""
        context = self.execution_context.context
        if context is not None and not context.state.settings.graphql_explorer_enabled:
            return _SUGGESTION.sub("", error.message)
        return error.message

    @staticmethod
    def _with_extensions(
        error: GraphQLError, message: str, code: str, details: dict[str, Any]
    ) -> GraphQLError:
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": code, "details": details},
        )
