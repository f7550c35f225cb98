"""SQL for a tenant's reconciliation rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.rules.models import Rule


async def active_rules(session: AsyncSession) -> list[Rule]:
    """The current organization's active rules in priority order."""
    result = await session.execute(
        select(Rule).where(col(Rule.is_active)).order_by(col(Rule.priority), col(Rule.name))
    )
    return list(result.scalars())


async def rules_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Rule]:
    """Rules with these ids."""
    result = await session.execute(select(Rule).where(col(Rule.id).in_(ids)))
    return list(result.scalars())
