"""apiClients query and node(id) loading of API clients."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.apiclients.types import ApiClientType
from backend.api.graphql.context import Info
from backend.api.graphql.relay import node_loader
from backend.auth import clients
from backend.core.errors import NotFound


@strawberry.type
class ApiClientQueries:
    """The organization's API clients (admins)."""

    @strawberry.field(description="Every API client of the organization, newest first.")
    async def api_clients(self, info: Info) -> list[ApiClientType]:
        """Revoked clients are listed too (with revokedAt)."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            return [
                ApiClientType.from_model(c)
                for c in await clients.list_api_clients(session, principal)
            ]


@node_loader("ApiClient")
async def load_api_client(info: Info, row_id: uuid.UUID) -> ApiClientType | None:
    """node(id) for API clients."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        try:
            return ApiClientType.from_model(
                await clients.get_api_client(session, principal, row_id)
            )
        except NotFound:
            return None
