"""POST /v1/uploads: plain multipart upload for clients that prefer it to GraphQL.

The file part is streamed to the object store (hashing, size limit, sniffing), the
files row is committed, and only then is IngestFileWorkflow started, so a rolled-back
upload never starts a workflow. A duplicate (same bytes, same tenant) returns the
existing file and starts nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message

from backend.api.ratelimit import Bucket, organization_key
from backend.api.security import bearer_token, principal_from_token, require_principal
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Invalid
from backend.core.global_ids import to_global_id
from backend.core.text import require_storable
from backend.files import service as files
from backend.files.models import File
from backend.files.service import UploadResult
from backend.storage import ObjectTooLarge
from backend.support import gate as support_gate
from workflows.client import start_ingest
from workflows.ingest.models import IngestFileInput

CHUNK = 1024 * 1024
# Room for the multipart boundaries and part headers around the file.
MULTIPART_OVERHEAD = 64 * 1024


def file_json(file: File) -> dict[str, object]:
    """The REST shape of a file: GraphQL's ``File`` field names, ``sizeBytes`` a number."""
    return {
        "id": str(to_global_id("File", file.id)),
        "name": file.original_name,
        "kind": file.detected_kind,
        "sizeBytes": file.size_bytes,
        "sha256": file.sha256,
        "status": file.status,
        "members": file.members_count,
        "documents": file.documents_count,
        "transactions": file.transactions_count,
        "errors": file.errors_count,
    }


async def accept_upload(
    state: AppState,
    principal: Principal,
    *,
    filename: str,
    content_type: str | None,
    chunks: AsyncIterable[bytes],
) -> UploadResult:
    """Store, record and (after commit) start ingesting an upload; REST and GraphQL share it."""
    require(principal, Permission.UPLOAD)
    # The name is cleaned for display (safe_display_name); the content type is stored as sent.
    require_storable({"file.contentType": content_type})
    limits, organization = state.rate_limits, organization_key(principal.organization_id)
    await limits.hit(Bucket.UPLOADS, organization)
    await limits.ensure(Bucket.UPLOAD_BYTES, organization)
    staged = await files.stage_upload(
        state.store,
        chunks,
        organization_id=principal.organization_id,
        uploaded_by=principal.user_id,
        actor=(principal.actor_type, principal.subject_id),
        filename=filename,
        content_type=content_type,
        max_bytes=state.settings.upload_max_bytes,
    )
    # Known only now: a large upload leaves the bucket in debt for the next ones.
    await limits.charge(Bucket.UPLOAD_BYTES, organization, staged.size)
    async with state.database.tenant_session(principal.organization_id) as session:
        result = await files.register_upload(session, state.store, staged)
    if result.created:
        await start_file_ingestion(state, principal, result.file.id)
    return result


async def start_file_ingestion(state: AppState, principal: Principal, file_id: uuid.UUID) -> None:
    """Start IngestFileWorkflow for a committed file (a running one is joined)."""
    client = await state.temporal.get()
    await start_ingest(
        client,
        state.settings,
        IngestFileInput(
            organization_id=principal.organization_id,
            file_id=file_id,
            requested_by=principal.subject_id,
        ),
    )


def bounded(request: Request, max_bytes: int) -> Request:
    """``request`` with a body of at most ``max_bytes`` plus multipart overhead.

    Starlette spools a multipart file to a temporary file before the handler reads it;
    this refuses a larger body (FILE_TOO_LARGE, 413) from its Content-Length before
    reading, or, without one, as soon as the bytes received pass the limit.
    """
    limit = max_bytes + MULTIPART_OVERHEAD
    error = ObjectTooLarge(
        f"file exceeds the limit of {max_bytes} bytes", details={"max_bytes": max_bytes}
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise error
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise error
        return message

    return Request(request.scope, receive)


def upload_endpoint(state: AppState) -> Callable[[Request], Awaitable[Response]]:
    """The route handler bound to the app's state."""

    async def endpoint(request: Request) -> Response:
        principal = require_principal(
            principal_from_token(state.auth.tokens, bearer_token(request))
        )
        # Support tokens: check the grant and audit the request before anything runs.
        await support_gate.admit(
            state.database,
            principal,
            channel="rest",
            operation=f"{request.method} {request.url.path}",
        )
        # Refused before the body is read: nothing is spooled for a limited client.
        organization = organization_key(principal.organization_id)
        await state.rate_limits.ensure(Bucket.UPLOADS, organization)
        await state.rate_limits.ensure(Bucket.UPLOAD_BYTES, organization)
        body = bounded(request, state.settings.upload_max_bytes)
        form = await body.form(max_files=1, max_fields=4)
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise Invalid(
                "send the file as the multipart field 'file'", field_errors={"file": ["required"]}
            )

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await part.read(CHUNK):
                yield chunk

        result = await accept_upload(
            state,
            principal,
            filename=part.filename or "upload",
            content_type=part.content_type,
            chunks=chunks(),
        )
        return JSONResponse(
            {"file": file_json(result.file), "duplicate": not result.created},
            status_code=201 if result.created else 200,
        )

    return endpoint
