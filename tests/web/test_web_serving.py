"""The API serves the built web app: history fallback, caching, CSP, the API's own paths."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from backend.api.web import IMMUTABLE, web_routes


def _dist(root: Path) -> Path:
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "graphiql").mkdir()
    (dist / "index.html").write_text("<!doctype html><title>app</title>", encoding="utf-8")
    (dist / "graphiql" / "index.html").write_text("<title>GraphiQL</title>", encoding="utf-8")
    (dist / "assets" / "app-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    return dist


async def _ok(_request: object) -> PlainTextResponse:
    return PlainTextResponse("api")


def _app(dist: Path, *, explorer: bool = True) -> Starlette:
    return Starlette(
        routes=[
            Route("/healthz", _ok),
            Route("/graphql", _ok, methods=["GET", "POST"]),
            *web_routes(explorer_enabled=explorer, dist=dist),
        ]
    )


@pytest.fixture
async def web(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(_dist(tmp_path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_index_and_history_fallback(web: httpx.AsyncClient) -> None:
    for path in ("/", "/documents", "/documents/RG9jdW1lbnQ6MQ?q=x", "/login?next=%2F"):
        page = await web.get(path)
        assert page.status_code == 200, path
        assert "<title>app</title>" in page.text
        assert page.headers["cache-control"] == "no-cache"
        csp = page.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        script_src = csp.split("script-src")[1].split(";")[0]
        assert script_src.strip() == "'self'"
        assert "connect-src 'self' ws://t" in csp


async def test_hashed_assets_are_immutable(web: httpx.AsyncClient) -> None:
    asset = await web.get("/assets/app-abc123.js")
    assert asset.status_code == 200 and asset.headers["cache-control"] == IMMUTABLE
    assert (await web.get("/assets/missing-123.js")).status_code == 404
    icon = await web.get("/favicon.svg")
    assert icon.status_code == 200 and icon.headers["cache-control"] == "no-cache"


async def test_api_paths_stay_the_apis(web: httpx.AsyncClient) -> None:
    assert (await web.get("/healthz")).text == "api"
    assert (await web.get("/graphql")).text == "api"
    for path in ("/v1/nope", "/oauth/nope", "/.well-known/nope", "/metrics", "/graphql/x"):
        assert (await web.get(path)).status_code == 404, path


async def test_no_escape_from_dist(web: httpx.AsyncClient) -> None:
    page = await web.get("/..%2F..%2Fetc%2Fpasswd")
    assert page.status_code in (200, 404)
    assert "root:" not in page.text


async def test_graphiql_only_when_the_explorer_is_on(tmp_path: Path) -> None:
    dist = _dist(tmp_path)
    for explorer, status in ((True, 200), (False, 404)):
        transport = httpx.ASGITransport(app=_app(dist, explorer=explorer))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            page = await c.get("/graphiql/")
            assert page.status_code == status
            if explorer:
                assert "GraphiQL" in page.text


async def test_without_a_build_a_portuguese_page_says_how(tmp_path: Path) -> None:
    app = _app(tmp_path / "absent")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        page = await c.get("/")
        assert page.status_code == 200
        assert "ainda não foi compilado" in page.text and "make web" in page.text
