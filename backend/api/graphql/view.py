"""The ASGI GraphQL endpoint (HTTP, multipart uploads, graphql-transport-ws, GraphiQL)."""

from __future__ import annotations

from typing import Any, cast

import structlog
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from backend.api.graphql.context import Context
from backend.api.security import bearer_token, principal_from_token, staff_from_token
from backend.api.state import AppState
from backend.api.web import graphiql_page
from backend.core.errors import Unauthenticated


class GraphQLApp(GraphQL[Context, None]):
    """Builds the per-request context from the verified bearer token."""

    def __init__(self, state: AppState, **kwargs: Any) -> None:
        from backend.api.graphql.schema import closed_schema, schema

        explorer = state.settings.graphql_explorer_enabled
        super().__init__(
            schema if explorer else closed_schema(),
            multipart_uploads_enabled=True,
            # GraphiQL only where the schema may be explored (docs/security.md).
            graphql_ide="graphiql" if explorer else None,
            **kwargs,
        )
        self.state = state

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """An invalid token is remembered as an error, never treated as anonymous."""
        token = bearer_token(request)
        staff = None
        try:
            principal = principal_from_token(self.state.auth.tokens, token)
            error = None
        except Unauthenticated as exc:
            principal, error = None, exc
            # Not a tenant token: maybe a platform staff token (its own audience).
            staff = staff_from_token(self.state.auth.tokens, token)
            if staff is not None:
                error = None
                structlog.contextvars.bind_contextvars(staff_user_id=str(staff.user_id))
        if principal is not None:
            structlog.contextvars.bind_contextvars(organization_id=str(principal.organization_id))
        return Context(
            request=request,
            response=response,
            state=self.state,
            principal=principal,
            auth_error=error,
            staff=staff,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL build (frontend/, works offline, uses the app's session);
        strawberry's CDN page only when the web app has not been built."""
        return graphiql_page(request) or await super().render_graphql_ide(request)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Every error carries ``extensions.code``: parse errors raised before the schema's
        extensions run (syntax, the token limit) get GRAPHQL_PARSE_FAILED."""
        response = await super().process_result(request, result)
        errors: list[dict[str, Any]] = cast(list[dict[str, Any]], response.get("errors") or [])
        for error in errors:
            extensions = error.setdefault("extensions", {})
            extensions.setdefault("code", "GRAPHQL_PARSE_FAILED")
            extensions.setdefault("details", {})
        return response

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a websocket from ``{"Authorization": "Bearer …"}`` in connection_init."""
        params = context.connection_params or {}
        header = str(params.get("Authorization") or params.get("authorization") or "")
        scheme, _, token = header.partition(" ")
        if context.principal is None:
            if scheme.lower() != "bearer" or not token.strip():
                raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
            try:
                context.principal = principal_from_token(self.state.auth.tokens, token.strip())
            except Unauthenticated as exc:
                raise ConnectionRejectionError({"code": "UNAUTHENTICATED"}) from exc
            context.auth_error = None
        unset: UnsetType = UNSET
        return unset
