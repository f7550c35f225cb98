"""People of an organization: invite, change role, deactivate, accept an invitation.

An invitation creates (or reuses) the global user and an active membership at once,
and returns a one-time token — ``inv_<organization hex>_<secret>``, only its SHA-256
stored — with which a new person sets their password. An organization never loses
its last active admin. Deactivation stops refreshes at once; an access token already
issued lives out its short expiry.
"""

from __future__ import annotations

import functools
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.auth.tokens import hash_secret
from backend.core.errors import Conflict, Invalid, NotFound, Unauthenticated
from backend.db.base import utcnow
from backend.db.enums import ActorType, Role
from backend.db.session import set_context
from backend.tenancy import repository
from backend.tenancy.models import Membership
from backend.users import repository as users
from backend.users.models import Invitation, User

INVITATION_TTL = timedelta(days=7)
MIN_PASSWORD = 10
# A password hash no password verifies against: the invited user logs in only after
# accepting the invitation.
_NO_PASSWORD = "!invited"  # noqa: S105 - a marker, not a secret


@dataclass(frozen=True, slots=True)
class Invited:
    """The new member and the invitation token (shown once, to be sent to the person)."""

    membership: Membership
    user: User
    token: str


def _snapshot(membership: Membership) -> dict[str, Any]:
    return {"role": membership.role, "is_active": membership.is_active}


_audit = functools.partial(audit.record_change, entity_type="user")


async def list_members(
    session: AsyncSession, principal: Principal, *, active: bool | None, text_value: str | None
) -> list[tuple[Membership, User]]:
    """The organization's members (any role may see who their colleagues are)."""
    require(principal, Permission.READ)
    return await repository.members(session, active=active, text_value=text_value)


async def _member(session: AsyncSession, user_id: uuid.UUID) -> tuple[Membership, User]:
    found = await repository.member(session, user_id)
    if found is None:
        raise NotFound("user not found")
    return found


async def _keep_an_admin(session: AsyncSession, membership: Membership) -> None:
    is_admin = membership.role == Role.ADMIN.value and membership.is_active
    if is_admin and await repository.active_admins(session) <= 1:
        raise Conflict("the organization needs at least one active admin", code="LAST_ADMIN")


async def invite_user(
    session: AsyncSession, principal: Principal, *, email: str, name: str, role: Role
) -> Invited:
    """Add a person to the organization with ``role``; a new e-mail creates the user."""
    require(principal, Permission.MANAGE_USERS)
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if "@" not in email or "." not in email.rpartition("@")[2] or len(email) > 254:
        errors["email"] = ["not an e-mail address"]
    if not name.strip():
        errors["name"] = ["required"]
    if errors:
        raise Invalid("invalid invitation", field_errors=errors)
    # Another organization's user is invisible under RLS; naming the e-mail reveals that row.
    await set_context(session, login_email=email)
    user = await users.get_by_email(session, email)
    if user is None:
        user = await users.add(
            session, User(email=email, name=name.strip(), password_hash=_NO_PASSWORD)
        )
    existing = await repository.get_membership(session, principal.organization_id, user.id)
    if existing is not None:
        raise Conflict("this person is already a member", code="ALREADY_MEMBER")
    membership = await repository.add_membership(
        session,
        Membership(organization_id=principal.organization_id, user_id=user.id, role=role.value),
    )
    secret = secrets.token_urlsafe(32)
    await repository.add_invitation(
        session,
        Invitation(
            organization_id=principal.organization_id,
            user_id=user.id,
            role=role.value,
            token_hash=hash_secret(secret),
            invited_by=principal.user_id,
            expires_at=utcnow() + INVITATION_TTL,
        ),
    )
    await _audit(session, principal, "user.invited", user.id, None, _snapshot(membership))
    return Invited(
        membership=membership,
        user=user,
        token=f"inv_{principal.organization_id.hex}_{secret}",
    )


async def change_role(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, role: Role
) -> tuple[Membership, User]:
    """Give a member another role."""
    require(principal, Permission.MANAGE_USERS)
    membership, user = await _member(session, user_id)
    before = _snapshot(membership)
    if role.value != membership.role:
        await _keep_an_admin(session, membership)
    membership.role = role.value
    membership.updated_at = utcnow()
    await repository.add_membership(session, membership)
    await _audit(session, principal, "user.role_changed", user_id, before, _snapshot(membership))
    return membership, user


async def deactivate_user(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID
) -> tuple[Membership, User]:
    """End a member's access to this organization (their refreshes fail from now on)."""
    require(principal, Permission.MANAGE_USERS)
    membership, user = await _member(session, user_id)
    before = _snapshot(membership)
    await _keep_an_admin(session, membership)
    membership.is_active = False
    membership.updated_at = utcnow()
    await repository.add_membership(session, membership)
    await _audit(session, principal, "user.deactivated", user_id, before, _snapshot(membership))
    return membership, user


def invitation_organization(token: str) -> uuid.UUID:
    """The organization an invitation token belongs to (UNAUTHENTICATED if malformed)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "inv" or not parts[2]:
        raise Unauthenticated("invalid invitation")
    try:
        return uuid.UUID(hex=parts[1])
    except ValueError as exc:
        raise Unauthenticated("invalid invitation") from exc


async def accept_invitation(
    session: AsyncSession, token: str, password: str, name: str | None
) -> User:
    """Set the invited person's password (once); the session is the token's organization."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(
            "password too short", field_errors={"password": [f"at least {MIN_PASSWORD} characters"]}
        )
    invitation = await repository.invitation_by_hash(session, hash_secret(token.split("_", 2)[-1]))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < utcnow():
        raise Unauthenticated("invalid or expired invitation")
    user = await users.get(session, invitation.user_id)
    if user is None:
        raise Unauthenticated("invalid or expired invitation")
    if user.password_hash == _NO_PASSWORD:
        user.password_hash = hash_password(password)
    if name and name.strip():
        user.name = name.strip()
    user.updated_at = utcnow()
    await users.add(session, user)
    invitation.accepted_at = utcnow()
    await repository.add_invitation(session, invitation)
    await audit.record(
        session,
        organization_id=invitation.organization_id,
        actor_type=ActorType.USER,
        actor_id=user.id,
        action="user.invitation_accepted",
        entity_type="user",
        entity_id=user.id,
        after={"role": invitation.role},
    )
    return user
