"""REST login and refresh over the auth service: tokens that work on /v1, the TOTP step
(401 TOTP_REQUIRED, then INVALID_TOTP for a used code), wrong passwords counting against
the e-mail's failure budget, and a refresh token rotating once."""

from __future__ import annotations

import time
from typing import Any

import httpx

from backend.auth import totp
from backend.core.settings import Settings
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials


async def _login(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/v1/auth/login", json=body)


async def test_login_refresh_and_the_totp_step(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    wrong = await _login(client, email=demo.email, password="nope")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "INVALID_CREDENTIALS"
    logged = await _login(client, email=demo.email, password=demo.password)
    assert logged.status_code == 200, logged.text
    tokens = logged.json()
    assert tokens["tokenType"] == "Bearer" and tokens["totpEnrollmentRequired"] is False
    bearer = {"Authorization": f"Bearer {tokens['accessToken']}"}
    assert (await client.get("/v1/users", headers=bearer)).status_code == 200

    rotated = await client.post("/v1/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["refreshToken"] != tokens["refreshToken"]
    reused = await client.post("/v1/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert reused.status_code == 401

    begun = await client.post(
        "/graphql",
        headers=bearer,
        json={
            "query": "mutation { beginTotpEnrollment {"
            " ... on BeginTotpEnrollmentSuccess { secret } } }"
        },
    )
    secret = begun.json()["data"]["beginTotpEnrollment"]["secret"]
    step = totp.step_at(time.time())
    confirmed = await client.post(
        "/graphql",
        headers=bearer,
        json={
            "query": "mutation($c: String!) { confirmTotpEnrollment(code: $c) { __typename } }",
            "variables": {"c": totp.code_at(secret, step)},
        },
    )
    assert confirmed.json()["data"]["confirmTotpEnrollment"]["__typename"] == (
        "ConfirmTotpEnrollmentSuccess"
    ), confirmed.text
    missing = await _login(client, email=demo.email, password=demo.password)
    assert (missing.status_code, missing.json()["code"]) == (401, "TOTP_REQUIRED")
    used = await _login(
        client, email=demo.email, password=demo.password, totpCode=totp.code_at(secret, step)
    )
    assert (used.status_code, used.json()["code"]) == (401, "INVALID_TOTP")
    fresh = await _login(
        client, email=demo.email, password=demo.password, totpCode=totp.code_at(secret, step + 1)
    )
    assert fresh.status_code == 200, fresh.text


async def test_failed_logins_share_the_graphql_budget(
    settings: Settings, database: Database, demo: DemoCredentials
) -> None:
    from backend.api.app import create_app
    from backend.api.state import AppState

    state = AppState.build(
        settings.model_copy(update={"rate_limit_login_failures_per_hour": 2}), database
    )
    app = create_app(state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        graphql = await c.post(
            "/graphql",
            json={
                "query": 'mutation($e: String!) { login(email: $e, password: "x") { __typename } }',
                "variables": {"e": demo.email},
            },
        )
        assert graphql.status_code == 200
        answers = [await _login(c, email=demo.email, password="x") for _ in range(2)]
    assert [a.status_code for a in answers] == [401, 429]
    assert answers[1].json()["code"] == "RATE_LIMITED"
    assert int(answers[1].headers["retry-after"]) >= 1
