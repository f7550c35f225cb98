"""Migrations and table models must agree, and migrations must be reversible."""

from __future__ import annotations

import asyncio

import asyncpg
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from backend.db.migrate import alembic_config, upgrade
from backend.db.models import metadata
from backend.db.session import async_url

from ..conftest import APP_ROLE, IsolatedDatabase


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_models_match_the_migrated_schema(test_db: IsolatedDatabase) -> None:
    engine = create_async_engine(async_url(test_db.urls.owner))
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff)
    finally:
        await engine.dispose()
    assert diff == [], "models and migrations disagree: write a migration"


async def test_downgrade_to_base_and_upgrade_again(
    test_db: IsolatedDatabase, superuser: asyncpg.Connection
) -> None:
    forced_sql = "select count(*) from pg_class where relforcerowsecurity and relkind = 'r'"
    forced_before = await superuser.fetchval(forced_sql)
    config = alembic_config(test_db.urls.owner, APP_ROLE)
    await asyncio.to_thread(command.downgrade, config, "base")
    tables = await superuser.fetchval(
        "select count(*) from pg_tables"
        " where schemaname = 'public' and tablename <> 'alembic_version'"
    )
    assert tables == 0
    await asyncio.to_thread(upgrade, test_db.urls.owner, APP_ROLE)
    assert forced_before >= 15
    assert await superuser.fetchval(forced_sql) == forced_before
