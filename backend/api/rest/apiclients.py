"""Admin API clients: integrators' OAuth2 client-credentials identities.

Each route calls ``backend.auth.clients`` as GraphQL's ``apiClients``,
``createApiClient`` and ``revokeApiClient`` do. The secret is in the creation's answer
and nowhere else (only its SHA-256 is stored), so creation does not honour
Idempotency-Key: a stored answer would keep the secret for a day. There is no rotation:
create a new client, deploy its secret, then revoke the old one.
"""

from __future__ import annotations

from pydantic import Field

from backend.api.graphql.apiclients.types import ApiClientType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, Output
from backend.auth import clients
from backend.auth.models import ApiClient
from backend.auth.rbac import Permission

resource = Resource("api-clients")

NOT_FOUND = "API client not found"


class ApiClientOut(Output):
    """An integrator's client-credentials identity (GraphQL ``ApiClient``; never the secret)."""

    id: GlobalId
    name: str
    client_id: str = Field(description="Public; send it with the secret to /oauth/token.")
    scopes: list[str]
    created_at: DateTime
    last_used_at: DateTime | None = Field(description="When it last obtained a token.")
    revoked_at: DateTime | None


def _client(row: ApiClient) -> ApiClientOut:
    return ApiClientOut.model_validate(ApiClientType.from_model(row))


class ApiClientList(Output):
    """Every API client of the organization, newest first, revoked ones too (not paged)."""

    data: list[ApiClientOut]


class ApiClientIn(Input):
    """A name people recognise and the scopes its tokens may carry."""

    name: str
    scopes: list[str] = Field(
        description="Any of read, upload, review, manage_rules, export, read_audit."
    )


class ApiClientSecretAnswer(Output):
    """The new client and its secret, shown this once: store it now."""

    api_client: ApiClientOut
    client_secret: str = Field(description="Starts with ccs_; not shown again.")


class ApiClientAnswer(Output):
    """The client as it is now."""

    api_client: ApiClientOut


@resource.route(
    "GET", "/v1/admin/api-clients", requires=Permission.MANAGE_API_CLIENTS, response=ApiClientList
)
async def list_api_clients(call: Call) -> ApiClientList:
    """The organization's API clients with ``lastUsedAt`` and ``revokedAt``."""
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await clients.list_api_clients(session, principal)
    return ApiClientList(data=[_client(row) for row in rows])


@resource.route(
    "POST",
    "/v1/admin/api-clients",
    requires=Permission.MANAGE_API_CLIENTS,
    body=ApiClientIn,
    response=ApiClientSecretAnswer,
    status=201,
    errors=(400,),
)
async def create_api_client(call: Call) -> ApiClientSecretAnswer:
    """Create an API client; its secret is in this answer only (``createApiClient``).

    Scopes outside read, upload, review, manage_rules, export, read_audit are 422.
    """
    body = call.payload(ApiClientIn)
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        created = await clients.create_api_client(session, principal, body.name, body.scopes)
    return ApiClientSecretAnswer(
        api_client=_client(created.client), client_secret=created.client_secret
    )


@resource.route(
    "DELETE",
    "/v1/admin/api-clients/{id}",
    requires=Permission.MANAGE_API_CLIENTS,
    response=ApiClientAnswer,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def revoke_api_client(call: Call) -> ApiClientAnswer:
    """Revoke an API client (``revokeApiClient``): it can no longer obtain tokens.

    The client stays listed with ``revokedAt``; tokens already issued stay valid until
    they expire (15 minutes).
    """
    row_id = call.global_id("ApiClient")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        row = await clients.revoke_api_client(session, principal, row_id)
    return ApiClientAnswer(api_client=_client(row))
