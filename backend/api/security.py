"""Bearer tokens on HTTP requests → Principal."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from backend.auth.principal import Principal
from backend.auth.tokens import TokenConfig, verify_access_token
from backend.core.errors import Unauthenticated


def bearer_token(conn: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if any."""
    header = conn.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def principal_from_token(config: TokenConfig, token: str | None) -> Principal | None:
    """None without a token; the principal for a valid one; Unauthenticated otherwise."""
    if token is None:
        return None
    return verify_access_token(config, token)


def require_principal(principal: Principal | None) -> Principal:
    """The principal, or Unauthenticated when the request carried none."""
    if principal is None:
        raise Unauthenticated("authentication required")
    return principal
