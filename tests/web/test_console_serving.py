"""The support console is its own page: every path under /suporte/ gets it (history fallback)."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette

from backend.api.web import web_routes


def _dist(root: Path, *, console: bool) -> Path:
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<title>app</title>", encoding="utf-8")
    if console:
        (dist / "console").mkdir()
        (dist / "console" / "index.html").write_text("<title>console</title>", encoding="utf-8")
    return dist


async def _get(dist: Path, path: str) -> httpx.Response:
    app = Starlette(routes=web_routes(explorer_enabled=False, dist=dist))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        return await c.get(path)


async def test_console_paths_get_the_console_page(tmp_path: Path) -> None:
    dist = _dist(tmp_path, console=True)
    for path in (
        "/suporte",
        "/suporte/",
        "/suporte/grants/U3VwcG9ydEdyYW50OjE?tab=audit",
        "/suporte/login",
    ):
        page = await _get(dist, path)
        assert page.status_code == 200, path
        assert "<title>console</title>" in page.text, path
        assert page.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in page.headers["content-security-policy"]
    # Not the console: a path that only starts with the same letters, and the app itself.
    for path in ("/suportes", "/", "/documents"):
        assert "<title>app</title>" in (await _get(dist, path)).text, path


async def test_console_not_built_says_so(tmp_path: Path) -> None:
    page = await _get(_dist(tmp_path, console=False), "/suporte/")
    assert page.status_code == 200
    assert "make web" in page.text
    assert "content-security-policy" in page.headers
