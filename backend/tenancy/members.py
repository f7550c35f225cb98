"""People of an organization: invite, change role, deactivate, accept an invitation.

An invitation is addressed to an e-mail; its one-time token —
``inv_<organization hex>_<secret>``, only its SHA-256 stored — is mailed to that address
and never returned to the inviter. The user and the membership exist only once the
person accepts with it (docs/security.md, "Invitations"). An organization never loses
its last active admin. Deactivation stops refreshes at once; an access token already
issued lives out its short expiry.
"""

from __future__ import annotations

import functools
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.passwords import hash_password, verify_password
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.auth.tokens import hash_secret
from backend.core.errors import Conflict, Invalid, NotFound, Unauthenticated
from backend.core.logging import get_logger
from backend.db.base import utcnow
from backend.db.enums import ActorType, Role
from backend.db.session import set_context
from backend.mail import Mailer
from backend.tenancy import repository
from backend.tenancy.invitation_mail import compose_invitation
from backend.tenancy.models import Membership
from backend.users import repository as users
from backend.users.models import Invitation, User

_log = get_logger("backend.tenancy.members")

INVITATION_TTL = timedelta(days=7)
MIN_PASSWORD = 10
MAX_NAME = 200
# A password hash no password verifies against: the invited user logs in only after
# accepting the invitation.
_NO_PASSWORD = "!invited"  # noqa: S105 - a marker, not a secret


@dataclass(frozen=True, slots=True)
class InvitationMail:
    """An invitation and the e-mail that carries its token (to send after commit)."""

    invitation: Invitation
    message: EmailMessage


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
    session: AsyncSession,
    principal: Principal,
    *,
    email: str,
    name: str,
    role: Role,
    base_url: str,
) -> InvitationMail:
    """Invite ``email`` with ``role``: an invitation row and the e-mail carrying its token.

    Nothing global is read or written: whether the address already has an account (here
    or in another organization) changes neither the answer nor its timing. Inviting an
    address that has an open invitation replaces it (new token, role and expiry). The
    message is sent by the caller once the transaction has committed.
    """
    require(principal, Permission.MANAGE_USERS)
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if "@" not in email or "." not in email.rpartition("@")[2] or len(email) > 254:
        errors["email"] = ["not an e-mail address"]
    if not name.strip():
        errors["name"] = ["required"]
    elif len(name.strip()) > MAX_NAME:
        errors["name"] = [f"at most {MAX_NAME} characters"]
    if errors:
        raise Invalid("invalid invitation", field_errors=errors)
    member = await repository.member_by_email(session, email)
    if member is not None and member[0].is_active:
        raise Conflict("this person is already a member", code="ALREADY_MEMBER")
    organization = await repository.get_organization(session, principal.organization_id)
    if organization is None:  # the principal's organization is always visible to it
        raise NotFound("organization not found")
    secret = secrets.token_urlsafe(32)
    fields: dict[str, Any] = {
        "name": name.strip(),
        "role": role.value,
        "token_hash": hash_secret(secret),
        "invited_by": principal.user_id,
        "expires_at": utcnow() + INVITATION_TTL,
    }
    invitation = await repository.pending_invitation_for(session, email)
    before = _invitation_snapshot(invitation) if invitation is not None else None
    if invitation is None:
        invitation = Invitation(organization_id=principal.organization_id, email=email, **fields)
    else:
        for key, value in fields.items():
            setattr(invitation, key, value)
    await repository.add_invitation(session, invitation)
    await audit.record_change(
        session,
        principal,
        "user.invited",
        invitation.id,
        before,
        _invitation_snapshot(invitation),
        entity_type="invitation",
    )
    token = f"inv_{principal.organization_id.hex}_{secret}"
    return InvitationMail(
        invitation=invitation,
        message=compose_invitation(invitation, organization.name, token, base_url),
    )


def _invitation_snapshot(invitation: Invitation) -> dict[str, Any]:
    return {"email": invitation.email, "name": invitation.name, "role": invitation.role}


async def list_invitations(session: AsyncSession, principal: Principal) -> list[Invitation]:
    """Open invitations of the organization (admins: they hold addresses not yet members)."""
    require(principal, Permission.MANAGE_USERS)
    return await repository.open_invitations(session)


async def revoke_invitation(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID
) -> Invitation:
    """Withdraw an open invitation: its token stops working at once."""
    require(principal, Permission.MANAGE_USERS)
    invitation = await repository.get_invitation(session, invitation_id)
    if invitation is None or invitation.accepted_at is not None or invitation.revoked_at:
        raise NotFound("invitation not found")
    invitation.revoked_at = utcnow()
    await repository.add_invitation(session, invitation)
    await audit.record_change(
        session,
        principal,
        "user.invitation_revoked",
        invitation.id,
        _invitation_snapshot(invitation),
        None,
        entity_type="invitation",
    )
    return invitation


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


async def send_invitation(mailer: Mailer, sent: InvitationMail) -> bool:
    """Mail the invitation (after commit); False, logged without the token, on failure."""
    try:
        await mailer.send(sent.message)
    except Exception:  # any mail failure: the invitation stands and can be sent again
        _log.exception("invitation e-mail not sent", invitation_id=str(sent.invitation.id))
        return False
    return True


@dataclass(frozen=True, slots=True)
class InvitationPreviewData:
    """What an invitation token invites to, for the page that accepts it."""

    invitation: Invitation
    organization_name: str
    has_account: bool


async def _open_invitation(session: AsyncSession, token: str) -> Invitation:
    invitation = await repository.invitation_by_hash(session, hash_secret(token.split("_", 2)[-1]))
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at < utcnow()
    ):
        raise Unauthenticated("invalid or expired invitation")
    return invitation


async def _account_for(session: AsyncSession, invitation: Invitation) -> User | None:
    """The account of the invited address, if it has set a password (the token holder
    controls the address, so they may learn whether it has one)."""
    await set_context(session, login_email=invitation.email)
    user = await users.get_by_email(session, invitation.email)
    return user if user is not None and user.password_hash != _NO_PASSWORD else None


async def preview_invitation(session: AsyncSession, token: str) -> InvitationPreviewData | None:
    """The open invitation behind ``token``, or None."""
    try:
        invitation = await _open_invitation(session, token)
    except Unauthenticated:
        return None
    organization = await repository.get_organization(session, invitation.organization_id)
    return InvitationPreviewData(
        invitation=invitation,
        organization_name=organization.name if organization else "",
        has_account=await _account_for(session, invitation) is not None,
    )


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
    """Join the token's organization; the session is already scoped to it.

    The token came by e-mail, so holding it proves control of the address. An address
    with no account gets one with ``password`` (and ``name``, else the inviter's). An
    existing account must also give its own current password, and keeps its name: an
    invitation never changes what other organizations see of a person.
    """
    invitation = await _open_invitation(session, token)
    user = await _account_for(session, invitation)
    if user is None:
        if len(password) < MIN_PASSWORD:
            raise Invalid(
                "password too short",
                field_errors={"password": [f"at least {MIN_PASSWORD} characters"]},
            )
        chosen = (name or "").strip()[:MAX_NAME] or invitation.name
        # A row of the earlier invitation shape (no password yet) is this person's too.
        user = await users.get_by_email(session, invitation.email) or User(
            email=invitation.email, name=chosen, password_hash=""
        )
        user.name = chosen
        user.password_hash = hash_password(password)
        user.updated_at = utcnow()
        user = await users.add(session, user)
    elif not user.is_active or not verify_password(user.password_hash, password):
        raise Unauthenticated("this address has an account: give its current password")
    membership = await repository.get_membership(session, invitation.organization_id, user.id)
    if membership is None:
        membership = Membership(
            organization_id=invitation.organization_id, user_id=user.id, role=invitation.role
        )
    else:  # a former member invited back, or an invitation of the earlier shape
        membership.role = invitation.role
        membership.is_active = True
        membership.updated_at = utcnow()
    await repository.add_membership(session, membership)
    invitation.accepted_at = utcnow()
    invitation.user_id = user.id
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
