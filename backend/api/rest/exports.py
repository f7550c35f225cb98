"""Exports: request one (``request_export``, shared with GraphQL's exportDocuments and
exportReconciliations), and ``GET /v1/export/csv`` as the original design names it,
which reuses a matching export or starts one and redirects to its download.

The download itself stays ``GET /v1/exports/{id}`` (backend/api/exports.py): 409
EXPORT_NOT_READY with Retry-After while it is built, then the file.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from starlette.responses import RedirectResponse, Response

from backend.api.exports import download_url, request_export
from backend.api.graphql.exports.types import ExportType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, JsonObject, Output
from backend.api.rest.reconciliations import ReconciliationFilterIn
from backend.api.rest.records import DocumentFilterIn
from backend.auth.rbac import Permission
from backend.documents.filters import DocumentFilter
from backend.exports import service
from backend.exports.filters import ExportFilter, ExportFormat, ExportKind, ExportStatus
from backend.exports.models import Export
from backend.reconciliations.filters import ReconciliationFilter

resource = Resource("exports")


class ExportOut(Output):
    """A CSV or XLSX export, built in the background (GraphQL ``Export``)."""

    id: GlobalId
    kind: ExportKind
    format: ExportFormat
    status: ExportStatus
    row_count: int | None
    size_bytes: int | None
    filters: JsonObject = Field(description="The filter applied, as stored.")
    error: str | None = Field(description="Why it failed, for people to read.")
    created_at: DateTime
    finished_at: DateTime | None
    expires_at: DateTime | None = Field(description="After this the file is gone (410).")
    expired: bool
    download_url: str | None = Field(
        description="GET it with the bearer token; null until ready and once expired."
    )


class ExportAnswer(Output):
    """The export, pending: poll ``GET /v1/exports/{id}`` (409 until it is ready)."""

    export: ExportOut


class ExportIn(Input):
    """What to export: documents or reconciliations, in CSV or XLSX, filtered like the
    lists (``documentFilter`` for documents, ``reconciliationFilter`` for reconciliations)."""

    kind: ExportKind
    format: ExportFormat = ExportFormat.CSV
    document_filter: DocumentFilterIn | None = None
    reconciliation_filter: ReconciliationFilterIn | None = None

    @model_validator(mode="after")
    def _one_filter(self) -> ExportIn:
        wrong = (
            self.reconciliation_filter
            if self.kind is ExportKind.DOCUMENTS
            else self.document_filter
        )
        if wrong is not None:
            raise ValueError(f"a {self.kind.value} export takes only its own filter")
        return self

    def export_filter(self) -> ExportFilter:
        """As the export service's filter."""
        if self.kind is ExportKind.DOCUMENTS:
            return self.document_filter.to_filter() if self.document_filter else DocumentFilter()
        if self.reconciliation_filter is not None:
            return self.reconciliation_filter.reconciliation_filter()
        return ReconciliationFilter()


def export_out(call: Call, export: Export) -> ExportOut:
    """An export as GraphQL's Export converts it."""
    return ExportOut.model_validate(ExportType.from_model(export, call.state.settings))


@resource.route(
    "POST",
    "/v1/exports",
    requires=Permission.EXPORT,
    body=ExportIn,
    response=ExportAnswer,
    status=201,
    creates=True,
    errors=(400,),
)
async def create_export(call: Call) -> ExportAnswer:
    """Export the documents or reconciliations a filter selects (Idempotency-Key honoured).

    Exports share the organization's export budget with GraphQL (429 when spent).
    """
    body = call.payload(ExportIn)
    export = await request_export(
        call.state, call.principal, body.kind, body.format, body.export_filter()
    )
    return ExportAnswer(export=export_out(call, export))


class CsvType(StrEnum):
    """What ``GET /v1/export/csv`` exports."""

    DOCUMENTS = "documents"
    RECONCILIATIONS = "reconciliations"


class CsvQuery(Input):
    """Which export."""

    type: CsvType


_FILTERS: dict[CsvType, tuple[ExportKind, ExportFilter]] = {
    CsvType.DOCUMENTS: (ExportKind.DOCUMENTS, DocumentFilter()),
    CsvType.RECONCILIATIONS: (ExportKind.RECONCILIATIONS, ReconciliationFilter()),
}


@resource.route(
    "GET",
    "/v1/export/csv",
    requires=Permission.EXPORT,
    query=CsvQuery,
    status=303,
)
async def export_csv(call: Call) -> Response:
    """Every document or reconciliation as CSV: 303 to the export's download.

    An unexpired export of the same type (pending, running or ready) is reused; otherwise
    one is started. Follow the redirect: ``GET /v1/exports/{id}`` answers 409
    EXPORT_NOT_READY with Retry-After until the file is built.
    """
    kind, where = _FILTERS[call.params(CsvQuery).type]
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        found = await service.reusable_export(session, principal, kind, ExportFormat.CSV, where)
    export = found or await request_export(call.state, principal, kind, ExportFormat.CSV, where)
    return RedirectResponse(download_url(call.state.settings, export), status_code=303)
