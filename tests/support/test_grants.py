"""Support grants end to end: an admin grants, staff exchange the grant for a short-lived
token, every request made with it is audited under their name, it sees one tenant only,
and revoked or expired grants stop working."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.auth.principal import PrincipalKind
from backend.auth.tokens import verify_access_token
from backend.db.enums import Role
from tests.graphql_client import post_operation

from ..api.conftest import MemberToken
from ..api.test_rules_graphql import SHORT_PAYMENTS
from ..db.conftest import TenantRows
from .conftest import Staff, StaffFactory, error_codes, run, staff_token

DOCUMENTS = "query SupportDocs { documents(first: 10) { edges { node { id } } } }"
CREATE_RULE = """
mutation SupportRule($input: RuleInput!) {
  createRule(input: $input) { __typename ... on RuleSuccess { rule { id } } }
}
"""


async def _grant(
    client: httpx.AsyncClient, admin: str, staff: Staff, **extra: Any
) -> dict[str, Any]:
    body = await run(
        client,
        admin,
        "GrantSupportAccess",
        staffEmail=staff.email.upper(),
        reason="Ticket 4711: import stuck",
        **extra,
    )
    result: dict[str, Any] = body["data"]["grantSupportAccess"]
    return result


async def _support_token(client: httpx.AsyncClient, staff_bearer: str, grant_id: str) -> str:
    result = (await run(client, staff_bearer, "SupportToken", grantId=grant_id))["data"][
        "supportToken"
    ]
    assert result["__typename"] == "SupportAccessToken", result
    token: str = result["accessToken"]
    return token


async def _audit(superuser: asyncpg.Connection, org: uuid.UUID, action: str) -> list[Any]:
    return list(
        await superuser.fetch(
            "select actor_type, actor_id, entity_id, after from audit_logs"
            " where organization_id = $1 and action = $2 order by created_at",
            org,
            action,
        )
    )


async def test_grant_exchange_read_write_and_audit_name_the_staff_member(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, b = tenants
    staff = await make_staff()
    admin = await member_token(a.organization_id, Role.ADMIN)
    granted = await _grant(client, admin, staff, hours=2, role="MANAGER")
    assert granted["__typename"] == "GrantSupportAccessSuccess", granted
    grant = granted["grant"]
    assert (grant["staffEmail"], grant["role"], grant["active"]) == (staff.email, "MANAGER", True)
    listed = (await run(client, admin, "SupportGrants"))["data"]["supportGrants"]
    assert [g["id"] for g in listed] == [grant["id"]]
    [recorded] = await _audit(superuser, a.organization_id, "support.access_granted")
    assert recorded["actor_type"] == "user"
    assert json.loads(recorded["after"])["staff_user_id"] == str(staff.user_id)

    staff_bearer = await staff_token(client, staff)
    mine = (await run(client, staff_bearer, "MySupportGrants"))["data"]["mySupportGrants"]
    assert [(g["id"], g["organizationId"], g["role"]) for g in mine] == [
        (grant["id"], to_global_id("Organization", a.organization_id), "MANAGER")
    ]
    assert mine[0]["organizationName"].startswith("Org a")

    exchanged = (await run(client, staff_bearer, "SupportToken", grantId=grant["id"]))["data"][
        "supportToken"
    ]
    assert 0 < exchanged["expiresIn"] <= 900
    token = exchanged["accessToken"]
    principal = verify_access_token(app_state.auth.tokens, token)
    assert principal.kind is PrincipalKind.SUPPORT
    assert (principal.subject_id, principal.organization_id) == (staff.user_id, a.organization_id)
    assert principal.role is Role.MANAGER
    assert principal.grant_id is not None
    [started] = await _audit(superuser, a.organization_id, "support.session_started")
    assert (started["actor_type"], started["actor_id"]) == ("support", staff.user_id)

    # Reads: tenant A's rows, never tenant B's.
    docs = await post_operation(client, token, DOCUMENTS, "SupportDocs")
    ids = [e["node"]["id"] for e in docs["data"]["documents"]["edges"]]
    assert ids == [to_global_id("Document", a.ids["documents"])]
    foreign = await post_operation(
        client,
        token,
        "query Foreign($id: ID!) { node(id: $id) { id } }",
        "Foreign",
        id=to_global_id("Document", b.ids["documents"]),
    )
    assert foreign["data"]["node"] is None
    # A write, whose own audit entry names the staff member as a support actor.
    rule = await post_operation(
        client,
        token,
        CREATE_RULE,
        "SupportRule",
        input={"name": "Support fix", "definition": SHORT_PAYMENTS},
    )
    assert rule["data"]["createRule"]["__typename"] == "RuleSuccess", rule
    [created] = await _audit(superuser, a.organization_id, "rule.created")
    assert (created["actor_type"], created["actor_id"]) == ("support", staff.user_id)
    # REST is gated and audited too.
    download = await client.get(
        f"/v1/exports/{to_global_id('Export', uuid.uuid4())}",
        headers={"authorization": f"Bearer {token}"},
    )
    assert download.status_code == 404

    requests = await _audit(superuser, a.organization_id, "support.request")
    assert {(r["actor_type"], r["actor_id"]) for r in requests} == {("support", staff.user_id)}
    assert {r["entity_id"] for r in requests} == {principal.grant_id}
    seen = [json.loads(r["after"]) for r in requests]
    assert seen[0] == {
        "channel": "graphql",
        "operation": "query SupportDocs",
        "fields": ["documents"],
    }
    assert seen[1]["fields"] == ["node"]
    assert seen[2] == {
        "channel": "graphql",
        "operation": "mutation SupportRule",
        "fields": ["createRule"],
    }
    assert seen[3]["channel"] == "rest"
    assert seen[3]["operation"].startswith("GET /v1/exports/")
    # No variables are recorded (they may hold secrets).
    assert "Support fix" not in json.dumps(seen)
    assert not await superuser.fetchval(
        "select count(*) from audit_logs where organization_id = $1 and actor_id = $2",
        b.organization_id,
        staff.user_id,
    )

    # Whatever the grant's role, support never manages people, clients or webhooks.
    denied = (await run(client, token, "GrantSupportAccess", staffEmail=staff.email, reason="x"))[
        "data"
    ]["grantSupportAccess"]
    assert denied["__typename"] == "PermissionDeniedError"


async def test_revoked_and_expired_grants_stop_working_at_the_next_request(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, _ = tenants
    staff = await make_staff()
    admin = await member_token(a.organization_id, Role.ADMIN)
    staff_bearer = await staff_token(client, staff)
    grant = (await _grant(client, admin, staff))["grant"]
    assert grant["role"] == "AUDITOR"
    token = await _support_token(client, staff_bearer, grant["id"])
    assert "errors" not in await post_operation(client, token, DOCUMENTS, "SupportDocs")

    revoked = (await run(client, admin, "RevokeSupportAccess", id=grant["id"]))["data"][
        "revokeSupportAccess"
    ]
    assert revoked["__typename"] == "RevokeSupportAccessSuccess"
    assert revoked["grant"]["active"] is False
    again = (await run(client, admin, "RevokeSupportAccess", id=grant["id"]))["data"][
        "revokeSupportAccess"
    ]
    assert again["grant"]["revokedAt"] == revoked["grant"]["revokedAt"]
    assert len(await _audit(superuser, a.organization_id, "support.access_revoked")) == 1

    # The token has not expired, but its grant is gone: refused, and on record.
    refused = await post_operation(client, token, DOCUMENTS, "SupportDocs")
    assert refused["data"] is None
    assert error_codes(refused) == {"SUPPORT_GRANT_INACTIVE"}
    [attempt] = await _audit(superuser, a.organization_id, "support.request_refused")
    assert attempt["actor_id"] == staff.user_id
    upload = await client.post(
        "/v1/uploads",
        files={"file": ("nota.xml", b"<x/>", "application/xml")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert (upload.status_code, upload.json()["code"]) == (401, "SUPPORT_GRANT_INACTIVE")
    no_token = (await run(client, staff_bearer, "SupportToken", grantId=grant["id"]))["data"][
        "supportToken"
    ]
    assert (no_token["__typename"], no_token["code"]) == (
        "NotFoundError",
        "SUPPORT_GRANT_NOT_FOUND",
    )
    assert (await run(client, staff_bearer, "MySupportGrants"))["data"]["mySupportGrants"] == []

    # A grant that runs out: no new token, and the last one is refused.
    second = (await _grant(client, admin, staff, hours=1))["grant"]
    token = await _support_token(client, staff_bearer, second["id"])
    await superuser.execute(
        "update support_grants set expires_at = now() - interval '1 second'"
        " where organization_id = $1 and revoked_at is null",
        a.organization_id,
    )
    assert error_codes(await post_operation(client, token, DOCUMENTS, "SupportDocs")) == {
        "SUPPORT_GRANT_INACTIVE"
    }
    expired = (await run(client, staff_bearer, "SupportToken", grantId=second["id"]))["data"][
        "supportToken"
    ]
    assert expired["code"] == "SUPPORT_GRANT_NOT_FOUND"
    inactive = (await run(client, admin, "SupportGrants", includeInactive=True))["data"][
        "supportGrants"
    ]
    assert {g["id"] for g in inactive} == {grant["id"], second["id"]}
    assert (await run(client, admin, "SupportGrants"))["data"]["supportGrants"] == []


async def test_staff_cannot_use_another_staff_members_grant_nor_subscribe(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    make_staff: StaffFactory,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, _ = tenants
    ana, bruno = await make_staff("ana"), await make_staff("bruno")
    admin = await member_token(a.organization_id, Role.ADMIN)
    grant = (await _grant(client, admin, ana))["grant"]
    stolen = (
        await run(client, await staff_token(client, bruno), "SupportToken", grantId=grant["id"])
    )["data"]["supportToken"]
    assert stolen["code"] == "SUPPORT_GRANT_NOT_FOUND"
    token = await _support_token(client, await staff_token(client, ana), grant["id"])
    subscription = await post_operation(
        client,
        token,
        "subscription Progress { fileProgress { fileId status } }",
        "Progress",
    )
    assert subscription["data"] is None
    assert error_codes(subscription) == {"SUPPORT_SUBSCRIPTION_NOT_ALLOWED"}


async def test_only_admins_manage_grants_and_admins_auditors_read_them(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, b = tenants
    staff = await make_staff()
    admin = await member_token(a.organization_id, Role.ADMIN)
    grant = (await _grant(client, admin, staff))["grant"]
    for role in (Role.MANAGER, Role.OPERATOR, Role.AUDITOR):
        bearer = await member_token(a.organization_id, role)
        assert (await _grant(client, bearer, staff))["__typename"] == "PermissionDeniedError"
        revoked = (await run(client, bearer, "RevokeSupportAccess", id=grant["id"]))["data"][
            "revokeSupportAccess"
        ]
        assert revoked["__typename"] == "PermissionDeniedError", role
    auditor = await member_token(a.organization_id, Role.AUDITOR)
    assert len((await run(client, auditor, "SupportGrants"))["data"]["supportGrants"]) == 1
    operator = await member_token(a.organization_id, Role.OPERATOR)
    assert error_codes(await run(client, operator, "SupportGrants")) == {"FORBIDDEN"}

    invalid = await _grant(client, admin, staff, hours=73, role="ADMIN")
    assert invalid["__typename"] == "ValidationError"
    assert {f["field"] for f in invalid["fields"]} == {"hours", "role"}
    member_email = await superuser.fetchval("select email from users where id = $1", a.user_id)
    not_staff = (
        await run(client, admin, "GrantSupportAccess", staffEmail=member_email, reason="help")
    )["data"]["grantSupportAccess"]
    assert (not_staff["__typename"], not_staff["code"]) == ("NotFoundError", "STAFF_NOT_FOUND")

    # Another tenant's admin neither sees nor revokes this grant.
    other = await member_token(b.organization_id, Role.ADMIN)
    assert (await run(client, other, "SupportGrants"))["data"]["supportGrants"] == []
    foreign = (await run(client, other, "RevokeSupportAccess", id=grant["id"]))["data"][
        "revokeSupportAccess"
    ]
    assert foreign["__typename"] == "NotFoundError"
