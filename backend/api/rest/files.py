"""Files: the organization, uploads and archive members, reprocessing."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field
from starlette.responses import Response

from backend.api.graphql.files.types import FileType
from backend.api.graphql.relay import from_global_id
from backend.api.graphql.users.types import OrganizationType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, JsonObject, Links, Output, PageInfo
from backend.api.rest.paging import PageQuery, fetch_page, listing
from backend.api.uploads import start_file_ingestion
from backend.auth.rbac import Permission
from backend.db.enums import FileStatus
from backend.files import service
from backend.files.filters import FileFilter, FileSort
from backend.tenancy import service as tenancy

resource = Resource("files")
organizations = Resource("organizations")


class OrganizationOut(Output):
    """The organization a token is bound to (GraphQL ``Organization``)."""

    id: GlobalId
    name: str
    slug: str


@organizations.route(
    "GET", "/v1/organizations/current", requires=Permission.READ, response=OrganizationOut
)
async def get_current_organization(call: Call) -> OrganizationOut:
    """The caller's organization."""
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        organization = await tenancy.current_organization(session, principal.organization_id)
    return OrganizationOut.model_validate(OrganizationType.from_model(organization))


class FileFailureOut(Output):
    """Why a file failed: a stable code, a message, where."""

    code: str
    message: str
    location: JsonObject


class FileWarningOut(Output):
    """Something worth a look that cost no data."""

    code: str
    message: str
    details: JsonObject


class FileOut(Output):
    """An uploaded file or an archive member (GraphQL ``File``)."""

    id: GlobalId
    parent_id: GlobalId | None
    name: str
    kind: str | None
    size_bytes: int
    sha256: str
    status: FileStatus
    members: int = Field(description="Archive members (0 for a plain file).")
    documents: int
    transactions: int
    errors: int
    failure: FileFailureOut | None
    warnings: list[FileWarningOut]
    created_at: DateTime
    processed_at: DateTime | None


class FileDetail(FileOut):
    """A file with the first page of its archive members (``links.next`` for more)."""

    member_files: list[FileOut]
    member_links: Links


class FileList(Output):
    """A page of files."""

    data: list[FileOut]
    page_info: PageInfo
    links: Links


class FilesQuery(PageQuery):
    """Filters of the files list (GraphQL ``FileFilterInput``)."""

    parent_id: GlobalId | None = Field(None, description="This archive's members instead.")
    status: list[FileStatus] | None = None
    kind: list[str] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = Field(None, description="Exclusive.")
    text: str | None = Field(None, description="Part of the file name.")
    with_errors: bool | None = None
    sort: FileSort = FileSort.CREATED_AT


def file_out(row: object) -> FileOut:
    """A files row as GraphQL's File converts it."""
    return FileOut.model_validate(FileType.from_model(row))  # type: ignore[arg-type]


def _filter(query: FilesQuery) -> FileFilter:
    return FileFilter(
        parent_id=from_global_id(query.parent_id, "File") if query.parent_id else None,
        statuses=tuple(query.status) if query.status else None,
        kinds=tuple(query.kind) if query.kind else None,
        created_from=query.created_from,
        created_to=query.created_to,
        text=query.text,
        with_errors=query.with_errors,
    )


@resource.route("GET", "/v1/files", requires=Permission.READ, query=FilesQuery, response=FileList)
async def list_files(call: Call) -> FileList:
    """Uploads, newest first (or one archive's members with parentId)."""
    query = call.params(FilesQuery)
    where = _filter(query)
    page = await fetch_page(
        call,
        lambda session, principal: service.page_files(
            session,
            principal,
            where,
            query.sort,
            descending=query.descending,
            request=query.page_request(),
        ),
    )
    return FileList(**listing(call, page, file_out))


@resource.route(
    "GET",
    "/v1/files/{id}",
    requires=Permission.READ,
    response=FileDetail,
    errors=(404,),
    not_found="file not found",
)
async def get_file(call: Call) -> FileDetail:
    """One file: status, counters, failure, warnings and its archive members."""
    file_id = call.global_id("File")
    principal = call.principal
    members = PageQuery(limit=100)
    async with call.state.database.tenant_session(principal.organization_id) as session:
        file = await service.get_file(session, file_id)
        page = await service.page_files(
            session,
            principal,
            FileFilter(parent_id=file_id),
            FileSort.NAME,
            descending=False,
            request=members.page_request(),
        )
    base = f"{call.state.settings.base_url}/v1/files?parentId={call.request.path_params['id']}"
    return FileDetail(
        **file_out(file).model_dump(),
        member_files=[file_out(row) for row in page.rows],
        member_links=Links(
            next=f"{base}&sort=name&direction=asc&after={page.cursors[-1]}"
            if page.has_next
            else None,
            previous=None,
        ),
    )


class ReprocessOut(Output):
    """The file, back to ``uploaded`` with its ingestion started again."""

    file: FileOut


class ReprocessIn(Input):
    """Which file to process again."""

    file_id: GlobalId


async def _reprocess(call: Call, global_id: str) -> ReprocessOut:
    principal = call.principal
    file_id = from_global_id(global_id, "File")
    async with call.state.database.tenant_session(principal.organization_id) as session:
        file = await service.request_reprocess(
            session, file_id, actor_id=principal.subject_id, actor_type=principal.actor_type
        )
    await start_file_ingestion(call.state, principal, file.id)
    return ReprocessOut(file=file_out(file))


@resource.route(
    "POST",
    "/v1/files/{id}/reprocess",
    requires=Permission.UPLOAD,
    response=ReprocessOut,
    errors=(404, 409),
    not_found="file not found",
)
async def reprocess_file(call: Call) -> ReprocessOut | Response:
    """Process a failed or processed file again (GraphQL ``reprocessFile``).

    Nothing already stored is duplicated: ingestion is idempotent. A file being
    processed answers 409 FILE_BUSY.
    """
    return await _reprocess(call, str(call.request.path_params["id"]))


@resource.route(
    "POST",
    "/v1/reprocess",
    requires=Permission.UPLOAD,
    body=ReprocessIn,
    response=ReprocessOut,
    errors=(400, 404, 409),
    not_found="file not found",
)
async def reprocess(call: Call) -> ReprocessOut:
    """Process a file again, named in the body (``{"fileId": …}``; ``file_id`` works too)."""
    return await _reprocess(call, call.payload(ReprocessIn).file_id)
