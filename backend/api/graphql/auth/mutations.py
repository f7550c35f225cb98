"""login, refresh and logout: thin adapters over backend.auth.service."""

from __future__ import annotations

import strawberry

from backend.api.graphql.auth.types import (
    AuthTokens,
    LoginResult,
    LogoutResult,
    LogoutSuccess,
    RefreshResult,
)
from backend.api.graphql.context import Info
from backend.api.logins import log_in
from backend.auth import service
from backend.auth.tokens import parse_refresh_token
from backend.auth.two_factor import SecondFactorPolicy


@strawberry.type
class AuthMutations:
    """Session management for people using the web app."""

    @strawberry.mutation(
        description=(
            "Exchange e-mail and password (and, when the account has TOTP enabled, the "
            "authenticator app's current code) for tokens. Errors: INVALID_CREDENTIALS, "
            "TOTP_REQUIRED (send totpCode), INVALID_TOTP (wrong or already used code)."
        )
    )
    async def login(
        self,
        info: Info,
        email: str,
        password: str,
        organization_id: strawberry.ID | None = None,
        totp_code: str | None = None,
    ) -> LoginResult:
        """Log in to the oldest membership, or to ``organizationId``."""
        pair = await log_in(
            info.context.state,
            email=email,
            password=password,
            organization_id=str(organization_id) if organization_id else None,
            totp_code=totp_code,
        )
        return AuthTokens.from_pair(pair)

    @strawberry.mutation(description="Rotate a refresh token into a new token pair.")
    async def refresh(self, info: Info, refresh_token: str) -> RefreshResult:
        """Reusing an already-rotated token revokes its whole family."""
        presented = parse_refresh_token(refresh_token)
        state = info.context.state
        async with state.database.tenant_session(presented.organization_id) as session:
            outcome = await service.refresh(
                session,
                state.auth,
                presented,
                second_factor=SecondFactorPolicy.from_settings(state.settings),
            )
        if outcome.error is not None:
            raise outcome.error
        assert outcome.pair is not None
        return AuthTokens.from_pair(outcome.pair)

    @strawberry.mutation(description="Revoke the refresh-token family of this session.")
    async def logout(self, info: Info, refresh_token: str) -> LogoutResult:
        """Access tokens already issued stay valid until they expire (15 minutes)."""
        presented = parse_refresh_token(refresh_token)
        async with info.context.state.database.tenant_session(presented.organization_id) as session:
            revoked = await service.logout(session, presented)
        return LogoutSuccess(revoked=revoked)
