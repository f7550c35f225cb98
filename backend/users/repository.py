"""SQL for users (row-level security decides which rows a transaction sees)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.users.models import User


async def get_by_email(session: AsyncSession, email: str) -> User | None:
    """The user with this e-mail (case-insensitive), if visible."""
    result = await session.execute(select(User).where(col(User.email) == email))
    return result.scalar_one_or_none()


async def get(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """The user with this id, if visible."""
    return await session.get(User, user_id)


async def add(session: AsyncSession, user: User) -> User:
    """Insert a new user."""
    session.add(user)
    await session.flush()
    return user


async def touch_login(
    session: AsyncSession, user_id: uuid.UUID, at: datetime, new_hash: str | None
) -> None:
    """Record a successful login (and an upgraded password hash, if any)."""
    values: dict[str, object] = {"last_login_at": at}
    if new_hash is not None:
        values["password_hash"] = new_hash
    await session.execute(update(User).where(col(User.id) == user_id).values(**values))


async def set_totp(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    sealed_secret: str | None,
    enabled_at: datetime | None,
    last_step: int | None,
) -> None:
    """Replace the user's TOTP state (a pending or confirmed secret, or none)."""
    await session.execute(
        update(User)
        .where(col(User.id) == user_id)
        .values(totp_secret=sealed_secret, totp_enabled_at=enabled_at, totp_last_step=last_step)
    )


async def advance_totp_step(session: AsyncSession, user_id: uuid.UUID, step: int) -> bool:
    """Record ``step`` as used unless it (or a later one) already was; False on replay.

    One conditional UPDATE, so two requests racing with the same code cannot both win.
    """
    result = await session.execute(
        update(User)
        .where(
            col(User.id) == user_id,
            (col(User.totp_last_step).is_(None)) | (col(User.totp_last_step) < step),
        )
        .values(totp_last_step=step)
        .returning(col(User.id))
    )
    return result.scalar_one_or_none() is not None
