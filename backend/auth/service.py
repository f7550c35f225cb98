"""Login, refresh-token rotation and logout.

Rotation: each refresh exchanges a token for a new one of the same family and
marks the old one rotated. Presenting a rotated (or revoked) token again means
it leaked: the whole family is revoked and the caller must log in again.

Second factor (backend/auth/two_factor.py): a user with TOTP enabled must send a
code with the password. When admins must use TOTP and this admin has not enrolled,
login (and every refresh of that family until they enroll) issues tokens carrying
only the ``totp_enrollment`` scope, which the API refuses for everything but enrolling.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth import repository, two_factor
from backend.auth.models import RefreshToken
from backend.auth.passwords import hash_password, needs_rehash, verify_password
from backend.auth.principal import TOTP_ENROLLMENT_SCOPE, Principal
from backend.auth.tokens import (
    ParsedRefreshToken,
    TokenConfig,
    issue_access_token,
    mint_refresh_token,
)
from backend.core.errors import Unauthenticated
from backend.db.base import utcnow
from backend.db.enums import ActorType, Role
from backend.db.session import set_context
from backend.tenancy import repository as tenancy
from backend.users import repository as users
from backend.users.models import User

_BAD_CREDENTIALS = "invalid e-mail or password"


@dataclass(frozen=True, slots=True)
class TokenPair:
    """What a successful login or refresh returns to the client."""

    access_token: str
    refresh_token: str
    expires_in: int
    principal: Principal

    @property
    def totp_enrollment_required(self) -> bool:
        """The access token may only enroll TOTP (an admin who has not yet)."""
        return self.principal.totp_enrollment_only


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """Token settings the service needs."""

    tokens: TokenConfig
    refresh_ttl: timedelta


async def _issue_pair(
    session: AsyncSession,
    policy: AuthPolicy,
    principal: Principal,
    family_id: uuid.UUID,
) -> TokenPair:
    minted = mint_refresh_token(principal.organization_id)
    await repository.add_refresh_token(
        session,
        RefreshToken(
            id=minted.token_id,
            organization_id=principal.organization_id,
            user_id=principal.subject_id,
            family_id=family_id,
            token_hash=minted.token_hash,
            expires_at=utcnow() + policy.refresh_ttl,
        ),
    )
    return TokenPair(
        access_token=issue_access_token(policy.tokens, principal),
        refresh_token=minted.token,
        expires_in=policy.tokens.access_ttl_seconds,
        principal=principal,
    )


def _user_principal(
    user: User, organization_id: uuid.UUID, role: Role, second_factor: two_factor.SecondFactorPolicy
) -> Principal:
    scopes = (
        frozenset({TOTP_ENROLLMENT_SCOPE})
        if two_factor.must_enroll(second_factor, user, role)
        else frozenset()
    )
    return Principal(subject_id=user.id, organization_id=organization_id, role=role, scopes=scopes)


async def login(
    session: AsyncSession,
    policy: AuthPolicy,
    *,
    email: str,
    password: str,
    second_factor: two_factor.SecondFactorPolicy,
    totp_code: str | None = None,
    organization_id: uuid.UUID | None = None,
) -> TokenPair:
    """Check the password (and the TOTP code when enabled) and open a token family.

    ``session`` must have been opened with ``login_email=email``. The first
    (oldest) active membership is used unless ``organization_id`` names another.
    """
    user = await users.get_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password):
        raise Unauthenticated(_BAD_CREDENTIALS, code="INVALID_CREDENTIALS")
    assert user is not None
    if not user.is_active:
        raise Unauthenticated(_BAD_CREDENTIALS, code="INVALID_CREDENTIALS")
    await set_context(session, user_id=user.id)
    await two_factor.check_login_code(session, second_factor, user, totp_code)
    memberships = await tenancy.memberships_of_user(session, user.id)
    chosen = next(
        (
            m
            for m, _org in memberships
            if organization_id is None or m.organization_id == organization_id
        ),
        None,
    )
    if chosen is None:
        raise Unauthenticated("no active membership for this account", code="NO_MEMBERSHIP")
    await set_context(session, organization_id=chosen.organization_id)
    now = utcnow()
    await users.touch_login(
        session, user.id, now, hash_password(password) if needs_rehash(user.password_hash) else None
    )
    principal = _user_principal(user, chosen.organization_id, Role(chosen.role), second_factor)
    pair = await _issue_pair(session, policy, principal, family_id=uuid.uuid4())
    await audit.record(
        session,
        organization_id=chosen.organization_id,
        actor_type=ActorType.USER,
        actor_id=user.id,
        action="auth.login",
        entity_type="user",
        entity_id=user.id,
        after={
            "totp": user.totp_enabled_at is not None,
            "totp_enrollment_required": principal.totp_enrollment_only,
        },
    )
    return pair


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """Either a new pair, or the error to raise after the revocation has been committed."""

    pair: TokenPair | None = None
    error: Unauthenticated | None = None


async def refresh(
    session: AsyncSession,
    policy: AuthPolicy,
    presented: ParsedRefreshToken,
    *,
    second_factor: two_factor.SecondFactorPolicy,
) -> RefreshOutcome:
    """Rotate a refresh token. ``session`` must be scoped to ``presented.organization_id``.

    On reuse the family is revoked and the outcome carries the error: the caller
    commits first (so the revocation sticks), then raises it. The new access token's
    restriction is decided again from today's state: an admin who enrolled TOTP since
    logging in gets a full token, one who has not (or disabled it) a restricted one.
    """
    invalid = Unauthenticated("invalid refresh token", code="INVALID_REFRESH_TOKEN")
    row = await repository.get_refresh_token_for_update(session, presented.token_id)
    if row is None or not presented.matches(row.token_hash):
        return RefreshOutcome(error=invalid)
    now = utcnow()
    if row.rotated_at is not None or row.revoked_at is not None:
        await repository.revoke_family(session, row.family_id, now)
        await audit.record(
            session,
            organization_id=row.organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="auth.refresh_token_reused",
            entity_type="user",
            entity_id=row.user_id,
            after={"family_id": str(row.family_id)},
        )
        return RefreshOutcome(
            error=Unauthenticated(
                "refresh token reuse detected; log in again", code="REFRESH_TOKEN_REUSED"
            )
        )
    if row.expires_at <= now:
        return RefreshOutcome(error=invalid)
    membership = await tenancy.get_membership(session, row.organization_id, row.user_id)
    user = await users.get(session, row.user_id)
    if membership is None or not membership.is_active or user is None or not user.is_active:
        await repository.revoke_family(session, row.family_id, now)
        return RefreshOutcome(error=invalid)
    await repository.mark_rotated(session, row.id, now)
    principal = _user_principal(user, row.organization_id, Role(membership.role), second_factor)
    return RefreshOutcome(pair=await _issue_pair(session, policy, principal, row.family_id))


async def logout(session: AsyncSession, presented: ParsedRefreshToken) -> bool:
    """Revoke the presented token's family; False when the token is unknown."""
    row = await repository.get_refresh_token_for_update(session, presented.token_id)
    if row is None or not presented.matches(row.token_hash):
        return False
    await repository.revoke_family(session, row.family_id, utcnow())
    return True


async def purge_expired_refresh_tokens(session: AsyncSession, organization_id: uuid.UUID) -> int:
    """Delete the tenant's expired refresh tokens and record how many went."""
    removed = await repository.delete_expired(session, utcnow())
    await audit.record(
        session,
        organization_id=organization_id,
        actor_type=ActorType.SYSTEM,
        actor_id=None,
        action="auth.refresh_tokens_purged",
        entity_type="organization",
        entity_id=organization_id,
        after={"removed": removed},
    )
    return removed
