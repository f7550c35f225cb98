"""SQL for a tenant's reconciliation rules and their version history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.audit.models import AuditLog
from backend.db.pagination import (
    Page,
    PageRequest,
    SortColumn,
    count_rows,
    keyset_page,
    like_pattern,
)
from backend.rules.models import Rule, RuleVersion


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


async def get_for_update(session: AsyncSession, rule_id: uuid.UUID) -> Rule | None:
    """The rule, locked until the transaction ends (versions never collide)."""
    result = await session.execute(select(Rule).where(col(Rule.id) == rule_id).with_for_update())
    return result.scalar_one_or_none()


async def get_by_name(session: AsyncSession, name: str) -> Rule | None:
    """The tenant's rule with this name."""
    result = await session.execute(select(Rule).where(col(Rule.name) == name))
    return result.scalar_one_or_none()


async def add(session: AsyncSession, rule: Rule) -> Rule:
    """Insert or update a rule."""
    session.add(rule)
    await session.flush()
    return rule


async def delete(session: AsyncSession, rule: Rule) -> None:
    """Remove a rule (its versions stay)."""
    await session.delete(rule)
    await session.flush()


async def add_version(session: AsyncSession, version: RuleVersion) -> None:
    """Append one state to a rule's history."""
    session.add(version)
    await session.flush()


async def versions_of(session: AsyncSession, rule_ids: Sequence[uuid.UUID]) -> list[RuleVersion]:
    """The history of these rules, newest first."""
    result = await session.execute(
        select(RuleVersion)
        .where(col(RuleVersion.rule_id).in_(rule_ids))
        .order_by(col(RuleVersion.version).desc())
    )
    return list(result.scalars())


async def skip_recorded(session: AsyncSession, rule_id: uuid.UUID, version: int) -> bool:
    """Whether this version of the rule was already audited as skipped by a run."""
    found = await session.execute(
        select(AuditLog.id)
        .where(
            col(AuditLog.entity_type) == "rule",
            col(AuditLog.entity_id) == rule_id,
            col(AuditLog.action) == "rule.skipped",
            col(AuditLog.after)["version"].as_integer() == version,
        )
        .limit(1)
    )
    return found.first() is not None


def _rule_query(active: bool | None, text_value: str | None) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if active is not None:
        conditions.append(col(Rule.is_active) == active)
    if text_value:
        pattern = like_pattern(text_value.strip())
        conditions.append(or_(col(Rule.name).ilike(pattern), col(Rule.description).ilike(pattern)))
    return select(Rule).where(*conditions)


async def page_rules(
    session: AsyncSession,
    *,
    active: bool | None,
    text_value: str | None,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of rules in priority order."""
    sort: SortColumn = col(Rule.priority)
    return await keyset_page(
        session,
        _rule_query(active, text_value),
        sort=sort,
        row_id=col(Rule.id),
        descending=descending,
        request=request,
    )


async def count_rules(session: AsyncSession, *, active: bool | None, text_value: str | None) -> int:
    """How many rules match."""
    return await count_rows(session, _rule_query(active, text_value))
