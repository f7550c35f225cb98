"""Platform support use cases: staff login, the tenant directory, support grants and the
short-lived organization tokens staff get for them, and the per-request audit.

Staff are users with ``is_platform_staff`` (set only by ``conciliacontag staff grant``).
Outside any organization they hold a staff token that only the support fields accept.
Reads across tenants go through the SECURITY DEFINER functions of migration 0005
(aggregates and the caller's own grants, never rows) and are written to the platform
audit log. Inside an organization they act with a support token exchanged for a grant
an admin of that organization gave; every request made with it is checked against the
grant and written to that organization's audit log first (backend/support/gate.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth import two_factor
from backend.auth.passwords import hash_password, needs_rehash, verify_password
from backend.auth.principal import Principal, PrincipalKind, StaffPrincipal
from backend.auth.rbac import Permission, require
from backend.auth.service import AuthPolicy
from backend.auth.tokens import issue_access_token, issue_staff_token
from backend.core.errors import Invalid, NotFound, PermissionDenied, Unauthenticated
from backend.db.base import utcnow
from backend.db.enums import ActorType, Role
from backend.db.pagination import PageRequest, decode_cursor, encode_cursor, like_pattern
from backend.db.session import set_context
from backend.support import repository
from backend.support.models import GRANTABLE_ROLES, PlatformAuditLog, SupportGrant
from backend.support.repository import StaffGrant, TenantHealth
from backend.tenancy import repository as tenancy
from backend.tenancy.models import Organization
from backend.users import repository as users
from backend.users.models import User

MAX_GRANT_HOURS = 72
# A support token never lives longer than this, nor past its grant's end.
SUPPORT_TOKEN_MAX_SECONDS = 900
MAX_REASON_LENGTH = 500
_BAD_CREDENTIALS = "invalid e-mail or password"


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A staff token (no organization) and who it belongs to."""

    access_token: str
    expires_in: int
    user: User
    totp_enrollment_required: bool = False


@dataclass(frozen=True, slots=True)
class SupportSession:
    """An organization-scoped support token for one grant."""

    access_token: str
    expires_in: int
    principal: Principal
    grant: SupportGrant


@dataclass(frozen=True, slots=True)
class SupportVisitor:
    """Who holds a support token: the staff member, the organization and the grant."""

    user: User
    organization: Organization
    grant: SupportGrant


@dataclass(frozen=True, slots=True)
class DirectoryPage:
    """One page of the tenant directory."""

    rows: list[TenantHealth]
    cursors: list[str]
    has_next: bool


async def record_platform(
    session: AsyncSession,
    *,
    actor_type: ActorType,
    actor_id: uuid.UUID | None,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an entry to the platform audit log (in the caller's transaction)."""
    await repository.add_platform_entry(
        session,
        PlatformAuditLog(
            actor_type=actor_type.value,
            actor_id=actor_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            details=details,
            request_id=structlog.contextvars.get_contextvars().get("request_id"),
        ),
    )


async def staff_login(
    session: AsyncSession,
    policy: AuthPolicy,
    second_factor: two_factor.SecondFactorPolicy,
    *,
    email: str,
    password: str,
    totp_code: str | None,
) -> StaffSession:
    """Check a staff member's password (and TOTP code when enabled); issue a staff token.

    ``session`` must have been opened with ``login_email=email``. Anyone who is not
    active platform staff gets the same INVALID_CREDENTIALS as a wrong password.
    """
    user = await users.get_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password):
        raise Unauthenticated(_BAD_CREDENTIALS, code="INVALID_CREDENTIALS")
    assert user is not None
    if not user.is_active or not user.is_platform_staff:
        raise Unauthenticated(_BAD_CREDENTIALS, code="INVALID_CREDENTIALS")
    await set_context(session, user_id=user.id)
    await two_factor.check_login_code(session, second_factor, user, totp_code)
    await users.touch_login(
        session,
        user.id,
        utcnow(),
        hash_password(password) if needs_rehash(user.password_hash) else None,
    )
    enrollment_only = two_factor.staff_must_enroll(second_factor, user)
    await record_platform(
        session,
        actor_type=ActorType.SUPPORT,
        actor_id=user.id,
        action="staff.login",
        entity_type="user",
        entity_id=user.id,
        details={"totp": user.totp_enabled_at is not None, "enrollment_only": enrollment_only},
    )
    staff = StaffPrincipal(user_id=user.id, totp_enrollment_only=enrollment_only)
    return StaffSession(
        access_token=issue_staff_token(policy.tokens, staff),
        expires_in=policy.tokens.access_ttl_seconds,
        user=user,
        totp_enrollment_required=enrollment_only,
    )


async def _active_staff(session: AsyncSession, staff: StaffPrincipal) -> User:
    """The staff member's own row (the users policy shows it through app.current_user);
    FORBIDDEN once they are no longer active staff."""
    await set_context(session, user_id=staff.user_id)
    user = await users.get(session, staff.user_id)
    if user is None or not user.is_active or not user.is_platform_staff:
        raise PermissionDenied("platform support staff only", code="STAFF_ONLY")
    return user


async def check_staff(session: AsyncSession, staff: StaffPrincipal) -> None:
    """STAFF_ONLY unless the token's staff member is still active staff (in the database)."""
    await _active_staff(session, staff)


async def _record_own(session: AsyncSession, user: User, action: str) -> None:
    """A staff member's action on their own account, in the platform audit log."""
    await record_platform(
        session,
        actor_type=ActorType.SUPPORT,
        actor_id=user.id,
        action=action,
        entity_type="user",
        entity_id=user.id,
    )


async def begin_staff_totp(
    session: AsyncSession, staff: StaffPrincipal, policy: two_factor.SecondFactorPolicy
) -> two_factor.TotpEnrollment:
    """Start (or restart) the staff member's own TOTP enrollment; platform-audited."""
    user = await _active_staff(session, staff)
    enrollment = await two_factor.start_pending_secret(session, user, policy)
    await _record_own(session, user, "staff.totp_enrollment_started")
    return enrollment


async def confirm_staff_totp(
    session: AsyncSession, staff: StaffPrincipal, policy: two_factor.SecondFactorPolicy, code: str
) -> datetime:
    """Turn the staff member's TOTP on with a current code; platform-audited. The
    enrollment-only token stays limited: log in again with a code for a full one."""
    user = await _active_staff(session, staff)
    enabled_at = await two_factor.enable_pending_secret(session, user, policy, code)
    await _record_own(session, user, "staff.totp_enabled")
    return enabled_at


async def tenant_directory(
    session: AsyncSession, staff: StaffPrincipal, *, text: str | None, request: PageRequest
) -> DirectoryPage:
    """Organizations with their health, by name, forwards only; audited on the platform log.

    ``session`` must carry the staff member as ``app.current_user`` (the database
    function checks that they are still active staff).
    """
    if request.last is not None or request.before is not None:
        raise Invalid(
            "the tenant directory pages forwards only", field_errors={"last": ["not supported"]}
        )
    size = request.size()
    after: tuple[str, uuid.UUID] | None = None
    if request.after is not None:
        name, anchor = decode_cursor(request.after)
        after = (str(name), anchor)
    query = (text or "").strip()
    rows = await repository.tenant_directory(
        session,
        pattern=like_pattern(query) if query else None,
        after=after,
        limit=size + 1,
    )
    page = rows[:size]
    await record_platform(
        session,
        actor_type=ActorType.SUPPORT,
        actor_id=staff.user_id,
        action="support.directory_viewed",
        entity_type="organization",
        entity_id=None,
        details={
            "text": query or None,
            "first": size,
            "after": request.after,
            "organizations": [str(r.organization_id) for r in page],
        },
    )
    return DirectoryPage(
        rows=page,
        cursors=[encode_cursor(r.name, r.organization_id) for r in page],
        has_next=len(rows) > size,
    )


async def my_grants(session: AsyncSession) -> list[StaffGrant]:
    """The active grants of the staff member the session names (``app.current_user``)."""
    return await repository.staff_grants(session)


async def open_support_session(
    session: AsyncSession, policy: AuthPolicy, staff: StaffPrincipal, grant_id: uuid.UUID
) -> SupportSession:
    """Exchange an active grant for a support token (≤ 15 minutes, never past the grant).

    ``session`` must carry the staff member as ``app.current_user``; it is then scoped
    to the grant's organization, where the exchange is audited.
    """
    mine = {g.grant_id: g for g in await repository.staff_grants(session)}
    found = mine.get(grant_id)
    if found is None:
        raise NotFound("no active support grant with this id", code="SUPPORT_GRANT_NOT_FOUND")
    await set_context(session, organization_id=found.organization_id)
    grant = await repository.get_grant(session, grant_id)
    now = utcnow()
    if grant is None or grant.revoked_at is not None or grant.expires_at <= now:
        raise NotFound("no active support grant with this id", code="SUPPORT_GRANT_NOT_FOUND")
    remaining = int((grant.expires_at - now).total_seconds())
    ttl = max(1, min(policy.tokens.access_ttl_seconds, SUPPORT_TOKEN_MAX_SECONDS, remaining))
    principal = Principal(
        subject_id=staff.user_id,
        organization_id=grant.organization_id,
        role=Role(grant.role),
        kind=PrincipalKind.SUPPORT,
        grant_id=grant.id,
    )
    await audit.record(
        session,
        organization_id=grant.organization_id,
        actor_type=ActorType.SUPPORT,
        actor_id=staff.user_id,
        action="support.session_started",
        entity_type="support_grant",
        entity_id=grant.id,
        after={"role": grant.role, "expires_in": ttl},
    )
    return SupportSession(
        access_token=issue_access_token(policy.tokens, principal, ttl_seconds=ttl),
        expires_in=ttl,
        principal=principal,
        grant=grant,
    )


async def check_request(
    session: AsyncSession,
    principal: Principal,
    *,
    channel: str,
    operation: str,
    fields: list[str],
) -> bool:
    """Whether a support principal's grant is still active; the request is audited either way.

    ``session`` is the principal's tenant session. The entry names the operation and its
    top-level fields, never arguments or variables (they may hold secrets).
    """
    await set_context(session, user_id=principal.subject_id)
    grant = (
        await repository.get_grant(session, principal.grant_id)
        if principal.grant_id is not None
        else None
    )
    staff = await users.get(session, principal.subject_id)
    active = (
        grant is not None
        and grant.staff_user_id == principal.subject_id
        and grant.revoked_at is None
        and grant.expires_at > utcnow()
        and staff is not None
        and staff.is_platform_staff
        and staff.is_active
    )
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=ActorType.SUPPORT,
        actor_id=principal.subject_id,
        action="support.request" if active else "support.request_refused",
        entity_type="support_grant",
        entity_id=principal.grant_id,
        after={"channel": channel, "operation": operation, "fields": fields},
    )
    return active


async def support_visitor(session: AsyncSession, principal: Principal) -> SupportVisitor:
    """``me`` for a support token. ``session`` is scoped to the grant's organization; the
    gate has already checked that the grant is active."""
    if principal.kind is not PrincipalKind.SUPPORT or principal.grant_id is None:
        raise NotFound("not a support token")
    await set_context(session, user_id=principal.subject_id)
    user = await users.get(session, principal.subject_id)
    organization = await tenancy.get_organization(session, principal.organization_id)
    grant = await repository.get_grant(session, principal.grant_id)
    if user is None or organization is None or grant is None:
        raise NotFound("support grant not found", code="SUPPORT_GRANT_NOT_FOUND")
    return SupportVisitor(user=user, organization=organization, grant=grant)


async def grant_access(
    session: AsyncSession,
    principal: Principal,
    *,
    staff_email: str,
    reason: str,
    hours: int,
    role: Role,
) -> SupportGrant:
    """An admin lets one staff member in for up to 72 hours with a role below admin."""
    require(principal, Permission.MANAGE_USERS)
    email = staff_email.strip()
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if "@" not in email:
        errors["staffEmail"] = ["invalid e-mail"]
    if not reason:
        errors["reason"] = ["required"]
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = [f"at most {MAX_REASON_LENGTH} characters"]
    if not 1 <= hours <= MAX_GRANT_HOURS:
        errors["hours"] = [f"between 1 and {MAX_GRANT_HOURS}"]
    if role not in GRANTABLE_ROLES:
        errors["role"] = ["one of " + ", ".join(r.value for r in GRANTABLE_ROLES)]
    if errors:
        raise Invalid("invalid support grant", field_errors=errors)
    member = await repository.staff_member(session, email)
    if member is None:
        raise NotFound("no platform support staff member with this e-mail", code="STAFF_NOT_FOUND")
    grant = await repository.add_grant(
        session,
        SupportGrant(
            organization_id=principal.organization_id,
            staff_user_id=member.user_id,
            staff_email=member.email,
            staff_name=member.name,
            role=role.value,
            reason=reason,
            granted_by=principal.user_id,
            expires_at=utcnow() + timedelta(hours=hours),
        ),
    )
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="support.access_granted",
        entity_type="support_grant",
        entity_id=grant.id,
        after={
            "staff_user_id": str(member.user_id),
            "staff_email": member.email,
            "role": grant.role,
            "reason": reason,
            "expires_at": grant.expires_at.isoformat(),
        },
    )
    return grant


async def revoke_access(
    session: AsyncSession, principal: Principal, grant_id: uuid.UUID
) -> SupportGrant:
    """End a grant now: no new support token; tokens already issued are refused at their
    next request (the gate re-checks the grant). Revoking twice changes nothing."""
    require(principal, Permission.MANAGE_USERS)
    grant = await repository.get_grant(session, grant_id)
    if grant is None:
        raise NotFound("support grant not found")
    if grant.revoked_at is None:
        await repository.revoke_grant(session, grant, utcnow())
        await audit.record(
            session,
            organization_id=principal.organization_id,
            actor_type=principal.actor_type,
            actor_id=principal.subject_id,
            action="support.access_revoked",
            entity_type="support_grant",
            entity_id=grant.id,
            before={"revoked": False},
            after={"revoked": True},
        )
    return grant


async def list_grants(
    session: AsyncSession, principal: Principal, *, include_inactive: bool
) -> list[SupportGrant]:
    """The organization's support grants, newest first (admins, managers, auditors)."""
    require(principal, Permission.READ_AUDIT)
    return await repository.list_grants(session, active_at=None if include_inactive else utcnow())


async def get_grant(
    session: AsyncSession, principal: Principal, grant_id: uuid.UUID
) -> SupportGrant:
    """One of the organization's grants."""
    require(principal, Permission.READ_AUDIT)
    grant = await repository.get_grant(session, grant_id)
    if grant is None:
        raise NotFound("support grant not found")
    return grant


async def set_staff(session: AsyncSession, email: str, *, staff: bool) -> User:
    """Make a user platform staff or stop it (the CLI, as the owner role).

    ``session`` must be the owner role's, opened with ``login_email=email``: the
    application role cannot change the flag (a trigger refuses it).
    """
    user = await users.get_by_email(session, email)
    if user is None:
        raise NotFound("no user with this e-mail")
    if user.is_platform_staff != staff:
        await repository.set_platform_staff(session, user.id, staff)
        await record_platform(
            session,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="staff.granted" if staff else "staff.revoked",
            entity_type="user",
            entity_id=user.id,
            details={"email": user.email},
        )
        await session.refresh(user)
    return user
