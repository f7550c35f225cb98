"""GET /v1/files/{id}/content: the bytes a tenant uploaded (a document's XML or PDF).

The web app's document page downloads the original XML and the linked DANFE PDF from
here with the bearer token. The lookup runs in the caller's tenant session (RLS), so
a malformed id, an unknown id and another organization's id all answer the same 404
NOT_FOUND. An archive member is read out of its archive (the member row shares the
archive's ``storage_key``); a stored object that is gone also answers 404.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from backend.api.graphql.relay import from_global_id
from backend.api.ratelimit import Bucket, organization_key
from backend.api.security import bearer_token, principal_from_token, require_principal
from backend.api.state import AppState
from backend.core.errors import NotFound
from backend.files import service as files
from backend.files.models import File
from backend.storage import ObjectNotFound, ObjectStore
from backend.storage.keys import safe_filename
from backend.support import gate as support_gate

# Read whole only for archive members (bounded by the upload limit upstream).
_CHUNK = 1 << 16
_TYPES = {".xml": "application/xml", ".pdf": "application/pdf", ".zip": "application/zip"}


def _content_type(file: File, name: str) -> str:
    lowered = name.lower()
    for suffix, media in _TYPES.items():
        if lowered.endswith(suffix):
            return media
    return file.content_type or "application/octet-stream"


def _disposition(name: str) -> str:
    ascii_name = safe_filename(name) or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


async def _member_bytes(store: ObjectStore, key: str, member: str) -> bytes:
    """One member of the archive at ``key`` (one level of nesting: ``outer.zip/inner``)."""
    data = bytearray()
    async for chunk in store.get(key):
        data.extend(chunk)
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    names = set(archive.namelist())
    if member in names:
        return archive.read(member)
    for name in names:
        prefix = f"{name}/"
        if member.startswith(prefix):
            inner = zipfile.ZipFile(io.BytesIO(archive.read(name)))
            return inner.read(member[len(prefix) :])
    raise NotFound("file not found")


async def _once(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), _CHUNK):
        yield data[start : start + _CHUNK]


def file_content_endpoint(state: AppState) -> Callable[[Request], Awaitable[Response]]:
    """The GET /v1/files/{id}/content handler bound to the app's state."""

    async def endpoint(request: Request) -> Response:
        principal = require_principal(
            principal_from_token(state.auth.tokens, bearer_token(request))
        )
        await support_gate.admit(
            state.database,
            principal,
            channel="rest",
            operation=f"{request.method} {request.url.path}",
        )
        await state.rate_limits.hit(Bucket.DOWNLOADS, organization_key(principal.organization_id))
        try:
            file_id = from_global_id(request.path_params["id"], "File")
        except NotFound as exc:
            raise NotFound("file not found") from exc
        async with state.database.tenant_session(principal.organization_id) as session:
            file = await files.get_file(session, file_id)  # NotFound for another tenant's id
        name = files.safe_display_name(file.archive_member or file.original_name)
        headers = {
            "Content-Disposition": _disposition(name),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        try:
            if file.archive_member is not None:
                data = await _member_bytes(state.store, file.storage_key, file.archive_member)
                headers["Content-Length"] = str(len(data))
                body: AsyncIterator[bytes] = _once(data)
            else:
                info = await state.store.head(file.storage_key)
                headers["Content-Length"] = str(info.size)
                body = state.store.get(file.storage_key)
        except (ObjectNotFound, KeyError, zipfile.BadZipFile) as exc:
            raise NotFound("file not found") from exc
        return StreamingResponse(body, media_type=_content_type(file, name), headers=headers)

    return endpoint
