"""GRAPHQL_EXPLORER: introspection, "did you mean" hints and GraphiQL are on in
development and off by default in production (docs/security.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backend.api.app import create_app
from backend.api.state import AppState
from backend.core.settings import Settings
from backend.db.session import Database


@pytest.fixture
async def production_client(
    settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    """The app as production runs it (GRAPHQL_EXPLORER unset)."""
    state = AppState.build(settings.model_copy(update={"environment": "production"}), database)
    app = create_app(state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


INTROSPECTION = "{ __schema { queryType { name } } }"
TYPO = "{ documnts { totalCount } }"
BAD_ENUM = "{ documents(filter: {status: [AUTHORIZD]}) { totalCount } }"


def test_the_default_follows_the_environment(settings: Settings) -> None:
    assert settings.graphql_explorer_enabled is True
    production = settings.model_copy(update={"environment": "production"})
    assert production.graphql_explorer_enabled is False
    opened = production.model_copy(update={"graphql_explorer": True})
    assert opened.graphql_explorer_enabled is True


async def test_production_refuses_introspection_hints_and_graphiql(
    production_client: httpx.AsyncClient,
) -> None:
    body = (await production_client.post("/graphql", json={"query": INTROSPECTION})).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in body["errors"][0]["message"].lower()
    for query in (TYPO, BAD_ENUM):
        errors = (await production_client.post("/graphql", json={"query": query})).json()["errors"]
        assert errors, query
        assert all("Did you mean" not in e["message"] for e in errors), errors
    typename = (await production_client.post("/graphql", json={"query": "{ __typename }"})).json()
    assert typename == {"data": {"__typename": "Query"}}
    page = await production_client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 404


async def test_development_keeps_them(client: httpx.AsyncClient) -> None:
    body = (await client.post("/graphql", json={"query": INTROSPECTION})).json()
    assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    errors = (await client.post("/graphql", json={"query": TYPO})).json()["errors"]
    assert "Did you mean" in errors[0]["message"]
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
