"""The checkpoint every request made with a support token passes before it runs.

GraphQL (backend/api/graphql/support/extension.py) and the REST routes (uploads,
export downloads) call :func:`admit` with the caller's principal. For anyone but
support staff it does nothing. For a support token it opens the organization's
session, checks that the grant is still active and the staff member still staff,
writes the request to the organization's audit log and commits, all before the
operation runs: a request is on record even if it then fails, and a revoked grant
stops working at the next request, not when its token expires. Once admitted, every
audit entry the request writes names the grant (``audit.set_support_visit``).

This module owns its unit of work (like a workflow activity), so it takes the
Database rather than a session.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.audit import service as audit
from backend.auth.principal import Principal, PrincipalKind
from backend.core.errors import Unauthenticated
from backend.db.session import Database
from backend.support import service

SUPPORT_GRANT_INACTIVE = "SUPPORT_GRANT_INACTIVE"


async def admit(
    database: Database,
    principal: Principal,
    *,
    channel: str,
    operation: str,
    fields: Sequence[str] = (),
) -> None:
    """Audit a support principal's request; Unauthenticated when its grant is no longer active."""
    if principal.kind is not PrincipalKind.SUPPORT:
        return
    # The gate's own entry names the grant as its entity, not through the visit.
    audit.set_support_visit(None)
    async with database.tenant_session(principal.organization_id) as session:
        active = await service.check_request(
            session, principal, channel=channel, operation=operation, fields=list(fields)
        )
    # Raised after the commit, so the refused attempt stays in the audit log.
    if not active:
        raise Unauthenticated(
            "the support grant was revoked or has expired", code=SUPPORT_GRANT_INACTIVE
        )
    audit.set_support_visit(principal)
