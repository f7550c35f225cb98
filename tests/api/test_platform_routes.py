"""/healthz, /metrics, request ids, error shapes, GraphiQL."""

from __future__ import annotations

import httpx

from backend.api.app import create_app
from backend.api.state import AppState
from backend.core.settings import Settings
from backend.db.session import Database
from backend.devstack.postgres import free_port
from tests.graphql_client import post_operation


async def test_healthz_ok_when_database_and_temporal_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "temporal": "ok"}}


async def _health_with(settings: Settings, database: Database) -> httpx.Response:
    state = AppState.build(settings, database)
    app = create_app(state, check_role=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        return await c.get("/healthz")


async def test_healthz_503_when_temporal_is_down(settings: Settings, database: Database) -> None:
    down = settings.model_copy(update={"temporal_address": f"127.0.0.1:{free_port()}"})
    response = await _health_with(down, database)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["temporal"].startswith("error")


async def test_healthz_503_when_database_is_down(settings: Settings) -> None:
    dead = Database(f"postgresql://nobody@127.0.0.1:{free_port()}/none", pool_size=1)
    try:
        response = await _health_with(settings, dead)
    finally:
        await dead.dispose()
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")
    assert response.json()["checks"]["temporal"] == "ok"


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    await client.get("/healthz")
    text = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/healthz",status="200"} 2.0' in text
    assert "http_request_duration_seconds_bucket" in text


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    hostile = await client.get("/healthz", headers={"x-request-id": "bad id\nwith newline"})
    assert hostile.headers["x-request-id"] != "bad id\nwith newline"
    assert len(hostile.headers["x-request-id"]) == 32


async def test_rest_errors_have_code_message_details(client: httpx.AsyncClient) -> None:
    # Paths outside the API's prefixes are the web app's (its history fallback).
    response = await client.get("/v1/no/such/route")
    assert response.status_code == 404
    assert response.json() == {"code": "NOT_FOUND", "message": "Not Found", "details": {}}


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_invalid_query_is_a_validation_error_not_internal(client: httpx.AsyncClient) -> None:
    body = await post_operation(client, None, "{ nosuchfield }", None)
    errors = body["errors"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"  # type: ignore[index]


async def test_jwks_publishes_only_the_public_key(client: httpx.AsyncClient) -> None:
    jwks = (await client.get("/.well-known/jwks.json")).json()
    (key,) = jwks["keys"]
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert "d" not in key and "p" not in key
