"""TOTP two-factor authentication for the logged-in user: status, enroll, confirm, disable.

These fields (with ``logout``) are the only ones an admin's enrollment-only token may
call (REQUIRE_ADMIN_TOTP): they ask for the caller with ``allow_totp_enrollment``.
"""

from __future__ import annotations

import strawberry

from backend.api.graphql.auth.types import (
    BeginTotpEnrollmentResult,
    BeginTotpEnrollmentSuccess,
    ConfirmTotpEnrollmentResult,
    ConfirmTotpEnrollmentSuccess,
    DisableTotpResult,
    DisableTotpSuccess,
    TotpStatus,
)
from backend.api.graphql.context import Info
from backend.auth import two_factor
from backend.auth.principal import Principal
from backend.auth.two_factor import SecondFactorPolicy


def _enrolling_caller(info: Info) -> Principal:
    """The caller, even with a token that may only enroll TOTP."""
    return info.context.require_principal(allow_totp_enrollment=True)


@strawberry.type
class TotpQueries:
    """The caller's second factor."""

    @strawberry.field(description="Whether the caller has TOTP enabled, pending or required.")
    async def totp_status(self, info: Info) -> TotpStatus:
        """Also answers for an enrollment-only token."""
        principal = _enrolling_caller(info)
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            state = await two_factor.status(session, principal)
        return TotpStatus(
            enabled=state.enabled_at is not None,
            enabled_at=state.enabled_at,
            enrollment_pending=state.pending,
            enrollment_required=principal.totp_enrollment_only,
        )


@strawberry.type
class TotpMutations:
    """Enrolling and removing an authenticator app (RFC 6238: SHA-1, 30 s, 6 digits)."""

    @strawberry.mutation(description="Start (or restart) TOTP enrollment: a new secret, once.")
    async def begin_totp_enrollment(self, info: Info) -> BeginTotpEnrollmentResult:
        """TOTP_ALREADY_ENABLED when it is on (disable it first)."""
        principal = _enrolling_caller(info)
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            enrollment = await two_factor.begin_enrollment(
                session, principal, SecondFactorPolicy.from_settings(state.settings)
            )
        return BeginTotpEnrollmentSuccess(
            secret=enrollment.secret, otpauth_uri=enrollment.otpauth_uri
        )

    @strawberry.mutation(description="Turn TOTP on with a current code from the app.")
    async def confirm_totp_enrollment(self, info: Info, code: str) -> ConfirmTotpEnrollmentResult:
        """INVALID_TOTP for a wrong code; TOTP_NOT_STARTED without beginTotpEnrollment."""
        principal = _enrolling_caller(info)
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            enabled_at = await two_factor.confirm_enrollment(
                session, principal, SecondFactorPolicy.from_settings(state.settings), code
            )
        return ConfirmTotpEnrollmentSuccess(enabled_at=enabled_at)

    @strawberry.mutation(description="Turn TOTP off; needs a current code from the app.")
    async def disable_totp(self, info: Info, code: str) -> DisableTotpResult:
        """INVALID_TOTP for a wrong code; TOTP_NOT_ENABLED when it is off."""
        principal = info.context.require_principal()
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            await two_factor.disable(
                session, principal, SecondFactorPolicy.from_settings(state.settings), code
            )
        return DisableTotpSuccess(disabled=True)
