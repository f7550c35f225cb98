"""The Starlette application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sentry_sdk
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from backend.api import errors
from backend.api.exports import export_download_endpoint
from backend.api.file_content import file_content_endpoint
from backend.api.graphql.view import GraphQLApp
from backend.api.health import healthz
from backend.api.metrics import HttpMetrics
from backend.api.middleware import RequestContextMiddleware
from backend.api.oauth import token_endpoint
from backend.api.rest.routes import rest_routes
from backend.api.state import AppState
from backend.api.uploads import upload_endpoint
from backend.api.web import web_routes
from backend.auth.keys import public_jwks
from backend.core.errors import DomainError
from backend.core.settings import Settings
from backend.db.session import Database, configure_database


def create_app(state: AppState, *, check_role: bool = True) -> Starlette:
    """Build the ASGI app around ``state`` (settings, database, keys, Temporal)."""
    metrics = HttpMetrics()
    graphql_app = GraphQLApp(state, allowed_origins=state.settings.cors_origins)
    jwks = public_jwks(state.auth.tokens.key)

    async def jwks_endpoint(_request: Request) -> Response:
        return JSONResponse(jwks)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        configure_database(state.database)
        if check_role:
            await state.database.check_runtime_role()
        yield
        await state.search.aclose()
        await state.database.dispose()

    routes = [
        Route("/healthz", healthz(state)),
        Route("/metrics", metrics.endpoint),
        Route("/.well-known/jwks.json", jwks_endpoint),
        Route("/v1/uploads", upload_endpoint(state), methods=["POST"]),
        Route("/v1/exports/{id}", export_download_endpoint(state), methods=["GET"]),
        Route("/v1/files/{id}/content", file_content_endpoint(state), methods=["GET"]),
        Route("/oauth/token", token_endpoint(state), methods=["POST"]),
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_app),
        *rest_routes(state),
        # Last: the web app (frontend/dist) with its history fallback (backend/api/web.py).
        *web_routes(explorer_enabled=state.settings.graphql_explorer_enabled),
    ]
    middleware = [Middleware(RequestContextMiddleware, metrics=metrics)]
    if state.settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=state.settings.cors_origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        )
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            DomainError: errors.domain_error,
            HTTPException: errors.http_error,
            Exception: errors.unexpected_error,
        },
    )


def app_from_settings(settings: Settings) -> Starlette:
    """The production entry point: everything from the environment."""
    if settings.sentry_dsn is not None:
        sentry_sdk.init(
            dsn=settings.sentry_dsn.get_secret_value(),
            environment=settings.environment,
            send_default_pii=False,
        )
    if settings.database_url is None:
        raise RuntimeError("DATABASE_URL is not set (make dev sets it for the embedded stack)")
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    return create_app(AppState.build(settings, database))
