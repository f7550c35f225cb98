"""SQL of platform support: grants under tenant RLS, the cross-tenant SECURITY DEFINER
functions (migration 0005) and the insert-only platform audit log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.core.errors import PermissionDenied
from backend.support.models import PlatformAuditLog, SupportGrant
from backend.users.models import User


@dataclass(frozen=True, slots=True)
class TenantHealth:
    """One organization of the tenant directory: identity and health counters only."""

    organization_id: uuid.UUID
    name: str
    slug: str
    created_at: datetime
    is_active: bool
    failed_files: int
    processing_files: int
    open_installments: int
    open_transactions: int
    pending_suggestions: int
    last_activity_at: datetime | None


@dataclass(frozen=True, slots=True)
class StaffGrant:
    """An active grant of the calling staff member, with its organization's name."""

    grant_id: uuid.UUID
    organization_id: uuid.UUID
    organization_name: str
    organization_slug: str
    role: str
    reason: str
    expires_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StaffMember:
    """An active platform staff member, as an organization's admin may look them up."""

    user_id: uuid.UUID
    name: str
    email: str


@contextmanager
def _staff_only() -> Iterator[None]:
    """The functions raise insufficient_privilege (42501) for anyone but active staff."""
    try:
        yield
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":
            raise PermissionDenied("platform support staff only", code="STAFF_ONLY") from exc
        raise


async def tenant_directory(
    session: AsyncSession,
    *,
    pattern: str | None,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[TenantHealth]:
    """One page of the directory, ordered by (name, id). The session must carry the staff
    member as ``app.current_user``; the function refuses anyone else."""
    with _staff_only():
        rows = await session.execute(
            text(
                "select * from support_tenant_directory(cast(:pattern as text),"
                " cast(:after_name as text), cast(:after_id as uuid), :limit)"
            ),
            {
                "pattern": pattern,
                "after_name": after[0] if after else None,
                "after_id": after[1] if after else None,
                "limit": limit,
            },
        )
    return [TenantHealth(**row._mapping) for row in rows]


async def staff_grants(session: AsyncSession) -> list[StaffGrant]:
    """The active grants of the staff member named by ``app.current_user``."""
    with _staff_only():
        rows = await session.execute(text("select * from support_staff_grants()"))
    return [StaffGrant(**row._mapping) for row in rows]


async def staff_member(session: AsyncSession, email: str) -> StaffMember | None:
    """The active staff member with this e-mail, if any."""
    row = (
        await session.execute(
            text("select * from support_staff_member(cast(:email as text))"), {"email": email}
        )
    ).first()
    return StaffMember(**row._mapping) if row is not None else None


async def add_grant(session: AsyncSession, grant: SupportGrant) -> SupportGrant:
    """Insert a grant (the tenant session's organization)."""
    session.add(grant)
    await session.flush()
    return grant


async def get_grant(session: AsyncSession, grant_id: uuid.UUID) -> SupportGrant | None:
    """A grant of the tenant session's organization."""
    return await session.get(SupportGrant, grant_id)


async def list_grants(session: AsyncSession, *, active_at: datetime | None) -> list[SupportGrant]:
    """The organization's grants, newest first; only those active at ``active_at`` if given."""
    query = select(SupportGrant)
    if active_at is not None:
        query = query.where(
            col(SupportGrant.revoked_at).is_(None), col(SupportGrant.expires_at) > active_at
        )
    result = await session.execute(
        query.order_by(col(SupportGrant.created_at).desc(), col(SupportGrant.id).desc())
    )
    return list(result.scalars())


async def revoke_grant(session: AsyncSession, grant: SupportGrant, at: datetime) -> None:
    """Mark a grant revoked."""
    grant.revoked_at = at
    await session.flush()


async def add_platform_entry(session: AsyncSession, entry: PlatformAuditLog) -> None:
    """Append to the platform audit log.

    A Core INSERT without RETURNING: the application role has INSERT but no SELECT.
    """
    values = entry.model_dump()
    await session.execute(insert(PlatformAuditLog.__table__).values(**values))  # type: ignore[attr-defined]


async def set_platform_staff(session: AsyncSession, user_id: uuid.UUID, staff: bool) -> None:
    """Set or clear the staff flag (only the owner role may: a trigger guards the column)."""
    await session.execute(
        update(User).where(col(User.id) == user_id).values(is_platform_staff=staff)
    )
