"""Logging a person in, for GraphQL's ``login`` and REST's ``POST /v1/auth/login``.

One flow for both APIs: the e-mail and password check, the per-e-mail budget of failed
guesses (a wrong password or TOTP code counts; a missing TOTP step does not), and the
service call in a transaction that may see only that e-mail's user row.
"""

from __future__ import annotations

import uuid

from backend.api.ratelimit import Bucket
from backend.api.state import AppState
from backend.auth import service
from backend.auth.service import TokenPair
from backend.auth.two_factor import SecondFactorPolicy
from backend.core.errors import Invalid, NotFound, Unauthenticated
from backend.core.global_ids import parse_global_id

# Failures that are guesses (a wrong password or code), not steps of a valid login.
_GUESSES = frozenset({"INVALID_CREDENTIALS", "INVALID_TOTP"})


def organization_to_log_in(organization_id: str | None) -> uuid.UUID | None:
    """The organization to log in to: its global id (or, for old clients, its UUID)."""
    if not organization_id:
        return None
    try:
        return uuid.UUID(organization_id)
    except ValueError:
        pass
    try:
        kind, row_id = parse_global_id(organization_id)
    except NotFound:
        kind = ""
    if kind != "Organization":
        raise Invalid("bad organization id", field_errors={"organizationId": ["invalid"]})
    return row_id


async def log_in(
    state: AppState,
    *,
    email: str,
    password: str,
    organization_id: str | None,
    totp_code: str | None,
) -> TokenPair:
    """Tokens for this e-mail and password (and TOTP code), or a typed error."""
    email = email.strip()
    if not email or "@" not in email or not password:
        raise Invalid(
            "e-mail and password are required",
            field_errors={"email": ["required"], "password": ["required"]},
        )
    organization = organization_to_log_in(organization_id)
    failures = email.lower()
    await state.rate_limits.ensure(Bucket.LOGIN_FAILURES, failures)
    try:
        async with state.database.session(login_email=email) as session:
            return await service.login(
                session,
                state.auth,
                email=email,
                password=password,
                organization_id=organization,
                totp_code=totp_code,
                second_factor=SecondFactorPolicy.from_settings(state.settings),
            )
    except Unauthenticated as exc:
        if exc.code in _GUESSES:
            await state.rate_limits.charge(Bucket.LOGIN_FAILURES, failures, 1)
        raise
