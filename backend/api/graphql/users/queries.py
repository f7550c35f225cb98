"""The ``me`` query."""

from __future__ import annotations

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.users.types import MeType
from backend.auth.principal import PrincipalKind
from backend.support import service as support
from backend.users import service


@strawberry.type
class UserQueries:
    """Queries about the caller."""

    @strawberry.field(
        description="The logged-in user (requires a bearer token); support staff with a "
        "support token get themselves, the organization and supportAccess. A staff token "
        "(no organization) answers STAFF_TOKEN_NOT_ALLOWED: exchange a grant (supportToken)."
    )
    async def me(self, info: Info) -> MeType:
        """The caller's profile in the organization their token is bound to."""
        principal = info.context.require_principal(allow_totp_enrollment=True)
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            if principal.kind is PrincipalKind.SUPPORT:
                return MeType.from_support_visitor(
                    await support.support_visitor(session, principal)
                )
            me = await service.get_me(session, principal)
        return MeType.from_me(me, principal.role.value)
