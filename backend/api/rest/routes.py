"""Every REST operation, the routes that serve them, the OpenAPI document and its page."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from backend.api.rest import (
    apiclients,
    auth,
    exports,
    files,
    reconciliations,
    records,
    reports,
    rules,
    users,
    webhooks,
)
from backend.api.rest.framework import Operation, routes
from backend.api.rest.openapi import openapi_document
from backend.api.state import AppState
from backend.api.web import content_security_policy

RESOURCES = (
    files.organizations,
    files.resource,
    records.document_routes,
    records.transaction_routes,
    reconciliations.resource,
    reconciliations.jobs,
    reports.resource,
    exports.resource,
    reports.admin,
    users.resource,
    auth.resource,
    rules.resource,
    webhooks.resource,
    apiclients.resource,
)


def operations() -> list[Operation]:
    """Every declared operation, in declaration order."""
    return [operation for resource in RESOURCES for operation in resource.operations]


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document (built once per process: the declarations do not change)."""
    return openapi_document(operations())


async def openapi_endpoint(_request: Request) -> Response:
    """GET /v1/openapi.json: public, like a schema introspection would be to a client."""
    return JSONResponse(document())


def _asset(name: str) -> str:
    return resources.files("backend.api.rest").joinpath(name).read_text("utf-8")


async def reference_endpoint(request: Request) -> Response:
    """GET /v1/docs: the API reference, rendered in the browser from /v1/openapi.json by a
    page and script we serve ourselves (no CDN; the CSP allows only our own origin)."""
    headers = {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": content_security_policy(request),
    }
    return HTMLResponse(_asset("reference.html"), headers=headers)


async def reference_script(_request: Request) -> Response:
    """The reference page's script."""
    return Response(
        _asset("reference.js"),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )


def rest_routes(state: AppState) -> list[BaseRoute]:
    """The /v1 routes to mount before the web app's."""
    return [
        Route("/v1/openapi.json", openapi_endpoint, methods=["GET"]),
        Route("/v1/docs", reference_endpoint, methods=["GET"]),
        Route("/v1/docs/reference.js", reference_script, methods=["GET"]),
        *routes(state, operations()),
    ]
