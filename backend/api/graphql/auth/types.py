"""GraphQL types of the authentication mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.api.graphql.errors import AuthenticationError, RateLimitedError, ValidationError
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

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthTokens:
        """Build from the service's result."""
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            token_type="Bearer",
            expires_in=pair.expires_in,
            organization_id=strawberry.ID(str(pair.principal.organization_id)),
            role=pair.principal.role.value,
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
