"""exportDocuments and exportReconciliations: record the export, then start its workflow."""

from __future__ import annotations

import strawberry

from backend.api.exports import request_export
from backend.api.graphql.context import Info
from backend.api.graphql.documents.queries import DocumentFilterInput
from backend.api.graphql.exports.types import (
    ExportResult,
    ExportSuccess,
    ExportType,
)
from backend.api.graphql.reconciliations.queries import ReconciliationFilterInput
from backend.documents.filters import DocumentFilter
from backend.exports.filters import ExportFormat, ExportKind
from backend.reconciliations.filters import ReconciliationFilter


@strawberry.type
class ExportMutations:
    """Exports to CSV or XLSX (admins and managers; API clients with the export scope)."""

    @strawberry.mutation(description="Export the documents the filter selects.")
    async def export_documents(
        self,
        info: Info,
        format: ExportFormat,
        filter: DocumentFilterInput | None = None,
    ) -> ExportResult:
        """The export starts pending; it is built in the background."""
        principal = info.context.require_principal()
        where = filter.to_filter() if filter else DocumentFilter()
        state = info.context.state
        export = await request_export(state, principal, ExportKind.DOCUMENTS, format, where)
        return ExportSuccess(export=ExportType.from_model(export, state.settings))

    @strawberry.mutation(description="Export the reconciliations the filter selects.")
    async def export_reconciliations(
        self,
        info: Info,
        format: ExportFormat,
        filter: ReconciliationFilterInput | None = None,
    ) -> ExportResult:
        """The export starts pending; it is built in the background."""
        principal = info.context.require_principal()
        where = filter.to_filter() if filter else ReconciliationFilter()
        state = info.context.state
        export = await request_export(state, principal, ExportKind.RECONCILIATIONS, format, where)
        return ExportSuccess(export=ExportType.from_model(export, state.settings))
