"""fileProgress: live status and counters of the caller's organization's files."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import to_global_id
from backend.auth.rbac import Permission, require
from backend.files.progress import listen_progress


@strawberry.type
class FileProgress:
    """One committed change of a file's status or counters."""

    file_id: strawberry.ID
    parent_id: strawberry.ID | None
    status: str
    members: int
    documents: int
    transactions: int
    errors: int
    error_code: str | None


@strawberry.type
class FileSubscriptions:
    """Subscriptions about files (graphql-transport-ws)."""

    @strawberry.subscription(description="Progress of the organization's files, as it commits.")
    async def file_progress(self, info: Info) -> AsyncGenerator[FileProgress, None]:
        """Only the caller's organization: it comes from the verified token."""
        principal = info.context.require_principal()
        require(principal, Permission.READ)
        dsn = info.context.state.settings.database_url or ""
        async for event in listen_progress(dsn, principal.organization_id):
            yield FileProgress(
                file_id=to_global_id("File", uuid.UUID(str(event["file_id"]))),
                parent_id=(
                    to_global_id("File", uuid.UUID(str(event["parent_id"])))
                    if event["parent_id"]
                    else None
                ),
                status=str(event["status"]),
                members=int(event["members"]),
                documents=int(event["documents"]),
                transactions=int(event["transactions"]),
                errors=int(event["errors"]),
                error_code=event.get("error_code"),
            )
