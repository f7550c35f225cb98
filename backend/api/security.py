"""Bearer tokens on HTTP requests → Principal.

Every resolver and REST route gets its caller through :func:`require_principal`,
which is also where an admin's enrollment-only token (REQUIRE_ADMIN_TOTP, see
backend/auth/two_factor.py) is refused: only the few fields that enroll a second
factor opt in with ``allow_totp_enrollment=True``. A platform staff token is never a
Principal (it has no organization): :func:`staff_from_token` reads it, for the support
fields only.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection

from backend.auth.principal import Principal, StaffPrincipal
from backend.auth.tokens import TokenConfig, verify_access_token, verify_staff_token
from backend.core.errors import PermissionDenied, Unauthenticated

TOTP_ENROLLMENT_REQUIRED = "TOTP_ENROLLMENT_REQUIRED"


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


def staff_from_token(config: TokenConfig, token: str | None) -> StaffPrincipal | None:
    """The staff member of a valid staff token; None for no token or any other token."""
    if token is None:
        return None
    try:
        return verify_staff_token(config, token)
    except Unauthenticated:
        return None


def require_principal(
    principal: Principal | None, *, allow_totp_enrollment: bool = False
) -> Principal:
    """The principal; Unauthenticated without one; TOTP_ENROLLMENT_REQUIRED for a token
    that may only enroll TOTP, unless the caller is one of the enrollment fields."""
    if principal is None:
        raise Unauthenticated("authentication required")
    if principal.totp_enrollment_only and not allow_totp_enrollment:
        raise PermissionDenied(
            "enroll an authenticator app (TOTP) before using the API",
            code=TOTP_ENROLLMENT_REQUIRED,
        )
    return principal
