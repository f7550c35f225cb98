"""Reading files."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.files.types import FileType
from backend.core.errors import NotFound
from backend.files import service


@strawberry.type
class FileQueries:
    """Queries about uploaded files."""

    @strawberry.field(description="A file or archive member of the caller's organization.")
    async def file(self, info: Info, id: strawberry.ID) -> FileType | None:  # noqa: A002
        """None when it does not exist or belongs to another organization."""
        principal = info.context.require_principal()
        try:
            file_id = uuid.UUID(str(id))
        except ValueError:
            return None
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            try:
                return FileType.from_model(await service.get_file(session, file_id))
            except NotFound:
                return None
