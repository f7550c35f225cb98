"""export(id), exports, and node(id) for exports."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.exports.types import ExportConnection, ExportType
from backend.api.graphql.relay import from_global_id, node_loader, page_request
from backend.auth.rbac import Permission, can
from backend.core.errors import NotFound
from backend.exports import service


@strawberry.type
class ExportQueries:
    """The organization's exports (roles that may export)."""

    @strawberry.field(description="One export; null when absent or another organization's.")
    async def export(self, info: Info, id: strawberry.ID) -> ExportType | None:
        """Poll this until status is READY, then GET its downloadUrl."""
        principal = info.context.require_principal()
        try:
            export_id = from_global_id(id, "Export")
        except NotFound:
            return None
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            try:
                export = await service.get_export(session, principal, export_id)
            except NotFound:
                return None
        return ExportType.from_model(export, state.settings)

    @strawberry.field(description="Exports, newest first.")
    async def exports(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ExportConnection:
        """A page of exports (at most 100)."""
        principal = info.context.require_principal()
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            page = await service.page_exports(
                session, principal, page_request(first, after, last, before)
            )

        async def count() -> int:
            async with state.database.tenant_session(principal.organization_id) as session:
                return await service.count_exports(session)

        return ExportConnection.from_page(
            page, lambda row: ExportType.from_model(row, state.settings), count
        )


@node_loader("Export")
async def load_export(info: Info, row_id: uuid.UUID) -> ExportType | None:
    """node(id) for exports: null for roles that may not export, as for a missing id."""
    principal = info.context.require_principal()
    if not can(principal, Permission.EXPORT):
        return None
    state = info.context.state
    async with state.database.tenant_session(principal.organization_id) as session:
        try:
            export = await service.get_export(session, principal, row_id)
        except NotFound:
            return None
    return ExportType.from_model(export, state.settings)
