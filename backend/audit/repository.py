"""SQL for the audit log (insert and read only; the runtime role cannot change rows)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.audit.models import AuditLog


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


async def by_action(session: AsyncSession, action: str) -> list[AuditLog]:
    """Entries of one action, newest first."""
    result = await session.execute(
        select(AuditLog)
        .where(col(AuditLog.action) == action)
        .order_by(col(AuditLog.created_at).desc())
    )
    return list(result.scalars())
