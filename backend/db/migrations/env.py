"""Alembic environment: runs migrations as the table owner over asyncpg."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from backend.core.settings import get_settings
from backend.db.models import metadata
from backend.db.session import async_url

config = context.config


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or get_settings().migration_database_url
    if not url:
        raise RuntimeError("set MIGRATION_DATABASE_URL (the owner role) to run migrations")
    return async_url(url)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
