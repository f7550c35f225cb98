"""SQL for the audit log (insert and read only; the runtime role cannot change rows)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.audit.filters import AuditFilter
from backend.audit.models import AuditLog
from backend.db.pagination import Page, PageRequest, SortColumn, count_rows, keyset_page


async def add(session: AsyncSession, entry: AuditLog) -> None:
    """Append one entry."""
    session.add(entry)
    await session.flush()


async def for_entity(
    session: AsyncSession, entity_type: str, entity_id: uuid.UUID
) -> list[AuditLog]:
    """An entity's history, oldest first."""
    result = await session.execute(
        select(AuditLog)
        .where(col(AuditLog.entity_type) == entity_type, col(AuditLog.entity_id) == entity_id)
        .order_by(col(AuditLog.created_at))
    )
    return list(result.scalars())


async def entity_ids_of_batch(
    session: AsyncSession, entity_type: str, batch_id: uuid.UUID
) -> list[uuid.UUID]:
    """The entities one bulk action changed (entries whose ``after.batch_id`` names it)."""
    result = await session.execute(
        select(col(AuditLog.entity_id))
        .where(
            col(AuditLog.entity_type) == entity_type,
            col(AuditLog.after)["batch_id"].astext == str(batch_id),
        )
        .order_by(col(AuditLog.created_at), col(AuditLog.id))
    )
    return [i for i in result.scalars() if i is not None]


async def by_action(session: AsyncSession, action: str) -> list[AuditLog]:
    """Entries of one action, newest first."""
    result = await session.execute(
        select(AuditLog)
        .where(col(AuditLog.action) == action)
        .order_by(col(AuditLog.created_at).desc())
    )
    return list(result.scalars())


def _audit_query(where: AuditFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.entity_type is not None:
        conditions.append(col(AuditLog.entity_type) == where.entity_type)
    if where.entity_id is not None:
        conditions.append(col(AuditLog.entity_id) == where.entity_id)
    if where.actor_type is not None:
        conditions.append(col(AuditLog.actor_type) == where.actor_type)
    if where.actor_id is not None:
        conditions.append(col(AuditLog.actor_id) == where.actor_id)
    if where.action_prefix:
        conditions.append(col(AuditLog.action).startswith(where.action_prefix, autoescape=True))
    if where.since is not None:
        conditions.append(col(AuditLog.created_at) >= where.since)
    if where.until is not None:
        conditions.append(col(AuditLog.created_at) < where.until)
    return select(AuditLog).where(*conditions)


async def page_entries(
    session: AsyncSession, where: AuditFilter, *, descending: bool, request: PageRequest
) -> Page:
    """One page of the log, by time."""
    sort: SortColumn = col(AuditLog.created_at)
    return await keyset_page(
        session,
        _audit_query(where),
        sort=sort,
        row_id=col(AuditLog.id),
        descending=descending,
        request=request,
    )


async def count_entries(session: AsyncSession, where: AuditFilter) -> int:
    """How many entries match."""
    return await count_rows(session, _audit_query(where))
