"""Exports over HTTP: requesting one (shared with GraphQL) and GET /v1/exports/{id}.

The download streams the stored file with a bearer token, like every REST route.
Answers: 200 with the file; 401 without a valid token; 403 for a role that may not
export; 404 NOT_FOUND for a malformed id, an unknown id and another tenant's id alike;
409 EXPORT_NOT_READY (with Retry-After) while it is pending or running and
409 EXPORT_FAILED once it failed; 410 EXPORT_EXPIRED after ``expires_at``; 429
RATE_LIMITED (with Retry-After) past the organization's download rate (docs/limits.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from backend.api.graphql.relay import from_global_id, to_global_id
from backend.api.ratelimit import Bucket, organization_key
from backend.api.security import bearer_token, principal_from_token, require_principal
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.core.errors import NotFound, ServiceUnavailable
from backend.core.logging import get_logger
from backend.core.settings import Settings
from backend.exports import service as exports
from backend.exports.filters import ExportFilter, ExportFormat, ExportKind
from backend.exports.models import Export
from backend.exports.writers import CONTENT_TYPES
from backend.storage import ObjectNotFound
from backend.support import gate as support_gate
from workflows.client import start_export
from workflows.exports.models import ExportInput

# Seconds a client should wait before asking again for an export still being built.
RETRY_AFTER = 5
_log = get_logger("backend.api.exports")


def download_url(settings: Settings, export: Export) -> str:
    """Where the export's file is downloaded (bearer token required)."""
    return f"{settings.base_url}/v1/exports/{to_global_id('Export', export.id)}"


async def request_export(
    state: AppState,
    principal: Principal,
    kind: ExportKind,
    export_format: ExportFormat,
    where: ExportFilter,
) -> Export:
    """Record the export, commit, then start its workflow (``export-{id}``).

    If Temporal cannot be reached the export is marked failed rather than left
    pending forever, and the caller gets UNAVAILABLE.
    """
    database = state.database
    # Only recorded exports count: refused ones (role, filter) cost nothing.
    organization = organization_key(principal.organization_id)
    await state.rate_limits.ensure(Bucket.EXPORTS, organization)
    async with database.tenant_session(principal.organization_id) as session:
        export = await exports.request_export(session, principal, kind, export_format, where)
    await state.rate_limits.charge(Bucket.EXPORTS, organization, 1)
    try:
        client = await state.temporal.get()
        await start_export(
            client,
            state.settings,
            ExportInput(
                organization_id=principal.organization_id,
                export_id=export.id,
                requested_by=principal.subject_id,
            ),
        )
    except Exception as exc:
        _log.exception("could not start the export workflow", export_id=str(export.id))
        async with database.tenant_session(principal.organization_id) as session:
            await exports.fail_build(
                session, export.id, "the export could not be started; request it again"
            )
        raise ServiceUnavailable("the export could not be started; try again later") from exc
    return export


def _content_disposition(name: str) -> str:
    # The name is ASCII by construction; filename* keeps it right if that ever changes.
    return f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"


def export_download_endpoint(state: AppState) -> Callable[[Request], Awaitable[Response]]:
    """The GET /v1/exports/{id} handler bound to the app's state."""

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
        await state.rate_limits.hit(Bucket.DOWNLOADS, organization_key(principal.organization_id))
        try:
            export_id = from_global_id(request.path_params["id"], "Export")
        except NotFound as exc:
            # One answer for every id that names nothing the caller may see.
            raise NotFound("export not found") from exc
        try:
            async with state.database.tenant_session(principal.organization_id) as session:
                export = await exports.open_download(session, principal, export_id)
        except exports.ExportNotReady as exc:
            return JSONResponse(
                exc.to_dict(), status_code=409, headers={"Retry-After": str(RETRY_AFTER)}
            )
        assert export.storage_key is not None
        try:
            info = await state.store.head(export.storage_key)
        except ObjectNotFound as exc:
            # The file was purged before its row: the same answer as an expired export.
            raise exports.ExportExpired("the export expired; request it again") from exc
        name = exports.file_name(export)
        return StreamingResponse(
            state.store.get(export.storage_key),
            media_type=CONTENT_TYPES[ExportFormat(export.format)],
            headers={
                "Content-Disposition": _content_disposition(name),
                "Content-Length": str(info.size),
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return endpoint
