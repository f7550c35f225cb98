"""users (the organization's members), inviteUser, changeRole, deactivateUser,
acceptInvitation."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import RoleEnum
from backend.api.graphql.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import Node, from_global_id, node_loader, to_global_id
from backend.db.enums import Role
from backend.tenancy import members
from backend.tenancy.models import Membership
from backend.users.models import Invitation, User


@strawberry.type(name="User")
class MemberType(Node):
    """A person and their membership of the caller's organization."""

    id: strawberry.ID
    email: str
    name: str
    role: RoleEnum
    is_active: bool
    invited: bool = strawberry.field(description="Has not set a password yet.")
    last_login_at: datetime | None
    joined_at: datetime

    @classmethod
    def from_models(cls, membership: Membership, user: User) -> MemberType:
        """From the table models."""
        return cls(
            id=to_global_id("User", user.id),
            email=user.email,
            name=user.name,
            role=Role(membership.role),
            is_active=membership.is_active and user.is_active,
            invited=user.last_login_at is None,
            last_login_at=user.last_login_at,
            joined_at=membership.created_at,
        )


@strawberry.type(name="Invitation")
class InvitationType:
    """An open invitation: what the inviter typed, never the account it may match."""

    id: strawberry.ID
    email: str
    name: str
    role: RoleEnum
    expires_at: datetime
    created_at: datetime

    @classmethod
    def from_model(cls, invitation: Invitation) -> InvitationType:
        """From the table model."""
        return cls(
            id=to_global_id("Invitation", invitation.id),
            email=invitation.email,
            name=invitation.name,
            role=Role(invitation.role),
            expires_at=invitation.expires_at,
            created_at=invitation.created_at,
        )


@strawberry.type
class InviteUserSuccess:
    """The invitation; its token went to the invited address by e-mail, never to you."""

    invitation: InvitationType
    email_sent: bool = strawberry.field(
        description="False when the mail server refused: invite again to resend."
    )


@strawberry.type
class RevokeInvitationSuccess:
    """The invitation no longer works."""

    invitation: InvitationType


@strawberry.type
class InvitationPreview:
    """What the holder of an invitation token is invited to (the acceptance page)."""

    email: str
    organization_name: str
    role: RoleEnum
    expires_at: datetime
    has_account: bool = strawberry.field(
        description="True: accept with the account's current password; false: choose one."
    )


@strawberry.type
class MemberSuccess:
    """The member as they are now."""

    user: MemberType


@strawberry.type
class AcceptInvitationSuccess:
    """The password is set; log in with it."""

    email: str


@strawberry.input
class InviteUserInput:
    """Who to invite and with which role."""

    email: str
    name: str
    role: RoleEnum


InviteUserResult = Annotated[
    InviteUserSuccess | ValidationError | ConflictError | PermissionDeniedError,
    strawberry.union("InviteUserResult"),
]
RevokeInvitationResult = Annotated[
    RevokeInvitationSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("RevokeInvitationResult"),
]
MemberResult = Annotated[
    MemberSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("MemberResult"),
]
AcceptInvitationResult = Annotated[
    AcceptInvitationSuccess | ValidationError | AuthenticationError,
    strawberry.union("AcceptInvitationResult"),
]


@strawberry.type
class MemberQueries:
    """The organization's people."""

    @strawberry.field(description="Members by name; filter by active or part of name/e-mail.")
    async def users(
        self, info: Info, active: bool | None = None, text: str | None = None
    ) -> list[MemberType]:
        """Every member matching the filters."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rows = await members.list_members(session, principal, active=active, text_value=text)
        return [MemberType.from_models(m, u) for m, u in rows]

    @strawberry.field(description="Open invitations (admins).")
    async def invitations(self, info: Info) -> list[InvitationType]:
        """Invitations not yet accepted nor revoked, newest first."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rows = await members.list_invitations(session, principal)
        return [InvitationType.from_model(row) for row in rows]

    @strawberry.field(description="What an invitation token invites to (no bearer token).")
    async def invitation_preview(self, info: Info, token: str) -> InvitationPreview | None:
        """Null for an unknown, used, revoked or expired token."""
        organization_id = members.invitation_organization(token)
        async with info.context.state.database.tenant_session(organization_id) as session:
            preview = await members.preview_invitation(session, token)
        if preview is None:
            return None
        return InvitationPreview(
            email=preview.invitation.email,
            organization_name=preview.organization_name,
            role=Role(preview.invitation.role),
            expires_at=preview.invitation.expires_at,
            has_account=preview.has_account,
        )


@strawberry.type
class MemberMutations:
    """Managing people (admins)."""

    @strawberry.mutation(description="Invite a person by e-mail with a role.")
    async def invite_user(self, info: Info, input: InviteUserInput) -> InviteUserResult:
        """The token is mailed to the address once the invitation is committed."""
        principal = info.context.require_principal()
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            sent = await members.invite_user(
                session,
                principal,
                email=input.email,
                name=input.name,
                role=Role(input.role),
                base_url=state.settings.base_url,
            )
            invitation = InvitationType.from_model(sent.invitation)
        return InviteUserSuccess(
            invitation=invitation, email_sent=await members.send_invitation(state.mailer, sent)
        )

    @strawberry.mutation(description="Withdraw an open invitation.")
    async def revoke_invitation(
        self, info: Info, invitation_id: strawberry.ID
    ) -> RevokeInvitationResult:
        """Its token stops working at once."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            invitation = await members.revoke_invitation(
                session, principal, from_global_id(invitation_id, "Invitation")
            )
            return RevokeInvitationSuccess(invitation=InvitationType.from_model(invitation))

    @strawberry.mutation(description="Change a member's role (never the last admin's).")
    async def change_role(self, info: Info, user_id: strawberry.ID, role: RoleEnum) -> MemberResult:
        """Audited with before and after."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            membership, user = await members.change_role(
                session, principal, from_global_id(user_id, "User"), Role(role)
            )
            return MemberSuccess(user=MemberType.from_models(membership, user))

    @strawberry.mutation(description="End a member's access (never the last admin's).")
    async def deactivate_user(self, info: Info, user_id: strawberry.ID) -> MemberResult:
        """Refreshes fail from now on; a live access token expires within minutes."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            membership, user = await members.deactivate_user(
                session, principal, from_global_id(user_id, "User")
            )
            return MemberSuccess(user=MemberType.from_models(membership, user))

    @strawberry.mutation(
        description="Join with the token from your invitation e-mail: a new account chooses"
        " its password; an existing account gives its current one."
    )
    async def accept_invitation(
        self, info: Info, token: str, password: str, name: str | None = None
    ) -> AcceptInvitationResult:
        """No bearer token needed: the invitation is the credential (once, for 7 days)."""
        organization_id = members.invitation_organization(token)
        async with info.context.state.database.tenant_session(organization_id) as session:
            user = await members.accept_invitation(session, token, password, name)
        return AcceptInvitationSuccess(email=user.email)


@node_loader("User")
async def load_member(info: Info, row_id: uuid.UUID) -> MemberType | None:
    """node(id) for the organization's members."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        rows = await members.list_members(session, principal, active=None, text_value=None)
    return next((MemberType.from_models(m, u) for m, u in rows if u.id == row_id), None)
