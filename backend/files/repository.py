"""SQL for files: insert-or-get by SHA-256, status and counter transitions, progress notices."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

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


async def children(session: AsyncSession, parent_id: uuid.UUID) -> list[File]:
    """Members unpacked from an archive, in name order."""
    result = await session.execute(
        select(File).where(col(File.parent_id) == parent_id).order_by(col(File.original_name))
    )
    return list(result.scalars())


async def update_file(session: AsyncSession, file_id: uuid.UUID, **values: Any) -> File | None:
    """Set columns and return the updated row (None if not visible)."""
    result = await session.execute(
        update(File).where(col(File.id) == file_id).values(**values).returning(File)
    )
    return result.scalar_one_or_none()


async def add_counters(
    session: AsyncSession, file_id: uuid.UUID, at: datetime, **deltas: int
) -> File | None:
    """Atomically add to the counters (members, documents, transactions, errors)."""
    values: dict[str, Any] = {
        f"{name}_count": getattr(File, f"{name}_count") + delta for name, delta in deltas.items()
    }
    values["updated_at"] = at
    return await update_file(session, file_id, **values)


async def notify_progress(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Queue a progress notice; PostgreSQL delivers it to listeners only if we commit."""
    await session.execute(
        text("select pg_notify(:channel, :payload)"),
        {"channel": PROGRESS_CHANNEL, "payload": json.dumps(payload)},
    )


async def children_page(
    session: AsyncSession, parent_id: uuid.UUID, offset: int, limit: int
) -> list[File]:
    """A stable slice of an archive's members (name order, then id)."""
    result = await session.execute(
        select(File)
        .where(col(File.parent_id) == parent_id)
        .order_by(col(File.original_name), col(File.id))
        .offset(offset)
        .limit(limit)
    )
    return list(result.scalars())


async def count_children(session: AsyncSession, parent_id: uuid.UUID) -> int:
    """How many members an archive has."""
    result = await session.execute(
        text("select count(*) from files where parent_id = :parent"), {"parent": parent_id}
    )
    return int(result.scalar_one())


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


async def family_ids(session: AsyncSession, file_id: uuid.UUID) -> list[uuid.UUID]:
    """The file and its archive members."""
    result = await session.execute(
        select(File.id).where((col(File.id) == file_id) | (col(File.parent_id) == file_id))
    )
    return list(result.scalars())
