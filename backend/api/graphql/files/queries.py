"""Reading files."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import FileSortEnum, FileStatusEnum
from backend.api.graphql.files.types import FileConnection, FileType
from backend.api.graphql.relay import (
    SortDirection,
    from_global_id,
    node_loader,
    page_request,
    resolve_connection,
)
from backend.auth.rbac import Permission, require
from backend.core.errors import NotFound
from backend.files import service
from backend.files.filters import FileFilter, FileSort


@strawberry.type
class FileQueries:
    """Queries about uploaded files."""

    @strawberry.field(description="A file or archive member of the caller's organization.")
    async def file(self, info: Info, id: strawberry.ID) -> FileType | None:
        """None when it does not exist or belongs to another organization."""
        require(info.context.require_principal(), Permission.READ)
        try:
            file_id = from_global_id(id, "File")
        except NotFound:
            return None
        return await load_file(info, file_id)

    @strawberry.field(description="Uploads (or, with parentId, one archive's members).")
    async def files(
        self,
        info: Info,
        filter: FileFilterInput | None = None,
        sort: FileSortEnum = FileSort.CREATED_AT,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> FileConnection:
        """A page of files (at most 100)."""
        where = filter.to_filter() if filter else FileFilter()
        return await resolve_connection(
            info,
            lambda session, principal: service.page_files(
                session,
                principal,
                where,
                FileSort(sort),
                descending=direction is SortDirection.DESC,
                request=page_request(first, after, last, before),
            ),
            lambda session: service.count_files(session, where),
            FileType.from_model,
        )


@strawberry.input
class FileFilterInput:
    """Narrow the files list; every field is optional and they combine with AND."""

    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="List this archive's members instead of top-level uploads."
    )
    status: list[FileStatusEnum] | None = None
    kind: list[str] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    text: str | None = strawberry.field(default=None, description="Part of the file name.")
    with_errors: bool | None = None

    def to_filter(self) -> FileFilter:
        """As the repository's filter."""
        return FileFilter(
            parent_id=from_global_id(self.parent_id, "File") if self.parent_id else None,
            statuses=tuple(s.value for s in self.status) if self.status else None,
            kinds=tuple(self.kind) if self.kind else None,
            created_from=self.created_from,
            created_to=self.created_to,
            text=self.text,
            with_errors=self.with_errors,
        )


@node_loader("File")
async def load_file(info: Info, row_id: uuid.UUID) -> FileType | None:
    """node(id) for files."""
    found = await info.context.loaders().file.load(row_id)
    return FileType.from_model(found) if found else None
