"""POST /oauth/token: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for integrators.

The request is ``application/x-www-form-urlencoded`` with ``grant_type=client_credentials``
and an optional ``scope``; the client authenticates with HTTP Basic (preferred, RFC 6749
§2.3.1: form-urlencoded id and secret, then base64) or with ``client_id`` and
``client_secret`` form fields, never both. Success is RFC 6749 §5.1 JSON, errors are
§5.2 JSON (``{"error", "error_description"}``, not this API's usual REST error shape,
because OAuth client libraries parse exactly that); ``invalid_client`` is a 401 with a
``WWW-Authenticate`` challenge. Responses are never cached.

Failed requests are rate-limited per client IP (RATE_LIMIT_OAUTH_FAILURES_PER_MINUTE):
past the limit, every request from that address gets 429 ``RATE_LIMITED`` with
``Retry-After`` in this API's REST error shape until the bucket refills (docs/limits.md).
The secrets are 256-bit random, so guessing is not the threat; flooding the lookup is.
Not per client_id: anyone could then lock an integrator out by failing with its id.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from urllib.parse import unquote_plus

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.api.ratelimit import Bucket, client_key
from backend.api.state import AppState
from backend.auth import clients
from backend.auth.clients import OAuthError
from backend.core.text import unstorable_at

GRANT_TYPE = "client_credentials"
_NO_CACHE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_CHALLENGE = 'Basic realm="conciliacontag", charset="UTF-8"'


def _error(exc: OAuthError) -> Response:
    headers = dict(_NO_CACHE)
    if exc.code == "invalid_client":
        headers["WWW-Authenticate"] = _CHALLENGE
    return JSONResponse(
        {"error": exc.code, "error_description": exc.message},
        status_code=exc.http_status,
        headers=headers,
    )


def _basic_credentials(header: str) -> tuple[str, str] | None:
    """(client_id, client_secret) of an ``Authorization: Basic`` header; None without one."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise clients.invalid_client() from exc
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise clients.invalid_client()
    # RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    return unquote_plus(client_id), unquote_plus(secret)


def _single(form: FormData, name: str) -> str | None:
    values = form.getlist(name)
    if len(values) > 1:
        # RFC 6749 §3.2: request parameters must not be repeated.
        raise OAuthError("invalid_request", f"parameter repeated: {name}")
    value = values[0] if values else None
    if value is not None and not isinstance(value, str):
        raise OAuthError("invalid_request", f"parameter is not text: {name}")
    return value


def _client_credentials(request: Request, form: FormData) -> tuple[str, str]:
    basic = _basic_credentials(request.headers.get("authorization", ""))
    form_id, form_secret = _single(form, "client_id"), _single(form, "client_secret")
    if basic is not None:
        if form_secret is not None:
            raise OAuthError("invalid_request", "use one client authentication method, not two")
        if form_id is not None and form_id != basic[0]:
            raise OAuthError("invalid_request", "client_id differs from the Basic credentials")
        return basic
    if not form_id or not form_secret:
        raise clients.invalid_client()
    return form_id, form_secret


def _storable(name: str, value: str | None) -> str | None:
    # NUL or a lone surrogate would reach the client lookup as a server error.
    if value is not None and unstorable_at(value) is not None:
        raise OAuthError("invalid_request", f"parameter has an invalid character: {name}")
    return value


async def _token(state: AppState, request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise OAuthError(
            "invalid_request", "send the parameters as application/x-www-form-urlencoded"
        )
    form = await request.form(max_files=0, max_fields=10)
    grant_type = _single(form, "grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type is required")
    if grant_type != GRANT_TYPE:
        raise OAuthError("unsupported_grant_type", f"only {GRANT_TYPE} is supported")
    client_id, client_secret = _client_credentials(request, form)
    _storable("client_id", client_id)
    _storable("client_secret", client_secret)
    organization_id = clients.organization_of(client_id)
    if organization_id is None:
        raise clients.invalid_client()
    async with state.database.tenant_session(organization_id) as session:
        token = await clients.issue_client_token(
            session,
            state.auth.tokens,
            client_id=client_id,
            client_secret=client_secret,
            scope=_storable("scope", _single(form, "scope")),
        )
    return JSONResponse(
        {
            "access_token": token.access_token,
            "token_type": "Bearer",
            "expires_in": token.expires_in,
            "scope": " ".join(sorted(token.scopes)),
        },
        headers=_NO_CACHE,
    )


def token_endpoint(state: AppState) -> Callable[[Request], Awaitable[Response]]:
    """The route handler bound to the app's state."""

    async def endpoint(request: Request) -> Response:
        client = client_key(request)
        await state.rate_limits.ensure(Bucket.OAUTH_FAILURES, client)
        try:
            return await _token(state, request)
        except OAuthError as exc:
            await state.rate_limits.charge(Bucket.OAUTH_FAILURES, client, 1)
            return _error(exc)

    return endpoint
