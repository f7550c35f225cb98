"""createApiClient, apiClients and revokeApiClient through GraphQL: validation, roles, tenants."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from backend.tenancy.service import DemoCredentials

from .conftest import gql

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "integrators.graphql"
).read_text(encoding="utf-8")
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""


async def _run(
    client: httpx.AsyncClient, token: str, operation: str, **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": OPERATIONS, "operationName": operation, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _admin(client: httpx.AsyncClient, demo: DemoCredentials) -> str:
    body = await gql(client, LOGIN, e=demo.email, p=demo.password)
    token: str = body["data"]["login"]["accessToken"]  # type: ignore[index]
    return token


async def test_create_list_revoke(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    admin = await _admin(client, demo)
    created = (
        await _run(
            client,
            admin,
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

    listed = (await _run(client, admin, "ApiClients"))["data"]["apiClients"]
    assert listed == [api_client]

    revoked = (await _run(client, admin, "RevokeApiClient", id=api_client["id"]))["data"][
        "revokeApiClient"
    ]
    assert revoked["__typename"] == "RevokeApiClientSuccess"
    assert revoked["apiClient"]["revokedAt"] is not None
    listed = (await _run(client, admin, "ApiClients"))["data"]["apiClients"]
    assert listed[0]["revokedAt"] == revoked["apiClient"]["revokedAt"]
    creator = await superuser.fetchval("select created_by from api_clients")
    assert creator is not None


async def test_invalid_input_names_the_fields(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    admin = await _admin(client, demo)
    invalid = (
        await _run(
            client,
            admin,
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
        await _run(client, admin, "CreateApiClient", input={"name": "ERP", "scopes": ["read"]})
    )["data"]["createApiClient"]
    client_gid = created["apiClient"]["id"]

    manager = issue_access_token(
        app_state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=demo.organization_id, role=Role.MANAGER),
    )
    denied = (
        await _run(client, manager, "CreateApiClient", input={"name": "x", "scopes": ["read"]})
    )["data"]["createApiClient"]
    assert denied["__typename"] == "PermissionDeniedError"
    listed = await _run(client, manager, "ApiClients")
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await _run(client, manager, "RevokeApiClient", id=client_gid))["data"][
        "revokeApiClient"
    ]["__typename"] == "PermissionDeniedError"

    stranger = issue_access_token(
        app_state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=uuid.uuid4(), role=Role.ADMIN),
    )
    assert (await _run(client, stranger, "ApiClients"))["data"]["apiClients"] == []
    foreign = (await _run(client, stranger, "RevokeApiClient", id=client_gid))["data"][
        "revokeApiClient"
    ]
    assert foreign["__typename"] == "NotFoundError"

    for bad_id in ("garbage", to_global_id("Company", uuid.uuid4())):
        missing = (await _run(client, admin, "RevokeApiClient", id=bad_id))["data"][
            "revokeApiClient"
        ]
        assert missing["__typename"] == "NotFoundError"
    still = (await _run(client, admin, "ApiClients"))["data"]["apiClients"]
    assert still[0]["revokedAt"] is None
