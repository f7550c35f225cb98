"""login → me → refresh (rotation, reuse detection) → logout, over real HTTP and PostgreSQL."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import post_operation

LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on AuthTokens { accessToken refreshToken expiresIn role organizationId }
    ... on UserError { code message }
  }
}"""
ME = "{ me { email role organization { slug } memberships { role organization { name } } } }"
REFRESH = """
mutation($t: String!) { refresh(refreshToken: $t) {
  __typename ... on AuthTokens { accessToken refreshToken } ... on UserError { code message } } }"""
LOGOUT = """
mutation($t: String!) { logout(refreshToken: $t) {
  __typename ... on LogoutSuccess { revoked } ... on UserError { code } } }"""


async def _login(client: httpx.AsyncClient, demo: DemoCredentials) -> dict[str, Any]:
    body = await post_operation(client, None, LOGIN, None, email=demo.email, password=demo.password)
    result: dict[str, Any] = body["data"]["login"]  # type: ignore[index]
    assert result["__typename"] == "AuthTokens", result
    return result


async def test_login_then_me(client: httpx.AsyncClient, demo: DemoCredentials) -> None:
    tokens = await _login(client, demo)
    assert tokens["expiresIn"] == 900
    assert tokens["role"] == "admin"
    assert tokens["organizationId"] == to_global_id("Organization", demo.organization_id)
    body = await post_operation(client, tokens["accessToken"], ME, None)
    assert body["data"] == {
        "me": {
            "email": demo.email,
            "role": "admin",
            "organization": {"slug": "demo"},
            "memberships": [
                {"role": "admin", "organization": {"name": "Escritório Demonstração Ltda"}}
            ],
        }
    }


async def test_login_is_case_insensitive_on_email_and_audited(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    body = await post_operation(
        client, None, LOGIN, None, email=demo.email.upper(), password=demo.password
    )
    assert body["data"]["login"]["__typename"] == "AuthTokens"  # type: ignore[index]
    actions = await superuser.fetch("select action from audit_logs where action = 'auth.login'")
    assert len(actions) == 1
    last_login = await superuser.fetchval(
        "select last_login_at from users where email = $1", demo.email
    )
    assert last_login is not None


async def test_wrong_password_and_unknown_user_get_the_same_error(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    wrong = await post_operation(client, None, LOGIN, None, email=demo.email, password="nope")
    unknown = await post_operation(
        client, None, LOGIN, None, email="ghost@example.com", password="nope"
    )
    expected = {
        "__typename": "AuthenticationError",
        "code": "INVALID_CREDENTIALS",
        "message": "invalid e-mail or password",
    }
    assert wrong["data"]["login"] == expected  # type: ignore[index]
    assert unknown["data"]["login"] == expected  # type: ignore[index]


async def test_blank_input_is_a_validation_error(client: httpx.AsyncClient) -> None:
    body = await post_operation(
        client,
        None,
        'mutation { login(email: "", password: "") { __typename ... on UserError { code } } }',
        None,
    )
    assert body["data"]["login"] == {"__typename": "ValidationError", "code": "INVALID"}  # type: ignore[index]


async def test_me_without_or_with_bad_token_is_unauthenticated(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    for token in (None, "not-a-jwt"):
        body = await post_operation(client, token, ME, None)
        assert body["data"] is None
        errors: list[dict[str, Any]] = body["errors"]  # type: ignore[assignment]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_refresh_rotates_and_reuse_revokes_the_family(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    first = await _login(client, demo)
    rotated = (await post_operation(client, None, REFRESH, None, t=first["refreshToken"]))["data"][
        "refresh"
    ]  # type: ignore[index]
    assert rotated["__typename"] == "AuthTokens"
    assert rotated["refreshToken"] != first["refreshToken"]
    me = await post_operation(client, rotated["accessToken"], ME, None)
    assert me["data"]["me"]["email"] == demo.email  # type: ignore[index]

    reused = (await post_operation(client, None, REFRESH, None, t=first["refreshToken"]))["data"][
        "refresh"
    ]  # type: ignore[index]
    assert reused == {
        "__typename": "AuthenticationError",
        "code": "REFRESH_TOKEN_REUSED",
        "message": "refresh token reuse detected; log in again",
    }
    # The family is revoked: the token issued by the legitimate rotation is dead too.
    after = (await post_operation(client, None, REFRESH, None, t=rotated["refreshToken"]))["data"][
        "refresh"
    ]  # type: ignore[index]
    assert after["__typename"] == "AuthenticationError"
    live = await superuser.fetchval("select count(*) from refresh_tokens where revoked_at is null")
    assert live == 0
    stored = await superuser.fetch("select token_hash from refresh_tokens")
    assert all(first["refreshToken"].split("_", 3)[3] not in r["token_hash"] for r in stored)


async def test_logout_revokes_the_refresh_token(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    tokens = await _login(client, demo)
    out = (await post_operation(client, None, LOGOUT, None, t=tokens["refreshToken"]))["data"][
        "logout"
    ]  # type: ignore[index]
    assert out == {"__typename": "LogoutSuccess", "revoked": True}
    again = (await post_operation(client, None, REFRESH, None, t=tokens["refreshToken"]))["data"][
        "refresh"
    ]  # type: ignore[index]
    assert again["__typename"] == "AuthenticationError"


async def test_malformed_refresh_token_is_an_authentication_error(
    client: httpx.AsyncClient,
) -> None:
    body = await post_operation(client, None, REFRESH, None, t="rt_garbage")
    assert body["data"]["refresh"]["__typename"] == "AuthenticationError"  # type: ignore[index]
