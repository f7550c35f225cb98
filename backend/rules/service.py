"""A tenant's rules as the engine's rule set."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.reconciliation import RuleSet, parse_rules
from backend.rules import repository


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
