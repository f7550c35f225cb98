"""GraphQL types of exports and the filters an export takes.

The filter inputs mirror the list filters field for field (same names, same meaning),
so a client can send the variables of the list it shows ("export what I see").
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.exports import download_url
from backend.api.graphql.errors import (
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from backend.api.graphql.relay import (
    BigInt,
    Connection,
    Node,
    to_global_id,
)
from backend.core.settings import Settings
from backend.exports import service
from backend.exports.filters import ExportFormat, ExportKind, ExportStatus
from backend.exports.models import Export

# Registered under their class names; the classes themselves are used in annotations.
for _enum in (ExportKind, ExportFormat, ExportStatus):
    strawberry.enum(_enum)


@strawberry.type(name="Export")
class ExportType(Node):
    """A CSV or XLSX export of documents or reconciliations, built in the background."""

    id: strawberry.ID
    kind: ExportKind
    format: ExportFormat
    status: ExportStatus
    row_count: int | None
    size_bytes: BigInt | None = strawberry.field(
        description="Bytes, a JSON number (sizes can pass 2^31), as File.sizeBytes."
    )
    filters: JSON = strawberry.field(description="The filter applied, as stored.")
    error: str | None = strawberry.field(description="Why it failed, for people to read.")
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None = strawberry.field(
        description="After this instant the file is gone (the download answers 410)."
    )
    expired: bool
    download_url: str | None = strawberry.field(
        description="GET it with the bearer token; null until ready and once expired."
    )

    @classmethod
    def from_model(cls, export: Export, settings: Settings) -> ExportType:
        """From the table model; the link is built from the public base URL."""
        expired = service.is_expired(export)
        ready = export.status == ExportStatus.READY and not expired
        return cls(
            id=to_global_id("Export", export.id),
            kind=ExportKind(export.kind),
            format=ExportFormat(export.format),
            status=ExportStatus(export.status),
            row_count=export.row_count,
            size_bytes=BigInt(export.size_bytes) if export.size_bytes is not None else None,
            filters=cast(JSON, export.filters),
            error=export.error,
            created_at=export.created_at,
            finished_at=export.finished_at,
            expires_at=export.expires_at,
            expired=expired,
            download_url=download_url(settings, export) if ready else None,
        )


@strawberry.type
class ExportSuccess:
    """The export, pending: poll export(id) (or node(id)) until it is ready."""

    export: ExportType


ExportResult = Annotated[
    ExportSuccess | ValidationError | NotFoundError | PermissionDeniedError | RateLimitedError,
    strawberry.union("ExportResult"),
]
ExportConnection = Connection[ExportType]
