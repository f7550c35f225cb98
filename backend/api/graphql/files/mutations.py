"""uploadFile (GraphQL multipart request spec) and reprocessFile."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from backend.api.graphql.context import Info
from backend.api.graphql.files.types import (
    FileType,
    ReprocessFileResult,
    ReprocessFileSuccess,
    UploadFileResult,
    UploadFileSuccess,
)
from backend.api.graphql.relay import from_global_id
from backend.api.uploads import CHUNK, accept_upload, start_file_ingestion
from backend.auth.rbac import Permission, require
from backend.files import service


@strawberry.type
class FileMutations:
    """Sending files and processing them again."""

    @strawberry.mutation(description="Upload a file (multipart request); ingestion starts.")
    async def upload_file(self, info: Info, file: Upload) -> UploadFileResult:
        """The same bytes uploaded again return the existing file (duplicate: true)."""
        principal = info.context.require_principal()
        # On Starlette the multipart part arrives as Starlette's UploadFile.
        part = cast(UploadFile, file)

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await part.read(CHUNK):
                yield chunk

        result = await accept_upload(
            info.context.state,
            principal,
            filename=part.filename or "upload",
            content_type=part.content_type,
            chunks=chunks(),
        )
        return UploadFileSuccess(
            file=FileType.from_model(result.file), duplicate=not result.created
        )

    @strawberry.mutation(description="Process a failed or processed file again.")
    async def reprocess_file(self, info: Info, id: strawberry.ID) -> ReprocessFileResult:
        """Nothing already stored is duplicated: ingestion is idempotent."""
        principal = info.context.require_principal()
        require(principal, Permission.UPLOAD)
        file_id = from_global_id(id, "File")
        state = info.context.state
        async with state.database.tenant_session(principal.organization_id) as session:
            file = await service.request_reprocess(
                session, file_id, actor_id=principal.subject_id, actor_type=principal.actor_type
            )
        await start_file_ingestion(state, principal, file.id)
        return ReprocessFileSuccess(file=FileType.from_model(file))
