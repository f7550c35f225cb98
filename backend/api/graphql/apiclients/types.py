"""GraphQL types of integrators' API clients."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.api.graphql.errors import NotFoundError, PermissionDeniedError, ValidationError
from backend.api.graphql.relay import Node, to_global_id
from backend.auth.models import ApiClient


@strawberry.type(name="ApiClient")
class ApiClientType(Node):
    """An integrator's OAuth2 client-credentials identity (never its secret)."""

    name: str
    client_id: str = strawberry.field(
        description="Public; send it with the secret to /oauth/token."
    )
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description="When it last obtained a token.")
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, client: ApiClient) -> ApiClientType:
        """Build from the table model."""
        return cls(
            id=to_global_id("ApiClient", client.id),
            name=client.name,
            client_id=client.client_id,
            scopes=sorted(client.scopes),
            created_at=client.created_at,
            last_used_at=client.last_used_at,
            revoked_at=client.revoked_at,
        )


@strawberry.input
class CreateApiClientInput:
    """A name people recognise and the scopes (permissions) the client's tokens may carry."""

    name: str
    scopes: list[str] = strawberry.field(
        description="Any of read, upload, review, manage_rules, export, read_audit."
    )


@strawberry.type
class CreateApiClientSuccess:
    """The new client and its secret, shown this once: store it now."""

    api_client: ApiClientType
    client_secret: str


@strawberry.type
class RevokeApiClientSuccess:
    """The client can no longer get tokens; issued ones expire within minutes."""

    api_client: ApiClientType


CreateApiClientResult = Annotated[
    CreateApiClientSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("CreateApiClientResult"),
]
RevokeApiClientResult = Annotated[
    RevokeApiClientSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("RevokeApiClientResult"),
]
