"""reconciliationChanged: live reconciliation changes of the caller's organization."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import to_global_id
from backend.auth.rbac import Permission, require
from backend.reconciliations.queries import listen_changes


@strawberry.type
class ReconciliationChange:
    """One committed change: a person's decision, an engine run or a reset."""

    change: str = strawberry.field(
        description="accepted, rejected, matched, unmatched, reset or run."
    )
    reconciliation_ids: list[strawberry.ID]
    dropped_ids: list[strawberry.ID] = strawberry.field(
        description="Suggestions or matches that no longer exist because of it."
    )
    matched: int | None = None
    suggested: int | None = None


def _ids(raw: object) -> list[strawberry.ID]:
    return [to_global_id("Reconciliation", uuid.UUID(str(r))) for r in raw or []]  # type: ignore[attr-defined]


@strawberry.type
class ReconciliationSubscriptions:
    """Subscriptions about reconciliations (graphql-transport-ws)."""

    @strawberry.subscription(
        description="Reconciliation changes of the organization, as they commit."
    )
    async def reconciliation_changed(
        self, info: Info
    ) -> AsyncGenerator[ReconciliationChange, None]:
        """Only the caller's organization: it comes from the verified token."""
        principal = info.context.require_principal()
        require(principal, Permission.READ)
        dsn = info.context.state.settings.database_url or ""
        async for event in listen_changes(dsn, principal.organization_id):
            yield ReconciliationChange(
                change=str(event.get("change", "")),
                reconciliation_ids=_ids(event.get("reconciliation_ids")),
                dropped_ids=_ids(event.get("dropped_ids")),
                matched=event.get("matched"),
                suggested=event.get("suggested"),
            )
