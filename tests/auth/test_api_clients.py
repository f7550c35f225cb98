"""API clients: creation rules, what is stored, revocation and the client-credentials grant."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from backend.auth import clients
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.tokens import verify_access_token
from backend.core.errors import Invalid, NotFound, PermissionDenied
from backend.db.enums import Role
from backend.db.session import Database

from .conftest import TOKENS, Person


async def _create(
    database: Database, principal: Principal, name: str, scopes: list[str]
) -> clients.CreatedApiClient:
    async with database.tenant_session(principal.organization_id) as session:
        return await clients.create_api_client(session, principal, name, scopes)


async def _token(
    database: Database, client_id: str, secret: str, scope: str | None = None
) -> clients.ClientToken:
    organization_id = clients.organization_of(client_id)
    assert organization_id is not None
    async with database.tenant_session(organization_id) as session:
        return await clients.issue_client_token(
            session, TOKENS, client_id=client_id, client_secret=secret, scope=scope
        )


async def _token_error(
    database: Database, client_id: str, secret: str, scope: str | None = None
) -> clients.OAuthError:
    with pytest.raises(clients.OAuthError) as caught:
        await _token(database, client_id, secret, scope)
    return caught.value


async def test_create_stores_only_a_hash_and_names_the_organization(
    database: Database, demo_admin: Person, superuser: asyncpg.Connection
) -> None:
    admin = demo_admin.principal
    created = await _create(database, admin, "  ERP Connector ", ["upload", "read", "read"])
    client = created.client
    assert client.name == "ERP Connector"
    assert client.scopes == ["read", "upload"]
    assert client.created_by == admin.subject_id
    assert clients.organization_of(client.client_id) == admin.organization_id
    assert client.client_id.startswith(f"cc_{admin.organization_id.hex}_")
    assert created.client_secret.startswith("ccs_")
    assert len(created.client_secret) >= 4 + 43  # 256 random bits, base64url

    row = await superuser.fetchrow("select * from api_clients where id = $1", client.id)
    assert created.client_secret not in str(dict(row))
    assert row["secret_hash"] != created.client_secret
    audit = await superuser.fetchrow(
        "select actor_type, actor_id, after::text as after from audit_logs"
        " where action = 'api_client.created'"
    )
    assert (audit["actor_type"], audit["actor_id"]) == ("user", admin.subject_id)
    assert created.client_secret not in audit["after"]
    assert row["secret_hash"] not in audit["after"]
    assert '"ERP Connector"' in audit["after"]


@pytest.mark.parametrize(
    ("name", "scopes", "fields"),
    [
        ("", ["read"], {"name"}),
        ("x" * 101, ["read"], {"name"}),
        ("ok", [], {"scopes"}),
        ("ok", ["read", "manage_users"], {"scopes"}),
        ("ok", ["manage_api_clients"], {"scopes"}),
        ("ok", ["everything"], {"scopes"}),
        ("", ["nope"], {"name", "scopes"}),
    ],
)
async def test_invalid_names_and_scopes_name_their_fields(
    database: Database, demo_admin: Person, name: str, scopes: list[str], fields: set[str]
) -> None:
    with pytest.raises(Invalid) as caught:
        await _create(database, demo_admin.principal, name, scopes)
    assert set(caught.value.field_errors) == fields


async def test_only_admins_manage_clients(database: Database, demo_admin: Person) -> None:
    org = demo_admin.principal.organization_id
    for role in (Role.MANAGER, Role.OPERATOR, Role.AUDITOR):
        member = Principal(subject_id=uuid.uuid4(), organization_id=org, role=role)
        with pytest.raises(PermissionDenied):
            await _create(database, member, "x", ["read"])
        with pytest.raises(PermissionDenied):
            async with database.tenant_session(org) as session:
                await clients.list_api_clients(session, member)
    robot = Principal(
        subject_id=uuid.uuid4(),
        organization_id=org,
        role=Role.AUDITOR,
        kind=PrincipalKind.API_CLIENT,
        scopes=frozenset({"read", "upload", "manage_api_clients"}),
    )
    with pytest.raises(PermissionDenied):
        await _create(database, robot, "x", ["read"])


async def test_client_credentials_grant_and_scope_narrowing(
    database: Database, demo_admin: Person, superuser: asyncpg.Connection
) -> None:
    created = await _create(database, demo_admin.principal, "ERP", ["read", "upload"])
    client_id, secret = created.client.client_id, created.client_secret
    assert created.client.last_used_at is None

    token = await _token(database, client_id, secret)
    assert token.scopes == {"read", "upload"}
    assert token.expires_in == TOKENS.access_ttl_seconds
    principal = verify_access_token(TOKENS, token.access_token)
    assert principal.kind is PrincipalKind.API_CLIENT
    assert principal.subject_id == created.client.id
    assert principal.organization_id == demo_admin.principal.organization_id
    assert principal.scopes == {"read", "upload"}
    assert principal.user_id is None
    assert not principal.totp_enrollment_only
    used = await superuser.fetchval(
        "select last_used_at from api_clients where id = $1", created.client.id
    )
    assert used is not None

    narrowed = await _token(database, client_id, secret, scope=" read ")
    assert verify_access_token(TOKENS, narrowed.access_token).scopes == {"read"}
    assert (await _token_error(database, client_id, secret, "read review")).code == (
        "invalid_scope"
    )
    assert (await _token_error(database, client_id, secret, "manage_users")).code == (
        "invalid_scope"
    )

    wrong = await _token_error(database, client_id, secret + "x")
    assert (wrong.code, wrong.http_status) == ("invalid_client", 401)
    unknown_id = client_id[: client_id.rindex("_") + 1] + "0" * 16
    assert (await _token_error(database, unknown_id, secret)).code == "invalid_client"


async def test_revoked_clients_get_no_tokens_and_revoking_twice_is_quiet(
    database: Database, demo_admin: Person, superuser: asyncpg.Connection
) -> None:
    admin = demo_admin.principal
    created = await _create(database, admin, "ERP", ["read"])
    async with database.tenant_session(admin.organization_id) as session:
        revoked = await clients.revoke_api_client(session, admin, created.client.id)
    assert revoked.revoked_at is not None
    async with database.tenant_session(admin.organization_id) as session:
        again = await clients.revoke_api_client(session, admin, created.client.id)
    assert again.revoked_at == revoked.revoked_at
    error = await _token_error(database, created.client.client_id, created.client_secret)
    assert error.code == "invalid_client"
    assert (
        await superuser.fetchval(
            "select count(*) from audit_logs where action = 'api_client.revoked'"
        )
        == 1
    )
    async with database.tenant_session(admin.organization_id) as session:
        listed = await clients.list_api_clients(session, admin)
        with pytest.raises(NotFound):
            await clients.revoke_api_client(session, admin, uuid.uuid4())
    assert [c.id for c in listed] == [created.client.id]


@pytest.mark.parametrize(
    "client_id",
    [
        "",
        "cc",
        "cc__abc",
        "xx_" + "0" * 32 + "_abc",
        "cc_" + "z" * 32 + "_abc",
        "cc_" + "0" * 31 + "_abc",
        "cc_" + "0" * 32 + "_",
        "cc_" + "0" * 32 + "_a_b",
    ],
)
def test_malformed_client_ids_name_no_organization(client_id: str) -> None:
    assert clients.organization_of(client_id) is None
