"""Export use cases: request, read, download, and the steps the builder runs.

Exporting needs both READ and EXPORT (admins and managers; API clients with both
scopes). Another tenant's export is simply not found: row-level security hides it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, DomainError, Invalid, NotFound
from backend.db.base import utcnow
from backend.db.enums import ActorType
from backend.db.pagination import Page, PageRequest
from backend.documents import queries as documents
from backend.documents.filters import DocumentFilter
from backend.exports import repository
from backend.exports.columns import (
    SAO_PAULO,
    CellValue,
    document_cells,
    reconciliation_cells,
)
from backend.exports.filters import (
    ExportFilter,
    ExportFormat,
    ExportKind,
    ExportStatus,
    filter_to_json,
    kind_of,
)
from backend.exports.models import Export
from backend.reconciliations import queries as reconciliations
from backend.reconciliations.filters import ReconciliationFilter
from backend.storage import object_key

FILE_LABELS = {ExportKind.DOCUMENTS: "documentos", ExportKind.RECONCILIATIONS: "conciliacoes"}


class ExportNotReady(Conflict):
    """The export is still pending or running."""

    code = "EXPORT_NOT_READY"


class ExportFailed(Conflict):
    """The export failed; ``details.error`` says why."""

    code = "EXPORT_FAILED"


class ExportExpired(DomainError):
    """The export's file was available until ``expires_at``."""

    code = "EXPORT_EXPIRED"
    http_status = 410


@dataclass(frozen=True, slots=True)
class Batch:
    """Cells of one batch of rows and the keyset position after its last row."""

    cells: list[tuple[CellValue, ...]]
    after: tuple[datetime, uuid.UUID] | None


def _check_range(
    errors: dict[str, list[str]], low: object, high: object, field: str, *, inclusive: bool
) -> None:
    if low is None or high is None:
        return
    if (low > high) if inclusive else (low >= high):  # type: ignore[operator]
        errors[field] = ["must be after the lower bound"]


def validate_filter(where: ExportFilter) -> None:
    """Invalid for ranges whose upper bound is below their lower bound."""
    errors: dict[str, list[str]] = {}
    if isinstance(where, DocumentFilter):
        _check_range(errors, where.issued_from, where.issued_to, "issuedTo", inclusive=False)
        _check_range(errors, where.amount_min, where.amount_max, "amountMax", inclusive=True)
    else:
        _check_range(errors, where.created_from, where.created_to, "createdTo", inclusive=False)
        _check_range(errors, where.score_min, where.score_max, "scoreMax", inclusive=True)
    if errors:
        raise Invalid("invalid filter", field_errors=errors)


async def request_export(
    session: AsyncSession,
    principal: Principal,
    kind: ExportKind,
    export_format: ExportFormat,
    where: ExportFilter,
) -> Export:
    """Record a pending export of the rows ``where`` selects; the caller starts its
    workflow after the transaction commits."""
    require(principal, Permission.READ)
    require(principal, Permission.EXPORT)
    if kind_of(where) is not kind:
        raise Invalid("the filter does not fit the export kind", field_errors={"filter": [kind]})
    validate_filter(where)
    export = await repository.add(
        session,
        Export(
            organization_id=principal.organization_id,
            kind=kind.value,
            format=export_format.value,
            filters=filter_to_json(where),
            requested_by=principal.subject_id,
        ),
    )
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="export.requested",
        entity_type="export",
        entity_id=export.id,
        after={"kind": export.kind, "format": export.format, "filters": export.filters},
    )
    return export


async def get_export(session: AsyncSession, principal: Principal, export_id: uuid.UUID) -> Export:
    """One of the tenant's exports; NOT_FOUND for unknown and other tenants' ids alike."""
    require(principal, Permission.EXPORT)
    export = await repository.get(session, export_id)
    if export is None:
        raise NotFound("export not found")
    return export


async def page_exports(session: AsyncSession, principal: Principal, request: PageRequest) -> Page:
    """The tenant's exports, newest first."""
    require(principal, Permission.EXPORT)
    return await repository.page(session, request)


async def count_exports(session: AsyncSession) -> int:
    """How many exports the tenant has."""
    return await repository.count(session)


async def reusable_export(
    session: AsyncSession,
    principal: Principal,
    kind: ExportKind,
    export_format: ExportFormat,
    where: ExportFilter,
) -> Export | None:
    """The newest export of the same kind, format and filter that is pending, running or
    ready and not expired, if any: asking again for it need not build it twice."""
    require(principal, Permission.EXPORT)
    rows = await repository.latest_open(
        session, kind.value, export_format.value, filter_to_json(where), limit=5
    )
    return next((row for row in rows if not is_expired(row)), None)


def is_expired(export: Export, now: datetime | None = None) -> bool:
    """True once a ready export's file is past ``expires_at``."""
    return export.expires_at is not None and export.expires_at <= (now or utcnow())


async def open_download(
    session: AsyncSession, principal: Principal, export_id: uuid.UUID
) -> Export:
    """The export whose file the caller is about to download (audited).

    NOT_FOUND as for get_export; EXPORT_NOT_READY while pending or running;
    EXPORT_FAILED with the reason; EXPORT_EXPIRED after ``expires_at``.
    """
    export = await get_export(session, principal, export_id)
    status = ExportStatus(export.status)
    if status in (ExportStatus.PENDING, ExportStatus.RUNNING):
        raise ExportNotReady("the export is not ready yet", details={"status": status.value})
    if status is ExportStatus.FAILED:
        raise ExportFailed("the export failed", details={"error": export.error or ""})
    if is_expired(export) or export.storage_key is None:
        raise ExportExpired(
            "the export expired; request it again",
            details={"expiresAt": export.expires_at.isoformat() if export.expires_at else None},
        )
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="export.downloaded",
        entity_type="export",
        entity_id=export.id,
    )
    return export


def file_name(export: Export) -> str:
    """What the downloaded file is called: ``conciliacontag-documentos-20261129-1530.csv``."""
    local = export.created_at.astimezone(SAO_PAULO)
    label = FILE_LABELS[ExportKind(export.kind)]
    return f"conciliacontag-{label}-{local:%Y%m%d-%H%M}.{export.format}"


def storage_key(export: Export) -> str:
    """Where the export's file is stored (the same on every attempt, so a retry overwrites)."""
    return object_key(
        export.organization_id, file_name(export), at=export.created_at, object_id=export.id
    )


async def start_build(session: AsyncSession, export_id: uuid.UUID) -> Export:
    """Mark the export running and return it; a ready one is returned as it is."""
    export = await repository.get(session, export_id, lock=True)
    if export is None:
        raise NotFound("export not found")
    if export.status == ExportStatus.READY:
        return export
    if export.status == ExportStatus.FAILED:
        raise Conflict("the export already failed", details={"error": export.error or ""})
    await repository.set_fields(session, export_id, status=ExportStatus.RUNNING.value, error=None)
    return await _reload(session, export_id)


async def _reload(session: AsyncSession, export_id: uuid.UUID) -> Export:
    export = await repository.get(session, export_id)
    if export is None:
        raise NotFound("export not found")
    return export


def _after(rows: Sequence[RowMapping], limit: int) -> tuple[datetime, uuid.UUID] | None:
    if len(rows) < limit:
        return None
    return (rows[-1]["sort_key"], rows[-1]["id"])


async def document_batch(
    session: AsyncSession,
    where: DocumentFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Batch:
    """The next ``limit`` documents of an export as cells."""
    rows = await documents.export_batch(session, where, after=after, limit=limit)
    return Batch(cells=[document_cells(row) for row in rows], after=_after(rows, limit))


async def reconciliation_batch(
    session: AsyncSession,
    where: ReconciliationFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Batch:
    """The next ``limit`` reconciliations of an export, with their sides, as cells."""
    rows = await reconciliations.export_batch(session, where, after=after, limit=limit)
    sides: dict[uuid.UUID, list[RowMapping]] = {row["id"]: [] for row in rows}
    if sides:
        for side in await reconciliations.export_sides(session, list(sides)):
            sides[side["reconciliation_id"]].append(side)
    return Batch(
        cells=[reconciliation_cells(row, sides[row["id"]]) for row in rows],
        after=_after(rows, limit),
    )


async def finish_build(
    session: AsyncSession,
    export: Export,
    *,
    storage_key: str,
    row_count: int,
    size_bytes: int,
    ttl: timedelta,
) -> Export:
    """Mark the export ready until ``now + ttl``."""
    now = utcnow()
    await repository.set_fields(
        session,
        export.id,
        status=ExportStatus.READY.value,
        storage_key=storage_key,
        row_count=row_count,
        size_bytes=size_bytes,
        finished_at=now,
        expires_at=now + ttl,
        error=None,
    )
    await audit.record(
        session,
        organization_id=export.organization_id,
        actor_type=ActorType.SYSTEM,
        actor_id=None,
        action="export.ready",
        entity_type="export",
        entity_id=export.id,
        after={"rows": row_count, "size_bytes": size_bytes},
    )
    return await _reload(session, export.id)


@dataclass(frozen=True, slots=True)
class Expiry:
    """What ``expire_file`` found: the key of a file to delete now, or when to look again."""

    storage_key: str | None
    expires_at: datetime | None


async def expire_file(
    session: AsyncSession, export_id: uuid.UUID, now: datetime | None = None
) -> Expiry:
    """Forget the file of an export past ``expires_at`` (audited ``export.expired``).

    Returns the storage key the caller must delete before committing, so the row and the
    object go together (a retry after a failed commit deletes an already-deleted key,
    which the object store allows). Nothing to do for a missing, unfinished or already
    expired export; an export not yet due answers its ``expires_at``.
    """
    export = await repository.get(session, export_id, lock=True)
    if export is None or export.storage_key is None:
        return Expiry(storage_key=None, expires_at=None)
    if not is_expired(export, now):
        return Expiry(storage_key=None, expires_at=export.expires_at)
    # Read before the UPDATE, which also refreshes the loaded row.
    key, expires_at, organization_id = export.storage_key, export.expires_at, export.organization_id
    await audit.record(
        session,
        organization_id=organization_id,
        actor_type=ActorType.SYSTEM,
        actor_id=None,
        action="export.expired",
        entity_type="export",
        entity_id=export_id,
        before={"storage_key": key, "size_bytes": export.size_bytes},
    )
    await repository.set_fields(session, export_id, storage_key=None)
    return Expiry(storage_key=key, expires_at=expires_at)


async def fail_build(session: AsyncSession, export_id: uuid.UUID, message: str) -> None:
    """Mark the export failed with a message people can read (never a stack trace)."""
    export = await repository.get(session, export_id, lock=True)
    if export is None or export.status == ExportStatus.READY:
        return
    await repository.set_fields(
        session,
        export_id,
        status=ExportStatus.FAILED.value,
        error=message,
        finished_at=utcnow(),
    )
    await audit.record(
        session,
        organization_id=export.organization_id,
        actor_type=ActorType.SYSTEM,
        actor_id=None,
        action="export.failed",
        entity_type="export",
        entity_id=export_id,
        after={"error": message},
    )
