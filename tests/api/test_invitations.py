"""Invitations never reach across organizations.

An admin of organization B who invites the address of a user of organization A must
learn nothing about that user, get no token it could use, and change nothing A sees;
only the person holding the mailed token (and, for an existing account, its password)
joins B.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from backend.api.graphql.relay import to_global_id
from backend.auth.passwords import hash_password
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from tests.graphql_client import post_operation, run_operation
from tests.mailbox import invitation_token, messages_to

from .conftest import MemberToken

ROOT = Path(__file__).resolve().parents[2] / "graphql" / "operations"
PEOPLE = (ROOT / "people.graphql").read_text(encoding="utf-8")
AUTH = (ROOT / "auth.graphql").read_text(encoding="utf-8")


@pytest.fixture
async def alice(database: Database, org: uuid.UUID, superuser: asyncpg.Connection) -> str:
    """A member of organization A (the demo tenant) who has logged in before."""
    email = f"alice-{uuid.uuid4().hex[:6]}@example.com"
    user = uuid.uuid4()
    await superuser.execute(
        "insert into users (id, email, name, password_hash, is_active, last_login_at)"
        " values ($1, $2, 'Alice Verdadeira', $3, true, now())",
        user,
        email,
        hash_password("senha-da-alice-1"),
    )
    await superuser.execute(
        "insert into memberships (id, organization_id, user_id, role, is_active)"
        " values ($1, $2, $3, 'manager', true)",
        uuid.uuid4(),
        org,
        user,
    )
    return email


def _invite_input(email: str) -> dict[str, Any]:
    return {"email": email, "name": "Nome Inventado", "role": "OPERATOR"}


def _shape(result: dict[str, Any]) -> str:
    """The answer with what differs by construction (ids, address, times) masked."""
    invitation = dict(result["invitation"])
    for key in ("id", "email", "expiresAt", "createdAt"):
        invitation[key] = "<masked>"
    return json.dumps({**result, "invitation": invitation}, sort_keys=True)


async def test_inviting_another_organizations_user_reveals_and_changes_nothing(
    client: httpx.AsyncClient,
    settings: Settings,
    member_token: MemberToken,
    org: uuid.UUID,
    tenant_b: uuid.UUID,
    alice: str,
    superuser: asyncpg.Connection,
) -> None:
    admin_b = await member_token(tenant_b, Role.ADMIN)
    nobody = f"nobody-{uuid.uuid4().hex[:6]}@example.com"
    known = (
        await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(alice))
    )["inviteUser"]
    unknown = (
        await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(nobody))
    )["inviteUser"]
    assert known["__typename"] == "InviteUserSuccess"
    # The same answer whether or not the address has an account anywhere.
    assert _shape(known) == _shape(unknown)
    assert "Alice Verdadeira" not in json.dumps(known)
    assert known["invitation"]["name"] == "Nome Inventado"
    # No token comes back to the inviter: the schema has no field for one.
    body = await post_operation(
        client,
        admin_b,
        "mutation($i: InviteUserInput!) { inviteUser(input: $i) {"
        " ... on InviteUserSuccess { invitationToken } } }",
        None,
        i=_invite_input(alice),
    )
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # B's people list holds no trace of Alice until she accepts.
    people = (await run_operation(client, admin_b, PEOPLE, "Users"))["users"]
    assert alice not in {p["email"] for p in people}

    # A guessed or forged token is refused and renames no one.
    forged = f"inv_{tenant_b.hex}_{uuid.uuid4().hex}"
    refused = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=forged, password="x" * 12, name="Pwned"
        )
    )["acceptInvitation"]
    assert refused["__typename"] == "AuthenticationError"

    # The mailed token (Alice's own) without her password does nothing either.
    token = invitation_token(settings, alice)
    wrong = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=token, password="x" * 12, name="Pwned"
        )
    )["acceptInvitation"]
    assert wrong["__typename"] == "AuthenticationError"
    row = await superuser.fetchrow("select name, password_hash from users where email = $1", alice)
    assert row["name"] == "Alice Verdadeira"

    # Alice herself, with the token and her password, joins B; her account stays hers.
    preview = (await run_operation(client, "", PEOPLE, "InvitationPreview", token=token))[
        "invitationPreview"
    ]
    assert preview["hasAccount"] is True and preview["organizationName"] == "Tenant B"
    joined = (
        await run_operation(
            client,
            "",
            PEOPLE,
            "AcceptInvitation",
            token=token,
            password="senha-da-alice-1",
            name="Pwned",
        )
    )["acceptInvitation"]
    assert joined == {"__typename": "AcceptInvitationSuccess", "email": alice}
    after = await superuser.fetchrow(
        "select name, password_hash from users where email = $1", alice
    )
    assert after["name"] == "Alice Verdadeira"
    assert after["password_hash"] == row["password_hash"]
    roles = await superuser.fetch(
        "select m.organization_id, m.role from memberships m join users u on u.id = m.user_id"
        " where u.email = $1",
        alice,
    )
    assert {(r["organization_id"], r["role"]) for r in roles} == {
        (org, "manager"),
        (tenant_b, "operator"),
    }


async def test_a_new_address_chooses_its_password_and_revoked_tokens_stop(
    client: httpx.AsyncClient,
    settings: Settings,
    member_token: MemberToken,
    tenant_b: uuid.UUID,
) -> None:
    admin_b = await member_token(tenant_b, Role.ADMIN)
    email = f"nova-{uuid.uuid4().hex[:6]}@example.com"
    first = (
        await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(email))
    )["inviteUser"]
    old_token = invitation_token(settings, email)
    # Inviting again replaces the open invitation: the earlier token stops working.
    (await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(email)))
    assert len(messages_to(settings, email)) == 2
    pending = (await run_operation(client, admin_b, PEOPLE, "Invitations"))["invitations"]
    assert [p["email"] for p in pending] == [email]
    assert pending[0]["id"] == first["invitation"]["id"]
    stale = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=old_token, password="senha-nova-123"
        )
    )["acceptInvitation"]
    assert stale["__typename"] == "AuthenticationError"

    token = invitation_token(settings, email)
    preview = (await run_operation(client, "", PEOPLE, "InvitationPreview", token=token))[
        "invitationPreview"
    ]
    assert preview["hasAccount"] is False
    revoked = (
        await run_operation(
            client, admin_b, PEOPLE, "RevokeInvitation", invitationId=pending[0]["id"]
        )
    )["revokeInvitation"]
    assert revoked["__typename"] == "RevokeInvitationSuccess"
    gone = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=token, password="senha-nova-123"
        )
    )["acceptInvitation"]
    assert gone["__typename"] == "AuthenticationError"
    assert (await run_operation(client, "", PEOPLE, "InvitationPreview", token=token))[
        "invitationPreview"
    ] is None

    (await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(email)))
    accepted = (
        await run_operation(
            client,
            "",
            PEOPLE,
            "AcceptInvitation",
            token=invitation_token(settings, email),
            password="senha-nova-123",
            name="Pessoa Nova",
        )
    )["acceptInvitation"]
    assert accepted["__typename"] == "AcceptInvitationSuccess"
    login = (
        await run_operation(
            client, "", AUTH, "Login", email=email, password="senha-nova-123", organizationId=None
        )
    )["login"]
    assert login["__typename"] == "AuthTokens" and login["role"] == "operator"


async def test_another_organizations_invitation_is_not_found_by_id(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    org: uuid.UUID,
    tenant_b: uuid.UUID,
) -> None:
    admin_b = await member_token(tenant_b, Role.ADMIN)
    email = f"x-{uuid.uuid4().hex[:6]}@example.com"
    invited = (
        await run_operation(client, admin_b, PEOPLE, "InviteUser", input=_invite_input(email))
    )["inviteUser"]
    admin_a = await member_token(org, Role.ADMIN)
    foreign = (
        await run_operation(
            client, admin_a, PEOPLE, "RevokeInvitation", invitationId=invited["invitation"]["id"]
        )
    )["revokeInvitation"]
    missing = (
        await run_operation(
            client,
            admin_a,
            PEOPLE,
            "RevokeInvitation",
            invitationId=to_global_id("Invitation", uuid.uuid4()),
        )
    )["revokeInvitation"]
    assert foreign["__typename"] == "NotFoundError"
    assert foreign == missing
    assert (await run_operation(client, admin_a, PEOPLE, "Invitations"))["invitations"] == []
