"""Per-request GraphQL context: the principal, the database, never a shared session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from backend.api.security import require_principal
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.core.errors import Unauthenticated


@dataclass
class Context:
    """Everything a resolver may use. Resolvers open their own tenant sessions."""

    request: HTTPConnection
    response: Any
    state: AppState
    principal: Principal | None
    # A presented but invalid token: raised only by fields that need a caller, so an
    # expired token left in a client does not break ``login``.
    auth_error: Unauthenticated | None = None
    # graphql-transport-ws: the connection_init payload (browsers cannot set headers).
    connection_params: dict[str, object] | None = None

    def require_principal(self) -> Principal:
        """The authenticated caller, or an UNAUTHENTICATED error."""
        if self.auth_error is not None:
            raise self.auth_error
        return require_principal(self.principal)


Info = StrawberryInfo[Context, None]
