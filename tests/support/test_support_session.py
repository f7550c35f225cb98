"""Inside an organization with a support token: the audit log names the staff member
and the grant on every entry, ``me`` says who they are, and a failed file can be
reprocessed (audited the same way)."""

from __future__ import annotations

import json

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.audit.service import SUPPORT_GRANT_KEY
from backend.db.enums import Role
from tests.graphql_client import post_operation

from ..api.conftest import MemberToken
from ..db.conftest import TenantRows
from .conftest import Staff, StaffFactory, error_codes, run, staff_token

ME = """
query Me {
  me {
    id email name role memberships { role }
    organization { id name }
    supportAccess { grantId reason expiresAt }
  }
}
"""
AUDIT_LOG = """
query Log($filter: AuditFilterInput) {
  auditLog(filter: $filter, first: 50) {
    edges { node { action actorType actorId entityId after } }
  }
}
"""
REPROCESS = """
mutation Again($id: ID!) {
  reprocessFile(id: $id) {
    __typename
    ... on ReprocessFileSuccess { file { id status } }
    ... on UserError { code message }
  }
}
"""


async def _support_session(
    client: httpx.AsyncClient, admin: str, staff: Staff, role: str
) -> tuple[str, str]:
    """Grant ``role`` to ``staff`` and exchange it: (grant global id, support token)."""
    granted = (
        await run(
            client,
            admin,
            "GrantSupportAccess",
            staffEmail=staff.email,
            reason="ticket 9",
            role=role,
        )
    )["data"]["grantSupportAccess"]
    assert granted["__typename"] == "GrantSupportAccessSuccess", granted
    grant_id: str = granted["grant"]["id"]
    bearer = await staff_token(client, staff)
    exchanged = (await run(client, bearer, "SupportToken", grantId=grant_id))["data"][
        "supportToken"
    ]
    assert exchanged["__typename"] == "SupportAccessToken", exchanged
    return grant_id, exchanged["accessToken"]


async def test_every_entry_made_through_a_grant_names_the_staff_member_and_the_grant(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, _ = tenants
    staff = await make_staff()
    admin = await member_token(a.organization_id, Role.ADMIN)
    grant_id, token = await _support_session(client, admin, staff, "OPERATOR")
    grant_uuid = await superuser.fetchval(
        "select id from support_grants where staff_user_id = $1", staff.user_id
    )
    file_id = a.ids["files"]
    await superuser.execute(
        "update files set status = 'failed', error_code = 'PARSE_ERROR' where id = $1", file_id
    )

    again = await post_operation(
        client, token, REPROCESS, "Again", id=to_global_id("File", file_id)
    )
    result = again["data"]["reprocessFile"]
    assert result["__typename"] == "ReprocessFileSuccess", again
    assert result["file"]["status"] == "uploaded"

    # In the database: the operation's own entry is the staff member's, with the grant.
    [entry] = await superuser.fetch(
        "select actor_type, actor_id, after from audit_logs"
        " where organization_id = $1 and action = 'file.reprocess_requested'",
        a.organization_id,
    )
    assert (entry["actor_type"], entry["actor_id"]) == ("support", staff.user_id)
    assert json.loads(entry["after"])[SUPPORT_GRANT_KEY] == str(grant_uuid)

    # Through the API, an admin reading the log sees who it was (not a null actor).
    log = (await post_operation(client, admin, AUDIT_LOG, "Log", filter={"actorType": "SUPPORT"}))[
        "data"
    ]["auditLog"]["edges"]
    nodes = [e["node"] for e in log]
    assert {n["action"] for n in nodes} >= {
        "support.session_started",
        "support.request",
        "file.reprocess_requested",
    }
    assert {n["actorId"] for n in nodes} == {to_global_id("User", staff.user_id)}
    # Every entry names the grant: the gate's own as their entity, the others in `after`.
    for node in nodes:
        names_grant = node["entityId"] in (grant_id, str(grant_uuid)) or (
            (node["after"] or {}).get(SUPPORT_GRANT_KEY) == str(grant_uuid)
        )
        assert names_grant, node
    # The admin's own entries carry no grant.
    mine = await superuser.fetch(
        "select after from audit_logs where organization_id = $1 and actor_type = 'user'",
        a.organization_id,
    )
    assert mine and all(SUPPORT_GRANT_KEY not in (r["after"] or "") for r in mine)


async def test_me_with_a_support_token_names_the_staff_member_the_organization_and_the_grant(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    make_staff: StaffFactory,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, _ = tenants
    staff = await make_staff()
    admin = await member_token(a.organization_id, Role.ADMIN)
    grant_id, token = await _support_session(client, admin, staff, "MANAGER")

    body = await post_operation(client, token, ME, "Me")
    assert "errors" not in body, body
    me = body["data"]["me"]
    assert me["id"] == to_global_id("User", staff.user_id)
    assert (me["email"], me["name"]) == (staff.email, staff.name)
    assert me["role"] == "manager"
    assert me["memberships"] == []
    assert me["organization"]["id"] == to_global_id("Organization", a.organization_id)
    assert me["supportAccess"]["grantId"] == grant_id
    assert me["supportAccess"]["reason"] == "ticket 9"

    # An organization's own user has no support access.
    own = (await post_operation(client, admin, ME, "Me"))["data"]["me"]
    assert own["supportAccess"] is None and own["role"] == "admin"

    # A staff token has no organization: a typed error that says what to use instead.
    staff_only = await post_operation(client, await staff_token(client, staff), ME, "Me")
    assert error_codes(staff_only) == {"STAFF_TOKEN_NOT_ALLOWED"}
    assert "supportToken" in staff_only["errors"][0]["message"]
