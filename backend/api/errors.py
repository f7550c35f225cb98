"""REST rendering of errors: ``{"code", "message", "details"}``, never a stack trace."""

from __future__ import annotations

import sentry_sdk
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.core.errors import DomainError, RateLimited
from backend.core.logging import get_logger

_log = get_logger("backend.api.errors")


async def domain_error(_request: Request, exc: Exception) -> Response:
    """A DomainError becomes its HTTP status and wire shape."""
    assert isinstance(exc, DomainError)
    headers = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)


async def http_error(_request: Request, exc: Exception) -> Response:
    """Starlette's 404/405 in our shape."""
    assert isinstance(exc, HTTPException)
    code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
    return JSONResponse(
        {"code": code, "message": str(exc.detail), "details": {}}, status_code=exc.status_code
    )


async def unexpected_error(_request: Request, exc: Exception) -> Response:
    """A bug: log it, send it to Sentry, answer with an opaque 500."""
    _log.exception("unhandled error", exc_info=exc)
    sentry_sdk.capture_exception(exc)
    return JSONResponse(
        {"code": "INTERNAL", "message": "internal server error", "details": {}}, status_code=500
    )
