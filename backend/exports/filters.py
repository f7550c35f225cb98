"""What an export was asked for: its kind, format, and the list filter it applies.

An export takes the same filter dataclasses as the GraphQL lists (``DocumentFilter``,
``ReconciliationFilter``), so "export what I see" exports exactly the rows the list
shows. The filter is stored on the export row as JSON and read back by the builder.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from backend.core.errors import Invalid
from backend.documents.filters import DocumentFilter
from backend.reconciliations.filters import ReconciliationFilter


class ExportKind(StrEnum):
    """What is exported."""

    DOCUMENTS = "documents"
    RECONCILIATIONS = "reconciliations"


class ExportFormat(StrEnum):
    """The file format."""

    CSV = "csv"
    XLSX = "xlsx"


class ExportStatus(StrEnum):
    """Where an export is: waiting for the worker, being built, downloadable, or failed."""

    PENDING = "pending"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


ExportFilter = DocumentFilter | ReconciliationFilter
_F = TypeVar("_F", DocumentFilter, ReconciliationFilter)

_DOCUMENTS: TypeAdapter[DocumentFilter] = TypeAdapter(DocumentFilter)
_RECONCILIATIONS: TypeAdapter[ReconciliationFilter] = TypeAdapter(ReconciliationFilter)


def kind_of(where: ExportFilter) -> ExportKind:
    """The export kind a filter belongs to."""
    return ExportKind.DOCUMENTS if isinstance(where, DocumentFilter) else ExportKind.RECONCILIATIONS


def filter_to_json(where: ExportFilter) -> dict[str, Any]:
    """The filter as JSON for the ``filters`` column (unset fields left out)."""
    if isinstance(where, DocumentFilter):
        dumped = _DOCUMENTS.dump_python(where, mode="json", exclude_none=True)
    else:
        dumped = _RECONCILIATIONS.dump_python(where, mode="json", exclude_none=True)
    return cast(dict[str, Any], dumped)


def documents_filter(data: dict[str, Any]) -> DocumentFilter:
    """A stored documents filter; Invalid when the stored JSON is not one."""
    return _read(_DOCUMENTS, data)


def reconciliations_filter(data: dict[str, Any]) -> ReconciliationFilter:
    """A stored reconciliations filter; Invalid when the stored JSON is not one."""
    return _read(_RECONCILIATIONS, data)


def _read(adapter: TypeAdapter[_F], data: dict[str, Any]) -> _F:
    # A filter that does not parse fails the same way on every retry: a domain error.
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        fields = {".".join(map(str, e["loc"])) or "filter": [e["msg"]] for e in exc.errors()}
        raise Invalid("the export's stored filter is invalid", field_errors=fields) from exc
