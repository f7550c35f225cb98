"""Serving the web app (frontend/dist) from the API process.

The built single-page app answers every GET that is not the API's own (history
fallback: a deep link such as /documents/… gets index.html and the app routes it).
The support console is a second app (its own Vite entry, console/index.html): every
path under /suporte/ gets that page instead, and its router takes it from there.
Hashed assets are cached for a year; index.html is revalidated on every load; every page
carries a Content-Security-Policy that allows nothing from other origins.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

DEFAULT_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"

# Paths the API owns: never answered with index.html, even when nothing matched there.
API_PREFIXES = ("/graphql", "/v1/", "/oauth/", "/healthz", "/metrics", "/.well-known/")

IMMUTABLE = "public, max-age=31536000, immutable"


def content_security_policy(request: Request) -> str:
    """Same origin only. Mantine sets inline style attributes (and GraphiQL's editor
    injects style elements), so styles need 'unsafe-inline'; scripts never do."""
    scheme = "wss" if request.url.scheme == "https" else "ws"
    host = request.headers.get("host", request.url.netloc)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {scheme}://{host}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _page_headers(request: Request) -> dict[str, str]:
    return {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": content_security_policy(request),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


_NOT_BUILT = """<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conciliacontag</title></head><body style="font-family: system-ui, sans-serif;
max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Conciliacontag</h1>
<p>O aplicativo web ainda não foi compilado.</p>
<p>Na raiz do repositório, rode <code>make web</code> (ou <code>make dev</code>, que compila
e sobe tudo) e recarregue esta página.</p>
<p>A API já responde: <a href="/graphql">/graphql</a> · <a href="/healthz">/healthz</a></p>
</body></html>"""


class ImmutableAssets(StaticFiles):
    """Vite's hashed files: a changed file gets a new name, so cache it for good."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def dist_dir() -> Path:
    """Where the build is: WEB_DIST_DIR, or frontend/dist in the checkout."""
    override = os.environ.get("WEB_DIST_DIR")
    return Path(override) if override else DEFAULT_DIST


def graphiql_page(request: Request, dist: Path | None = None) -> Response | None:
    """Our own GraphiQL build (no CDN), or None when it has not been built."""
    page = (dist or dist_dir()) / "graphiql" / "index.html"
    if not page.is_file():
        return None
    return HTMLResponse(page.read_text(encoding="utf-8"), headers=_page_headers(request))


CONSOLE_PREFIX = "/suporte"


def console_page(request: Request, dist: Path | None = None) -> Response | None:
    """The support console's page (history fallback for /suporte/…), or None when not built."""
    page = (dist or dist_dir()) / "console" / "index.html"
    if not page.is_file():
        return None
    return HTMLResponse(page.read_text(encoding="utf-8"), headers=_page_headers(request))


def web_routes(*, explorer_enabled: bool, dist: Path | None = None) -> list[BaseRoute]:
    """Routes to put after the API's: assets, GraphiQL (when allowed), the app."""
    root = dist or dist_dir()
    index = root / "index.html"

    async def app_page(request: Request) -> Response:
        path = request.url.path
        if path == "/graphiql/" and not explorer_enabled:
            raise HTTPException(404)
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, headers=_page_headers(request))
        if path == "/graphiql/" or path == "/graphiql":
            return graphiql_page(request, root) or HTMLResponse(_NOT_BUILT)
        if path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/"):
            return console_page(request, root) or HTMLResponse(
                _NOT_BUILT, headers=_page_headers(request)
            )
        candidate = (root / path.lstrip("/")).resolve()
        if (
            path != "/"
            and candidate.is_file()
            and candidate.is_relative_to(root.resolve())
            and candidate.name != "index.html"
        ):
            return FileResponse(candidate, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(index.read_text(encoding="utf-8"), headers=_page_headers(request))

    return [
        Mount("/assets", ImmutableAssets(directory=root / "assets", check_dir=False)),
        _AppRoute("/{path:path}", app_page, methods=["GET", "HEAD"]),
    ]


class _AppRoute(Route):
    """The history fallback, which never matches a path of the API's: there Starlette's
    own answers stand (405 for a route of other methods, a JSON 404 for no route)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """No match under the API's prefixes; else a Route's match."""
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(API_PREFIXES):
            return Match.NONE, {}
        return super().matches(scope)
