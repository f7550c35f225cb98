"""POST /oauth/token end to end: an admin creates a client, the client gets a token and
calls the API within its scopes and its tenant; every RFC 6749 §5.2 error."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
import httpx
import pytest

from backend.api.graphql.relay import to_global_id
from backend.auth.passwords import hash_password
from backend.core.settings import Settings
from backend.db.session import Database
from backend.tenancy import repository as tenancy
from backend.tenancy.models import Company
from backend.tenancy.service import DemoCredentials, create_organization
from backend.users.models import User
from tests.graphql_client import post_operation

from ..conftest import upload_bytes

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "integrators.graphql"
).read_text(encoding="utf-8")
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""
FORM = {"content-type": "application/x-www-form-urlencoded"}


async def admin_token(client: httpx.AsyncClient, demo: DemoCredentials) -> str:
    """The demo admin's access token, through the real login."""
    body = await post_operation(client, None, LOGIN, None, e=demo.email, p=demo.password)
    token: str = body["data"]["login"]["accessToken"]  # type: ignore[index]
    return token


async def new_client(client: httpx.AsyncClient, admin: str, *scopes: str) -> dict[str, Any]:
    """createApiClient; returns {apiClient, clientSecret}."""
    body = await post_operation(
        client, admin, OPERATIONS, "CreateApiClient", input={"name": "ERP", "scopes": scopes}
    )
    created: dict[str, Any] = body["data"]["createApiClient"]
    assert created["__typename"] == "CreateApiClientSuccess", created
    return created


def basic(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 §2.3.1: form-urlencode each part, join with ':', base64."""
    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return {"authorization": "Basic " + base64.b64encode(raw).decode()}


async def token_request(
    client: httpx.AsyncClient, data: dict[str, str], headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST /oauth/token with a form body."""
    return await client.post("/oauth/token", data=data, headers=headers or {})


async def client_token(
    client: httpx.AsyncClient, created: dict[str, Any], scope: str | None = None
) -> str:
    """An access token for a created client, via HTTP Basic."""
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    response = await token_request(
        client, data, basic(created["apiClient"]["clientId"], created["clientSecret"])
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def test_token_by_basic_and_by_form_then_graphql_within_scopes(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read")
    client_id, secret = created["apiClient"]["clientId"], created["clientSecret"]
    assert created["apiClient"]["scopes"] == ["read"]
    assert created["apiClient"]["lastUsedAt"] is None

    by_basic = await token_request(
        client, {"grant_type": "client_credentials"}, basic(client_id, secret)
    )
    assert by_basic.status_code == 200, by_basic.text
    assert by_basic.headers["cache-control"] == "no-store"
    body = by_basic.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 900, "read")

    by_form = await token_request(
        client,
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        FORM,
    )
    assert by_form.status_code == 200, by_form.text

    for token in (body["access_token"], by_form.json()["access_token"]):
        organization = await post_operation(client, token, OPERATIONS, "IntegratorOrganization")
        assert organization["data"]["organization"]["name"] == "Escritório Demonstração Ltda"

    # A read-only client may not upload, through GraphQL or REST.
    operations = {
        "query": "mutation($f: Upload!) { uploadFile(file: $f) {"
        " __typename ... on UserError { code } } }",
        "variables": {"f": None},
    }
    upload = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("a.xml", b"<x/>", "text/xml")},
        headers={"authorization": f"Bearer {body['access_token']}"},
    )
    assert upload.json()["data"]["uploadFile"] == {
        "__typename": "PermissionDeniedError",
        "code": "FORBIDDEN",
    }
    rest = await client.post(
        "/v1/uploads",
        files={"file": ("a.xml", b"<x/>", "text/xml")},
        headers={"authorization": f"Bearer {body['access_token']}"},
    )
    assert rest.status_code == 403
    assert rest.json()["code"] == "FORBIDDEN"

    # Clients never manage clients, and have no user profile.
    listed = await post_operation(client, body["access_token"], OPERATIONS, "ApiClients")
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    listed = await post_operation(client, admin, OPERATIONS, "ApiClients")
    assert listed["data"]["apiClients"][0]["lastUsedAt"] is not None
    assert await superuser.fetchval("select count(*) from files") == 0


async def test_an_upload_scoped_client_uploads_through_rest(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read", "upload")
    token = await client_token(client, created)
    response = await client.post(
        "/v1/uploads",
        files={"file": ("nota.xml", b"<nfeProc/>", "text/xml")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    row = await superuser.fetchrow("select organization_id, uploaded_by from files")
    assert row["organization_id"] == demo.organization_id
    assert row["uploaded_by"] is None  # a client is not a person


async def test_narrowed_scope_is_enforced(client: httpx.AsyncClient, demo: DemoCredentials) -> None:
    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read", "upload")
    response = await token_request(
        client,
        {"grant_type": "client_credentials", "scope": "read"},
        basic(created["apiClient"]["clientId"], created["clientSecret"]),
    )
    assert response.json()["scope"] == "read"
    rest = await client.post(
        "/v1/uploads",
        files={"file": ("a.xml", b"<x/>", "text/xml")},
        headers={"authorization": f"Bearer {response.json()['access_token']}"},
    )
    assert rest.status_code == 403


def _error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "error_description"}, body
    assert response.headers["cache-control"] == "no-store"
    return response.status_code, body["error"]


async def test_rfc_6749_errors(client: httpx.AsyncClient, demo: DemoCredentials) -> None:
    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read")
    client_id, secret = created["apiClient"]["clientId"], created["clientSecret"]
    grant = {"grant_type": "client_credentials"}

    wrong = await token_request(client, grant, basic(client_id, secret + "x"))
    assert _error(wrong) == (401, "invalid_client")
    assert wrong.headers["www-authenticate"].startswith("Basic ")

    unknown_id = client_id[: client_id.rindex("_") + 1] + "0" * 16
    assert _error(await token_request(client, grant, basic(unknown_id, secret))) == (
        401,
        "invalid_client",
    )
    assert _error(await token_request(client, grant, basic("garbage", secret))) == (
        401,
        "invalid_client",
    )
    assert _error(await token_request(client, grant, FORM)) == (401, "invalid_client")
    malformed = await token_request(client, grant, {"authorization": "Basic !!!"})
    assert _error(malformed) == (401, "invalid_client")

    assert _error(
        await token_request(
            client, {"grant_type": "password", "username": "x", "password": "y"}, FORM
        )
    ) == (400, "unsupported_grant_type")
    assert _error(await token_request(client, {}, basic(client_id, secret))) == (
        400,
        "invalid_request",
    )
    both = await token_request(
        client, {**grant, "client_id": client_id, "client_secret": secret}, basic(client_id, secret)
    )
    assert _error(both) == (400, "invalid_request")
    as_json = await client.post("/oauth/token", json=grant, headers=basic(client_id, secret))
    assert _error(as_json) == (400, "invalid_request")
    assert _error(
        await token_request(client, {**grant, "scope": "read upload"}, basic(client_id, secret))
    ) == (400, "invalid_scope")

    revoke = await post_operation(
        client, admin, OPERATIONS, "RevokeApiClient", id=created["apiClient"]["id"]
    )
    assert revoke["data"]["revokeApiClient"]["apiClient"]["revokedAt"] is not None
    assert _error(await token_request(client, grant, basic(client_id, secret))) == (
        401,
        "invalid_client",
    )


async def test_the_secret_never_reaches_the_audit_log(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read", "upload")
    await client_token(client, created)
    await post_operation(
        client, admin, OPERATIONS, "RevokeApiClient", id=created["apiClient"]["id"]
    )
    rows = await superuser.fetch(
        "select action, before::text as before, after::text as after from audit_logs"
        " where entity_type = 'api_client' order by created_at"
    )
    assert [r["action"] for r in rows] == ["api_client.created", "api_client.revoked"]
    stored_hash = await superuser.fetchval("select secret_hash from api_clients")
    everything = await superuser.fetchval(
        "select string_agg(concat(action, before::text, after::text), ' ') from audit_logs"
    )
    assert created["clientSecret"] not in everything
    assert created["clientSecret"][4:] not in everything
    assert stored_hash not in everything
    assert created["apiClient"]["clientId"] in everything  # the public id is recorded


async def test_a_client_sees_nothing_of_another_tenant(
    client: httpx.AsyncClient,
    demo: DemoCredentials,
    database: Database,
    settings: Settings,
    superuser: asyncpg.Connection,
) -> None:
    other = uuid.uuid4()
    async with database.session() as session:
        owner = User(email="b@example.com", name="B", password_hash=hash_password("pw-b-123"))
        await create_organization(session, organization_id=other, name="B", slug="b", admin=owner)
        await tenancy.add_company(
            session, Company(organization_id=other, cnpj="11444777000161", legal_name="Firma B")
        )
    foreign_file = await upload_bytes(settings, database, other, b"<b/>", "b.xml")
    assert (
        await superuser.fetchval("select count(*) from companies where organization_id = $1", other)
        == 1
    )

    admin = await admin_token(client, demo)
    created = await new_client(client, admin, "read")
    token = await client_token(client, created)
    body = await post_operation(client, token, "{ companies { legalName } }", None)
    assert body["data"] == {"companies": [{"legalName": "Comércio Demonstração Ltda"}]}
    own_file = await upload_bytes(settings, database, demo.organization_id, b"<a/>", "a.xml")
    lookup = "query($id: ID!) { file(id: $id) { name } }"
    own = await post_operation(client, token, lookup, None, id=to_global_id("File", own_file))
    assert own["data"] == {"file": {"name": "a.xml"}}  # control: the query does find files
    found = await post_operation(client, token, lookup, None, id=to_global_id("File", foreign_file))
    assert found["data"] == {"file": None}

    # The organization inside client_id cannot be swapped for another tenant's.
    client_id = created["apiClient"]["clientId"]
    swapped = f"cc_{other.hex}_{client_id.rsplit('_', 1)[1]}"
    response = await token_request(
        client, {"grant_type": "client_credentials"}, basic(swapped, created["clientSecret"])
    )
    assert _error(response) == (401, "invalid_client")


@pytest.mark.parametrize("method", ["GET", "PUT"])
async def test_only_post_is_served(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, "/oauth/token")
    assert response.status_code == 405
