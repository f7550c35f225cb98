"""The ``me`` query."""

from __future__ import annotations

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.users.types import MeType
from backend.users import service


@strawberry.type
class UserQueries:
    """Queries about the caller."""

    @strawberry.field(description="The logged-in user (requires a bearer token).")
    async def me(self, info: Info) -> MeType:
        """The caller's profile in the organization their token is bound to."""
        principal = info.context.require_principal(allow_totp_enrollment=True)
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            me = await service.get_me(session, principal)
        return MeType.from_me(me, principal.role.value)
