"""Recording what happened, by whom, with before/after state."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass
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

# The key under which an entry made through a support grant names the grant.
SUPPORT_GRANT_KEY = "support_grant_id"


@dataclass(frozen=True, slots=True)
class _SupportVisit:
    organization_id: uuid.UUID
    staff_user_id: uuid.UUID
    grant_id: uuid.UUID


# Set by the support gate for the request it admitted. Services write entries from the
# principal's actor type and id only; the grant reaches the entry from here, so no
# use case has to pass it along.
_support_visit: ContextVar[_SupportVisit | None] = ContextVar("support_visit", default=None)


def set_support_visit(principal: Principal | None) -> None:
    """From now on in this request, entries the support principal writes name its grant
    (None: no grant, until the next call).

    The support gate calls it for every support request, before its own entry, so a
    value left in the context by an earlier request never outlives it; and only entries
    of this staff member in this organization (actor type ``support``) ever read it.
    """
    _support_visit.set(
        _SupportVisit(principal.organization_id, principal.subject_id, principal.grant_id)
        if principal is not None and principal.grant_id is not None
        else None
    )


def _with_grant(
    organization_id: uuid.UUID,
    actor_type: ActorType,
    actor_id: uuid.UUID | None,
    after: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """``after`` naming the support grant when this entry is the visiting staff member's."""
    visit = _support_visit.get()
    if (
        actor_type is not ActorType.SUPPORT
        or visit is None
        or visit.organization_id != organization_id
        or visit.staff_user_id != actor_id
    ):
        return after
    return {**(after or {}), SUPPORT_GRANT_KEY: str(visit.grant_id)}


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
    """Append an audit entry in the caller's transaction (it commits or rolls back with it).

    An entry of support staff acting through a grant (``set_support_visit``) names
    the grant in ``after``.
    """
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
            after=_with_grant(organization_id, actor_type, actor_id, after),
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


async def history(session: AsyncSession, entity_type: str, entity_id: uuid.UUID) -> list[AuditLog]:
    """An entity's audit entries, oldest first (for undoing its last change)."""
    return await repository.for_entity(session, entity_type, entity_id)


async def entity_ids_of_batch(
    session: AsyncSession, entity_type: str, batch_id: uuid.UUID
) -> list[uuid.UUID]:
    """The entities a bulk action (its ``batch_id``) changed, in the order it did."""
    return await repository.entity_ids_of_batch(session, entity_type, batch_id)


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
