"""Users: the organization's members, invitations, role changes and deactivation.

Each route calls the ``backend.tenancy.members`` service GraphQL's ``users``,
``inviteUser``, ``changeRole`` and ``deactivateUser`` call. An invitation answers the
invitation as GraphQL does: its token goes to the invited address by e-mail, never to
the caller. The last active admin can lose neither the role nor access (409
``LAST_ADMIN``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from backend.api.graphql.users.members import InvitationType, MemberType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, Output
from backend.auth.rbac import Permission
from backend.db.enums import Role
from backend.tenancy import members

resource = Resource("users")

NOT_FOUND = "user not found"


class UserOut(Output):
    """A person and their membership of the caller's organization (GraphQL ``User``)."""

    id: GlobalId
    email: str
    name: str
    role: Role
    is_active: bool
    invited: bool = Field(description="Has not set a password yet.")
    last_login_at: DateTime | None
    joined_at: DateTime


class UserList(Output):
    """Every member matching the filters, by name (the list is not paged)."""

    data: list[UserOut]


class UsersQuery(Input):
    """Filters of the members list (GraphQL ``users(active, text)``)."""

    active: bool | None = None
    text: str | None = Field(None, description="Part of the name or e-mail.")


@resource.route("GET", "/v1/users", requires=Permission.READ, query=UsersQuery, response=UserList)
async def list_users(call: Call) -> UserList:
    """The organization's members (any role may see who their colleagues are)."""
    query = call.params(UsersQuery)
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await members.list_members(
            session, principal, active=query.active, text_value=query.text
        )
    return UserList(data=[UserOut.model_validate(MemberType.from_models(m, u)) for m, u in rows])


class InviteIn(Input):
    """Who to invite and with which role (GraphQL ``InviteUserInput``)."""

    email: str = Field(max_length=254)
    name: str
    role: Role


class InvitationOut(Output):
    """An open invitation: what the inviter typed (GraphQL ``Invitation``)."""

    id: GlobalId
    email: str
    name: str
    role: Role
    expires_at: DateTime
    created_at: DateTime


class InvitationAnswer(Output):
    """The invitation; its token went to the invited address by e-mail, never to you."""

    invitation: InvitationOut
    email_sent: bool = Field(description="False when the mail server refused: invite again.")


@resource.route(
    "POST",
    "/v1/users",
    requires=Permission.MANAGE_USERS,
    body=InviteIn,
    response=InvitationAnswer,
    status=201,
    creates=True,
    errors=(400, 409),
)
async def invite_user(call: Call) -> InvitationAnswer:
    """Invite a person by e-mail with a role (GraphQL ``inviteUser``; Idempotency-Key).

    The e-mail carrying the token is sent once the invitation is committed. Inviting an
    address with an open invitation replaces it; an active member is 409
    ``ALREADY_MEMBER``.
    """
    body = call.payload(InviteIn)
    principal = call.principal
    state = call.state
    async with state.database.tenant_session(principal.organization_id) as session:
        sent = await members.invite_user(
            session,
            principal,
            email=body.email,
            name=body.name,
            role=body.role,
            base_url=state.settings.base_url,
        )
        invitation = InvitationOut.model_validate(InvitationType.from_model(sent.invitation))
    email_sent = await members.send_invitation(state.mailer, sent)
    return InvitationAnswer(invitation=invitation, email_sent=email_sent)


class UserPatch(Input):
    """What to change: the role, and/or ``active: false`` to end the member's access."""

    role: Role | None = None
    active: Literal[False] | None = Field(
        None,
        description="Only false (GraphQL ``deactivateUser``); to bring a member back,"
        " invite them again.",
    )

    @model_validator(mode="after")
    def _something(self) -> UserPatch:
        if self.role is None and self.active is None:
            raise ValueError("give role and/or active")
        return self


class UserAnswer(Output):
    """The member as they are now."""

    user: UserOut


@resource.route(
    "PATCH",
    "/v1/users/{id}",
    requires=Permission.MANAGE_USERS,
    body=UserPatch,
    response=UserAnswer,
    errors=(400, 404, 409),
    not_found=NOT_FOUND,
)
async def update_user(call: Call) -> UserAnswer:
    """Change a member's role and/or deactivate them (``changeRole``, ``deactivateUser``).

    Both changes happen in one transaction, audited each. The last active admin can be
    neither demoted nor deactivated (409 ``LAST_ADMIN``); after deactivation the member's
    refreshes fail, and a live access token expires within minutes.
    """
    body = call.payload(UserPatch)
    user_id = call.global_id("User")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        found = (
            await members.change_role(session, principal, user_id, body.role)
            if body.role is not None
            else None
        )
        if body.active is False:
            found = await members.deactivate_user(session, principal, user_id)
        assert found is not None, "UserPatch requires a change"
        answer = UserOut.model_validate(MemberType.from_models(*found))
    return UserAnswer(user=answer)
