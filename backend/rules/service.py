"""A tenant's rules as the engine's rule set."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.reconciliation import RuleSet, parse_rules
from backend.rules import repository
from backend.rules.models import Rule


async def active_rule_set(session: AsyncSession) -> RuleSet | None:
    """The active rules (each row's definition, keyed by its id), or None when there are none."""
    rows = await repository.active_rules(session)
    if not rows:
        return None
    return parse_rules(
        {
            "version": max(row.version for row in rows),
            "rules": [
                {**row.definition, "id": str(row.id), "priority": row.priority} for row in rows
            ],
        }
    )


async def rules_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Rule]:
    """A batch of rules by id (a DataLoader's fetch)."""
    return await repository.rules_by_ids(session, ids)
