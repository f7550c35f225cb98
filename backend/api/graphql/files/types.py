"""GraphQL types for uploaded files and archive members."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.errors import (
    ConflictError,
    FileTooLargeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from backend.api.graphql.relay import BigInt, Connection, Node, to_global_id
from backend.files.models import File


@strawberry.type
class FileFailure:
    """Why a file (or archive member) failed: a stable code, a message, where."""

    code: str
    message: str
    location: JSON


@strawberry.type
class FileWarning:
    """Something worth a look that cost no data: a document of no company of yours
    (DOCUMENT_NOT_OF_COMPANY), a side effect that gave up after storing (a webhook or
    the search index), ... ``details`` holds the rest (the document, the path)."""

    code: str
    message: str
    details: JSON


@strawberry.type(name="File")
class FileType(Node):
    """An uploaded file or an archive member, with its processing status and counters."""

    id: strawberry.ID
    parent_id: strawberry.ID | None
    name: str
    kind: str | None
    size_bytes: BigInt = strawberry.field(
        description="Bytes, a JSON number as in POST /v1/uploads (uploads can pass 2^31)."
    )
    sha256: str
    status: str
    members: int
    documents: int
    transactions: int
    errors: int
    failure: FileFailure | None
    warnings: list[FileWarning]
    created_at: datetime
    processed_at: datetime | None

    @classmethod
    def from_model(cls, file: File) -> FileType:
        """Build from the table model."""
        failure = (
            FileFailure(
                code=file.error_code,
                message=file.error_message or "",
                location=cast(JSON, file.error_location or {}),
            )
            if file.error_code
            else None
        )
        return cls(
            id=to_global_id("File", file.id),
            parent_id=to_global_id("File", file.parent_id) if file.parent_id else None,
            name=file.original_name,
            kind=file.detected_kind,
            size_bytes=BigInt(file.size_bytes),
            sha256=file.sha256,
            status=file.status,
            members=file.members_count,
            documents=file.documents_count,
            transactions=file.transactions_count,
            errors=file.errors_count,
            failure=failure,
            warnings=[
                FileWarning(
                    code=str(w.get("code", "")),
                    message=str(w.get("message", "")),
                    details=cast(
                        JSON, {k: v for k, v in w.items() if k not in {"code", "message"}}
                    ),
                )
                for w in file.warnings or []
            ],
            created_at=file.created_at,
            processed_at=file.processed_at,
        )


@strawberry.type
class UploadFileSuccess:
    """The stored file; ``duplicate`` when the tenant had sent the same bytes before."""

    file: FileType
    duplicate: bool


@strawberry.type
class ReprocessFileSuccess:
    """The file, back to ``uploaded`` with its ingestion started again."""

    file: FileType


UploadFileResult = Annotated[
    UploadFileSuccess
    | ValidationError
    | FileTooLargeError
    | PermissionDeniedError
    | RateLimitedError,
    strawberry.union("UploadFileResult"),
]
ReprocessFileResult = Annotated[
    ReprocessFileSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("ReprocessFileResult"),
]


FileConnection = Connection[FileType]
