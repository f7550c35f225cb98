"""SQL for files: insert-or-get by SHA-256, status and counter transitions, progress notices."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, cast, func, or_, text, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.bulk import batches
from backend.db.notifications import notify
from backend.db.pagination import (
    Page,
    PageRequest,
    SortColumn,
    count_rows,
    keyset_page,
    like_pattern,
)
from backend.files.filters import FileFilter, FileSort
from backend.files.models import File

PROGRESS_CHANNEL = "file_progress"


async def insert_if_new(session: AsyncSession, values: dict[str, Any]) -> File | None:
    """Insert a file row unless the tenant already has these bytes; None when it has."""
    statement = (
        insert(File)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["organization_id", "sha256"])
        .returning(File)
    )
    result = await session.execute(statement)
    return result.scalar_one_or_none()


async def get(session: AsyncSession, file_id: uuid.UUID) -> File | None:
    """The file, if visible to the current tenant."""
    return await session.get(File, file_id, populate_existing=True)


async def get_by_sha256(session: AsyncSession, sha256: str) -> File | None:
    """The current tenant's file with these bytes."""
    result = await session.execute(select(File).where(col(File.sha256) == sha256))
    return result.scalar_one_or_none()


async def update_file(session: AsyncSession, file_id: uuid.UUID, **values: Any) -> File | None:
    """Set columns and return the updated row (None if not visible)."""
    result = await session.execute(
        update(File)
        .where(col(File.id) == file_id)
        .values(**values)
        .returning(File)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return result.scalar_one_or_none()


async def notify_progress(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Queue a progress notice; PostgreSQL delivers it to listeners only if we commit."""
    await notify(session, PROGRESS_CHANNEL, payload)


async def sum_children_counters(session: AsyncSession, parent_id: uuid.UUID) -> File | None:
    """Set an archive's counters to the sums over its members (exact after retries)."""
    result = await session.execute(
        text(
            "update files p set members_count = s.members, documents_count = s.documents,"
            " transactions_count = s.transactions, errors_count = s.errors, updated_at = now()"
            " from (select count(*) as members, coalesce(sum(documents_count), 0) as documents,"
            " coalesce(sum(transactions_count), 0) as transactions,"
            " coalesce(sum(errors_count), 0) + count(*) filter (where status = 'failed') as errors"
            " from files where parent_id = :parent) s where p.id = :parent returning p.id"
        ),
        {"parent": parent_id},
    )
    if result.scalar_one_or_none() is None:
        return None
    return await get(session, parent_id)


async def reset_members(session: AsyncSession, parent_id: uuid.UUID) -> None:
    """Put an archive's members back to processing with no failure, warnings or counters."""
    await session.execute(
        update(File)
        .where(col(File.parent_id) == parent_id)
        .values(
            status="processing",
            error_code=None,
            error_message=None,
            error_location=None,
            warnings=[],
            documents_count=0,
            transactions_count=0,
            errors_count=0,
            processed_at=None,
            updated_at=func.now(),
        )
        .execution_options(synchronize_session=False)
    )


async def add_warning(
    session: AsyncSession, file_id: uuid.UUID, warning: dict[str, Any]
) -> File | None:
    """Append one warning to the file's list."""
    result = await session.execute(
        update(File)
        .where(col(File.id) == file_id)
        .values(
            warnings=func.coalesce(col(File.warnings), cast([], JSONB)) + cast([warning], JSONB)
        )
        .returning(File)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return result.scalar_one_or_none()


async def family_ids(session: AsyncSession, file_id: uuid.UUID) -> list[uuid.UUID]:
    """The file and its archive members."""
    result = await session.execute(
        select(File.id).where((col(File.id) == file_id) | (col(File.parent_id) == file_id))
    )
    return list(result.scalars())


async def insert_members(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[str, tuple[File, bool]]:
    """Insert member rows in one statement; return sha256 → (row, created) for all of them.

    Rows whose bytes the tenant already has resolve to the existing file.
    """
    if not rows:
        return {}
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row["sha256"], row)  # the first name of identical members is kept
    unique = list(first.values())
    table = File.__table__  # type: ignore[attr-defined]
    created: set[str] = set()
    for batch in batches(unique):
        inserted = await session.execute(
            insert(table)
            .values(batch)
            .on_conflict_do_nothing(index_elements=["organization_id", "sha256"])
            .returning(table.c.sha256)
        )
        created.update(inserted.scalars())
    existing = await session.execute(
        select(File)
        .where(col(File.sha256).in_([row["sha256"] for row in unique]))
        .execution_options(populate_existing=True)
    )
    return {file.sha256: (file, file.sha256 in created) for file in existing.scalars()}


async def set_results(session: AsyncSession, results: Sequence[dict[str, Any]]) -> None:
    """Mark many files processed with their counters in one statement, and notify."""
    if not results:
        return
    await session.execute(
        text(
            "update files f set status = 'processed', documents_count = r.documents,"
            " transactions_count = r.transactions, errors_count = r.errors,"
            " error_code = null, error_message = null, error_location = null,"
            " warnings = coalesce(r.warnings, '[]'::jsonb),"
            " processed_at = now(), updated_at = now()"
            " from jsonb_to_recordset(cast(:results as jsonb))"
            " as r(id uuid, documents int, transactions int, errors int, warnings jsonb)"
            " where f.id = r.id"
        ),
        {"results": json.dumps([{**r, "id": str(r["id"])} for r in results])},
    )
    await session.execute(
        text(
            "select pg_notify(:channel, json_build_object("
            "'organization_id', organization_id, 'file_id', id, 'parent_id', parent_id,"
            " 'status', status, 'members', members_count, 'documents', documents_count,"
            " 'transactions', transactions_count, 'errors', errors_count,"
            " 'error_code', error_code)::text) from files where id = any(:ids)"
        ),
        {"channel": PROGRESS_CHANNEL, "ids": [r["id"] for r in results]},
    )


def _file_query(where: FileFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [
        col(File.parent_id).is_(None)
        if where.parent_id is None
        else col(File.parent_id) == where.parent_id
    ]
    if where.statuses:
        conditions.append(col(File.status).in_(where.statuses))
    if where.kinds:
        conditions.append(col(File.detected_kind).in_(where.kinds))
    if where.created_from is not None:
        conditions.append(col(File.created_at) >= where.created_from)
    if where.created_to is not None:
        conditions.append(col(File.created_at) < where.created_to)
    if where.text:
        conditions.append(col(File.original_name).ilike(like_pattern(where.text.strip())))
    if where.with_errors is not None:
        failed = or_(col(File.errors_count) > 0, col(File.error_code).is_not(None))
        conditions.append(failed if where.with_errors else ~failed)
    return select(File).where(*conditions)


_SORTS: dict[FileSort, SortColumn] = {
    FileSort.CREATED_AT: col(File.created_at),
    FileSort.NAME: col(File.original_name),
    FileSort.SIZE: col(File.size_bytes),
}


async def page_files(
    session: AsyncSession,
    where: FileFilter,
    sort: FileSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of files matching ``where``."""
    sort_key = _SORTS[sort]
    return await keyset_page(
        session,
        _file_query(where),
        sort=sort_key,
        row_id=col(File.id),
        descending=descending,
        request=request,
    )


async def count_files(session: AsyncSession, where: FileFilter) -> int:
    """How many files match ``where``."""
    return await count_rows(session, _file_query(where))


async def files_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[File]:
    """Files with these ids."""
    result = await session.execute(select(File).where(col(File.id).in_(ids)))
    return list(result.scalars())
