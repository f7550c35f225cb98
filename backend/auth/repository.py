"""SQL for refresh tokens and API clients."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.auth.models import RefreshToken


async def add_refresh_token(session: AsyncSession, token: RefreshToken) -> None:
    """Insert one refresh token row."""
    session.add(token)
    await session.flush()


async def get_refresh_token_for_update(
    session: AsyncSession, token_id: uuid.UUID
) -> RefreshToken | None:
    """Lock the row so two concurrent refreshes of one token cannot both rotate it."""
    result = await session.execute(
        select(RefreshToken).where(col(RefreshToken.id) == token_id).with_for_update()
    )
    return result.scalar_one_or_none()


async def mark_rotated(session: AsyncSession, token_id: uuid.UUID, at: datetime) -> None:
    """The token was exchanged for a new one; presenting it again is reuse."""
    await session.execute(
        update(RefreshToken).where(col(RefreshToken.id) == token_id).values(rotated_at=at)
    )


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, at: datetime) -> int:
    """Revoke every live token of a family; return how many were revoked."""
    result = await session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def delete_expired(session: AsyncSession, before: datetime) -> int:
    """Delete tokens that expired before ``before``; return how many."""
    result = await session.execute(
        delete(RefreshToken).where(col(RefreshToken.expires_at) < before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
