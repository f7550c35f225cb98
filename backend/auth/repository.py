"""SQL for refresh tokens and API clients."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.auth.models import ApiClient, RefreshToken


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


async def add_api_client(session: AsyncSession, client: ApiClient) -> ApiClient:
    """Insert one API client."""
    session.add(client)
    await session.flush()
    return client


async def list_api_clients(session: AsyncSession) -> list[ApiClient]:
    """The organization's API clients, newest first (revoked ones included)."""
    result = await session.execute(
        select(ApiClient).order_by(col(ApiClient.created_at).desc(), col(ApiClient.id))
    )
    return list(result.scalars())


async def get_api_client(session: AsyncSession, row_id: uuid.UUID) -> ApiClient | None:
    """One API client by row id, if visible."""
    return await session.get(ApiClient, row_id)


async def get_api_client_by_client_id(session: AsyncSession, client_id: str) -> ApiClient | None:
    """One API client by its public ``client_id``, if visible to the session's tenant."""
    result = await session.execute(select(ApiClient).where(col(ApiClient.client_id) == client_id))
    return result.scalar_one_or_none()


async def touch_api_client(session: AsyncSession, row_id: uuid.UUID, at: datetime) -> None:
    """Record that the client obtained a token."""
    await session.execute(
        update(ApiClient).where(col(ApiClient.id) == row_id).values(last_used_at=at)
    )


async def revoke_api_client(session: AsyncSession, row_id: uuid.UUID, at: datetime) -> None:
    """Mark the client revoked (it stays listed, for the record)."""
    await session.execute(
        update(ApiClient)
        .where(col(ApiClient.id) == row_id, col(ApiClient.revoked_at).is_(None))
        .values(revoked_at=at)
    )
