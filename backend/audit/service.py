"""Recording what happened, by whom, with before/after state."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import repository
from backend.audit.filters import AuditFilter
from backend.audit.models import AuditLog
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.db.enums import ActorType
from backend.db.pagination import Page, PageRequest


async def record(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    actor_type: ActorType,
    actor_id: uuid.UUID | None,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append an audit entry in the caller's transaction (it commits or rolls back with it)."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    await repository.add(
        session,
        AuditLog(
            organization_id=organization_id,
            actor_type=actor_type.value,
            actor_id=actor_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
            request_id=request_id,
        ),
    )


async def page_entries(
    session: AsyncSession,
    principal: Principal,
    where: AuditFilter,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the organization's audit log (admins, managers, auditors)."""
    require(principal, Permission.READ_AUDIT)
    return await repository.page_entries(session, where, descending=descending, request=request)


async def count_entries(session: AsyncSession, where: AuditFilter) -> int:
    """How many entries match."""
    return await repository.count_entries(session, where)


async def record_change(
    session: AsyncSession,
    principal: Principal,
    action: str,
    entity_id: uuid.UUID | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    entity_type: str,
) -> None:
    """Audit a change a caller made; the actor comes from their principal."""
    await record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )
