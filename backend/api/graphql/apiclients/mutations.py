"""createApiClient and revokeApiClient: thin adapters over backend.auth.clients."""

from __future__ import annotations

import strawberry

from backend.api.graphql.apiclients.types import (
    ApiClientType,
    CreateApiClientInput,
    CreateApiClientResult,
    CreateApiClientSuccess,
    RevokeApiClientResult,
    RevokeApiClientSuccess,
)
from backend.api.graphql.context import Info
from backend.api.graphql.relay import from_global_id
from backend.auth import clients


@strawberry.type
class ApiClientMutations:
    """Managing integrators' API clients (admins); every change is audited, never the secret."""

    @strawberry.mutation(description="Create an API client; its secret is returned only here.")
    async def create_api_client(
        self,
        info: Info,
        input: CreateApiClientInput,
    ) -> CreateApiClientResult:
        """Scopes outside read, upload, review, manage_rules, export, read_audit are invalid."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            created = await clients.create_api_client(session, principal, input.name, input.scopes)
        return CreateApiClientSuccess(
            api_client=ApiClientType.from_model(created.client),
            client_secret=created.client_secret,
        )

    @strawberry.mutation(description="Revoke an API client: it can no longer obtain tokens.")
    async def revoke_api_client(self, info: Info, id: strawberry.ID) -> RevokeApiClientResult:
        """Tokens already issued stay valid until they expire (15 minutes)."""
        principal = info.context.require_principal()
        row_id = from_global_id(id, "ApiClient")
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            client = await clients.revoke_api_client(session, principal, row_id)
        return RevokeApiClientSuccess(api_client=ApiClientType.from_model(client))
