"""createApiClient, apiClients and revokeApiClient through GraphQL: validation, roles, tenants."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import post_operation

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "integrators.graphql"
).read_text(encoding="utf-8")
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""


async def _admin(client: httpx.AsyncClient, demo: DemoCredentials) -> str:
    body = await post_operation(client, None, LOGIN, None, e=demo.email, p=demo.password)
    token: str = body["data"]["login"]["accessToken"]  # type: ignore[index]
    return token


async def test_create_list_revoke(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    admin = await _admin(client, demo)
    created = (
        await post_operation(
            client,
            admin,
            OPERATIONS,
            "CreateApiClient",
            input={"name": "Integração ERP", "scopes": ["upload", "read"]},
        )
    )["data"]["createApiClient"]
    assert created["__typename"] == "CreateApiClientSuccess"
    api_client = created["apiClient"]
    assert api_client["name"] == "Integração ERP"
    assert api_client["scopes"] == ["read", "upload"]
    assert api_client["clientId"].startswith(f"cc_{demo.organization_id.hex}_")
    assert api_client["revokedAt"] is None
    assert created["clientSecret"].startswith("ccs_")

    listed = (await post_operation(client, admin, OPERATIONS, "ApiClients"))["data"]["apiClients"]
    assert listed == [api_client]

    revoked = (
        await post_operation(client, admin, OPERATIONS, "RevokeApiClient", id=api_client["id"])
    )["data"]["revokeApiClient"]
    assert revoked["__typename"] == "RevokeApiClientSuccess"
    assert revoked["apiClient"]["revokedAt"] is not None
    listed = (await post_operation(client, admin, OPERATIONS, "ApiClients"))["data"]["apiClients"]
    assert listed[0]["revokedAt"] == revoked["apiClient"]["revokedAt"]
    creator = await superuser.fetchval("select created_by from api_clients")
    assert creator is not None


async def test_invalid_input_names_the_fields(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    admin = await _admin(client, demo)
    invalid = (
        await post_operation(
            client,
            admin,
            OPERATIONS,
            "CreateApiClient",
            input={"name": " ", "scopes": ["read", "manage_users"]},
        )
    )["data"]["createApiClient"]
    assert invalid["__typename"] == "ValidationError"
    fields = {f["field"]: f["messages"] for f in invalid["fields"]}
    assert set(fields) == {"name", "scopes"}
    assert fields["scopes"] == ["unknown or not allowed for API clients: manage_users"]


async def test_roles_tenants_and_foreign_ids(
    client: httpx.AsyncClient, app_state: AppState, demo: DemoCredentials
) -> None:
    admin = await _admin(client, demo)
    created = (
        await post_operation(
            client, admin, OPERATIONS, "CreateApiClient", input={"name": "ERP", "scopes": ["read"]}
        )
    )["data"]["createApiClient"]
    client_gid = created["apiClient"]["id"]

    manager = issue_access_token(
        app_state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=demo.organization_id, role=Role.MANAGER),
    )
    denied = (
        await post_operation(
            client, manager, OPERATIONS, "CreateApiClient", input={"name": "x", "scopes": ["read"]}
        )
    )["data"]["createApiClient"]
    assert denied["__typename"] == "PermissionDeniedError"
    listed = await post_operation(client, manager, OPERATIONS, "ApiClients")
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await post_operation(client, manager, OPERATIONS, "RevokeApiClient", id=client_gid))[
        "data"
    ]["revokeApiClient"]["__typename"] == "PermissionDeniedError"

    stranger = issue_access_token(
        app_state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=uuid.uuid4(), role=Role.ADMIN),
    )
    assert (await post_operation(client, stranger, OPERATIONS, "ApiClients"))["data"][
        "apiClients"
    ] == []
    foreign = (
        await post_operation(client, stranger, OPERATIONS, "RevokeApiClient", id=client_gid)
    )["data"]["revokeApiClient"]
    assert foreign["__typename"] == "NotFoundError"

    for bad_id in ("garbage", to_global_id("Company", uuid.uuid4())):
        missing = (await post_operation(client, admin, OPERATIONS, "RevokeApiClient", id=bad_id))[
            "data"
        ]["revokeApiClient"]
        assert missing["__typename"] == "NotFoundError"
    still = (await post_operation(client, admin, OPERATIONS, "ApiClients"))["data"]["apiClients"]
    assert still[0]["revokedAt"] is None
