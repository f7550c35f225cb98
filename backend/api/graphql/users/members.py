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
from backend.users.models import User


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


@strawberry.type
class InviteUserSuccess:
    """The new member; send them the token (shown only now) to set a password."""

    user: MemberType
    invitation_token: str


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


@strawberry.type
class MemberMutations:
    """Managing people (admins)."""

    @strawberry.mutation(description="Invite a person (new or existing user) with a role.")
    async def invite_user(self, info: Info, input: InviteUserInput) -> InviteUserResult:
        """The invitation token is returned once."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            invited = await members.invite_user(
                session, principal, email=input.email, name=input.name, role=Role(input.role)
            )
            user = MemberType.from_models(invited.membership, invited.user)
        return InviteUserSuccess(user=user, invitation_token=invited.token)

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

    @strawberry.mutation(description="Set your password with the token from your invitation.")
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
