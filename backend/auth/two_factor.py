"""TOTP two-factor authentication: enrollment, confirmation, disabling, and the login check.

The seed is sealed with the secret box (backend/auth/sealing.py) because it must be
read back to compute codes; a database dump alone does not reveal it. Enrollment is
two-phase: ``begin`` stores a pending secret (``totp_enabled_at`` stays null) and
returns it once; ``confirm`` enables it only after a code proves the authenticator
app holds it. Every accepted code advances ``totp_last_step``, so no code works twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth import totp
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.sealing import SecretBox, secret_box
from backend.core.errors import Conflict, Invalid, NotFound, PermissionDenied, Unauthenticated
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.enums import Role
from backend.db.session import set_context
from backend.users import repository as users
from backend.users.models import User


@dataclass(frozen=True, slots=True)
class SecondFactorPolicy:
    """The secret box for seeds, whether admins must use TOTP, and the clock codes are read at."""

    box: SecretBox
    require_admin_totp: bool
    clock: Callable[[], float] = field(default=time.time)

    @classmethod
    def from_settings(cls, settings: Settings) -> SecondFactorPolicy:
        """SECRET_BOX_KEY and REQUIRE_ADMIN_TOTP (on by default in production)."""
        return cls(box=secret_box(settings), require_admin_totp=settings.admin_totp_required)


@dataclass(frozen=True, slots=True)
class TotpEnrollment:
    """A pending secret, shown once: base32 for typing, a URI for the QR code."""

    secret: str
    otpauth_uri: str


@dataclass(frozen=True, slots=True)
class TotpState:
    """Whether a user has TOTP on, or a secret waiting for confirmation."""

    enabled_at: datetime | None
    pending: bool


def must_enroll(policy: SecondFactorPolicy, user: User, role: Role) -> bool:
    """True when this membership's tokens may only enroll TOTP (an admin without it)."""
    return policy.require_admin_totp and role is Role.ADMIN and user.totp_enabled_at is None


def staff_must_enroll(policy: SecondFactorPolicy, user: User) -> bool:
    """True when a platform staff member's token may only enroll TOTP: staff can act inside
    any organization that grants them access, so they need it wherever admins do."""
    return policy.require_admin_totp and user.totp_enabled_at is None


async def check_login_code(
    session: AsyncSession, policy: SecondFactorPolicy, user: User, code: str | None
) -> None:
    """For a user with TOTP enabled: the code must be present, valid and unused.

    Call only after the password matched, so the answer never tells a stranger
    whether an account has a second factor.
    """
    if user.totp_enabled_at is None or user.totp_secret is None:
        return
    if not code:
        raise Unauthenticated(
            "this account requires a code from its authenticator app", code="TOTP_REQUIRED"
        )
    await _consume_code(session, policy, user, user.totp_secret, code, login=True)


async def _consume_code(
    session: AsyncSession,
    policy: SecondFactorPolicy,
    user: User,
    sealed: str,
    code: str,
    *,
    login: bool,
) -> int:
    """Verify ``code`` against the sealed seed and mark its step used; return the step."""
    step = totp.verify(
        policy.box.open(sealed), code, now=policy.clock(), last_step=user.totp_last_step
    )
    if step is None or not await users.advance_totp_step(session, user.id, step):
        message = "invalid or already used authenticator code"
        if login:
            raise Unauthenticated(message, code="INVALID_TOTP")
        raise Invalid(message, code="INVALID_TOTP", field_errors={"code": ["invalid"]})
    return step


async def _caller(session: AsyncSession, principal: Principal) -> User:
    if principal.kind is not PrincipalKind.USER:
        raise PermissionDenied("API clients have no second factor")
    # The users policy shows a person their own row through app.current_user.
    await set_context(session, user_id=principal.subject_id)
    user = await users.get(session, principal.subject_id)
    if user is None or not user.is_active:
        raise NotFound("user not found")
    return user


async def status(session: AsyncSession, principal: Principal) -> TotpState:
    """The caller's TOTP state (never the secret)."""
    user = await _caller(session, principal)
    return TotpState(
        enabled_at=user.totp_enabled_at,
        pending=user.totp_enabled_at is None and user.totp_secret is not None,
    )


async def begin_enrollment(
    session: AsyncSession, principal: Principal, policy: SecondFactorPolicy
) -> TotpEnrollment:
    """Store a new pending secret for the caller (replacing an unconfirmed one) and return it."""
    user = await _caller(session, principal)
    enrollment = await start_pending_secret(session, user, policy)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="user.totp_enrollment_started",
        entity_type="user",
        entity_id=user.id,
    )
    return enrollment


async def start_pending_secret(
    session: AsyncSession, user: User, policy: SecondFactorPolicy
) -> TotpEnrollment:
    """Store a new pending (sealed) secret for ``user`` and return it once; the caller
    audits. TOTP_ALREADY_ENABLED when it is on."""
    if user.totp_enabled_at is not None:
        raise Conflict("TOTP is already enabled; disable it first", code="TOTP_ALREADY_ENABLED")
    secret = totp.generate_secret()
    await users.set_totp(
        session, user.id, sealed_secret=policy.box.seal(secret), enabled_at=None, last_step=None
    )
    return TotpEnrollment(secret=secret, otpauth_uri=totp.provisioning_uri(secret, user.email))


async def confirm_enrollment(
    session: AsyncSession, principal: Principal, policy: SecondFactorPolicy, code: str
) -> datetime:
    """Enable the pending secret once ``code`` proves the app holds it; return when."""
    user = await _caller(session, principal)
    enabled_at = await enable_pending_secret(session, user, policy, code)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="user.totp_enabled",
        entity_type="user",
        entity_id=user.id,
        before={"totp_enabled": False},
        after={"totp_enabled": True},
    )
    return enabled_at


async def enable_pending_secret(
    session: AsyncSession, user: User, policy: SecondFactorPolicy, code: str
) -> datetime:
    """Enable ``user``'s pending secret once ``code`` proves the app holds it; return when
    (the caller audits). TOTP_ALREADY_ENABLED, TOTP_NOT_STARTED, INVALID_TOTP."""
    if user.totp_enabled_at is not None:
        raise Conflict("TOTP is already enabled", code="TOTP_ALREADY_ENABLED")
    if user.totp_secret is None:
        raise Conflict("start the enrollment first", code="TOTP_NOT_STARTED")
    step = await _consume_code(session, policy, user, user.totp_secret, code, login=False)
    enabled_at = utcnow()
    await users.set_totp(
        session, user.id, sealed_secret=user.totp_secret, enabled_at=enabled_at, last_step=step
    )
    return enabled_at


async def disable(
    session: AsyncSession, principal: Principal, policy: SecondFactorPolicy, code: str
) -> None:
    """Turn TOTP off after a valid code; the seed is erased."""
    user = await _caller(session, principal)
    if user.totp_enabled_at is None or user.totp_secret is None:
        raise Conflict("TOTP is not enabled", code="TOTP_NOT_ENABLED")
    await _consume_code(session, policy, user, user.totp_secret, code, login=False)
    await users.set_totp(session, user.id, sealed_secret=None, enabled_at=None, last_step=None)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="user.totp_disabled",
        entity_type="user",
        entity_id=user.id,
        before={"totp_enabled": True},
        after={"totp_enabled": False},
    )
