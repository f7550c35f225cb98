"""Authentication for people: log in (with the TOTP step) and rotate a refresh token.

Both routes are public and call ``backend.auth.service`` as GraphQL's ``login`` and
``refresh`` do, under the same budgets: the anonymous per-IP bucket (a write's cost) and,
for login, the per-e-mail bucket of failed guesses (a wrong password or TOTP code).
Refused credentials answer 401 with the service's code: ``INVALID_CREDENTIALS``,
``TOTP_REQUIRED`` (send ``totpCode``), ``INVALID_TOTP`` (wrong or already used code).
"""

from __future__ import annotations

from pydantic import Field

from backend.api.graphql.auth.types import AuthTokens
from backend.api.graphql.permissions import Access
from backend.api.logins import log_in
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import GlobalId, Input, Output
from backend.auth import service
from backend.auth.service import TokenPair
from backend.auth.tokens import parse_refresh_token
from backend.auth.two_factor import SecondFactorPolicy

resource = Resource("auth")


class TokensOut(Output):
    """A bearer access token (short-lived) and a rotating refresh token (``AuthTokens``)."""

    access_token: str
    refresh_token: str
    token_type: str = Field(examples=["Bearer"])
    expires_in: int = Field(description="Seconds the access token is valid.")
    organization_id: GlobalId
    role: str
    totp_enrollment_required: bool = Field(
        description="True when this admin must enroll TOTP first: the access token then"
        " works only for the enrollment operations; refresh after confirming."
    )


def _tokens(pair: TokenPair) -> TokensOut:
    return TokensOut.model_validate(AuthTokens.from_pair(pair))


class LoginIn(Input):
    """E-mail and password, the organization to log in to, and the TOTP code if enabled."""

    email: str
    password: str = Field(repr=False)
    organization_id: str | None = Field(
        None, description="Its global id; the oldest membership when absent."
    )
    totp_code: str | None = Field(None, description="The authenticator app's current code.")


@resource.route(
    "POST",
    "/v1/auth/login",
    requires=Access.PUBLIC,
    body=LoginIn,
    response=TokensOut,
    errors=(400, 401),
)
async def login(call: Call) -> TokensOut:
    """Exchange e-mail and password (and the TOTP code when enabled) for tokens.

    401 ``INVALID_CREDENTIALS``, ``TOTP_REQUIRED`` or ``INVALID_TOTP``; wrong guesses
    count against the e-mail's failure budget (429 with Retry-After when spent).
    """
    body = call.payload(LoginIn)
    pair = await log_in(
        call.state,
        email=body.email,
        password=body.password,
        organization_id=body.organization_id,
        totp_code=body.totp_code,
    )
    return _tokens(pair)


class RefreshIn(Input):
    """The refresh token of the last pair."""

    refresh_token: str = Field(repr=False)


@resource.route(
    "POST",
    "/v1/auth/refresh",
    requires=Access.PUBLIC,
    body=RefreshIn,
    response=TokensOut,
    errors=(400, 401),
)
async def refresh(call: Call) -> TokensOut:
    """Rotate a refresh token into a new pair (GraphQL ``refresh``).

    Reusing an already-rotated token revokes its whole family (401).
    """
    presented = parse_refresh_token(call.payload(RefreshIn).refresh_token)
    state = call.state
    async with state.database.tenant_session(presented.organization_id) as session:
        outcome = await service.refresh(
            session,
            state.auth,
            presented,
            second_factor=SecondFactorPolicy.from_settings(state.settings),
        )
    if outcome.error is not None:
        raise outcome.error
    assert outcome.pair is not None, "a refresh without an error has a pair"
    return _tokens(outcome.pair)
