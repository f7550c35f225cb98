"""SQL for export jobs (row-level security keeps each tenant to its own)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.pagination import Page, PageRequest, count_rows, keyset_page
from backend.exports.models import Export


async def add(session: AsyncSession, export: Export) -> Export:
    """Insert a new export job."""
    session.add(export)
    await session.flush()
    return export


async def get(session: AsyncSession, export_id: uuid.UUID, *, lock: bool = False) -> Export | None:
    """One export, if the tenant has it; ``lock`` holds it until the transaction ends."""
    # populate_existing: the row may have been changed by an UPDATE in this session.
    query = (
        select(Export).where(col(Export.id) == export_id).execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update()
    result = await session.execute(query)
    return result.scalars().first()


async def set_fields(session: AsyncSession, export_id: uuid.UUID, **values: Any) -> None:
    """Change columns of one export."""
    await session.execute(update(Export).where(col(Export.id) == export_id).values(**values))


async def page(session: AsyncSession, request: PageRequest) -> Page:
    """One page of the tenant's exports, newest first."""
    sort_key = col(Export.created_at)
    return await keyset_page(
        session,
        select(Export),
        sort=sort_key,
        row_id=col(Export.id),
        descending=True,
        request=request,
    )


async def count(session: AsyncSession) -> int:
    """How many exports the tenant has."""
    return await count_rows(session, select(Export))


async def latest_open(
    session: AsyncSession, kind: str, export_format: str, filters: dict[str, Any], limit: int
) -> list[Export]:
    """The tenant's newest exports of ``kind``, ``export_format`` and exactly ``filters``
    that are not failed, newest first (at most ``limit``)."""
    query = (
        select(Export)
        .where(
            col(Export.kind) == kind,
            col(Export.format) == export_format,
            col(Export.status) != "failed",
            col(Export.filters) == filters,
        )
        .order_by(col(Export.created_at).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
