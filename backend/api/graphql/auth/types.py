"""GraphQL types of the authentication mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.api.graphql.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from backend.api.graphql.relay import to_global_id
from backend.auth.service import TokenPair


@strawberry.type
class AuthTokens:
    """A bearer access token (short-lived) and a rotating refresh token."""

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    organization_id: strawberry.ID
    role: str
    totp_enrollment_required: bool = strawberry.field(
        description=(
            "True when this admin must enroll TOTP first: the access token then works only "
            "for totpStatus, beginTotpEnrollment and confirmTotpEnrollment (anything else "
            "answers TOTP_ENROLLMENT_REQUIRED); refresh after confirming to get a full token."
        )
    )

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthTokens:
        """Build from the service's result."""
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            token_type="Bearer",  # noqa: S106 - the RFC 6750 scheme name
            expires_in=pair.expires_in,
            organization_id=to_global_id("Organization", pair.principal.organization_id),
            role=pair.principal.role.value,
            totp_enrollment_required=pair.totp_enrollment_required,
        )


@strawberry.type
class LogoutSuccess:
    """The refresh-token family was revoked (or was already unknown)."""

    revoked: bool


LoginResult = Annotated[
    AuthTokens | AuthenticationError | ValidationError | RateLimitedError,
    strawberry.union("LoginResult"),
]
RefreshResult = Annotated[AuthTokens | AuthenticationError, strawberry.union("RefreshResult")]
LogoutResult = Annotated[LogoutSuccess | AuthenticationError, strawberry.union("LogoutResult")]


@strawberry.type
class BeginTotpEnrollmentSuccess:
    """A new pending secret, shown once: add it to an authenticator app, then confirm a code."""

    secret: str = strawberry.field(description="Base32, for typing into the app by hand.")
    otpauth_uri: str = strawberry.field(description="otpauth:// URI to render as a QR code.")


@strawberry.type
class ConfirmTotpEnrollmentSuccess:
    """TOTP is on: every later login needs a code."""

    enabled_at: datetime


@strawberry.type
class DisableTotpSuccess:
    """TOTP is off and its secret erased."""

    disabled: bool


@strawberry.type
class TotpStatus:
    """The caller's second factor."""

    enabled: bool
    enabled_at: datetime | None
    enrollment_pending: bool = strawberry.field(
        description="A secret was issued by beginTotpEnrollment but not yet confirmed."
    )
    enrollment_required: bool = strawberry.field(
        description="This token may only enroll TOTP (an admin who must use it)."
    )


BeginTotpEnrollmentResult = Annotated[
    BeginTotpEnrollmentSuccess | ConflictError | PermissionDeniedError,
    strawberry.union("BeginTotpEnrollmentResult"),
]
ConfirmTotpEnrollmentResult = Annotated[
    ConfirmTotpEnrollmentSuccess | ValidationError | ConflictError | PermissionDeniedError,
    strawberry.union("ConfirmTotpEnrollmentResult"),
]
DisableTotpResult = Annotated[
    DisableTotpSuccess | ValidationError | ConflictError | PermissionDeniedError,
    strawberry.union("DisableTotpResult"),
]
