"""Provisioning creates the two roles with the right attributes, once."""

from __future__ import annotations

import uuid

import asyncpg

from backend.db.provision import provision
from backend.devstack.postgres import EmbeddedPostgres


async def test_provision_is_idempotent_and_sets_role_attributes(
    pg_server: EmbeddedPostgres,
) -> None:
    suffix = uuid.uuid4().hex[:8]
    owner, app, database = f"own_{suffix}", f"app_{suffix}", f"db_{suffix}"
    kwargs = {"database": database, "owner_role": owner, "app_role": app}
    assert await provision(pg_server.dsn(), passwords={app: "s3cr'et"}, **kwargs) is True
    assert await provision(pg_server.dsn(), **kwargs) is False
    conn = await asyncpg.connect(pg_server.dsn())
    try:
        roles = {
            r["rolname"]: r
            for r in await conn.fetch(
                "select rolname, rolsuper, rolbypassrls, rolcreaterole, rolpassword is not null"
                " as has_password from pg_authid where rolname = any($1)",
                [owner, app],
            )
        }
        db_owner = await conn.fetchval(
            "select pg_get_userbyid(datdba) from pg_database where datname = $1", database
        )
        await conn.execute(f'DROP DATABASE "{database}"')
        await conn.execute(f"DROP ROLE {app}")
        await conn.execute(f"DROP ROLE {owner}")
    finally:
        await conn.close()
    assert db_owner == owner
    for role in (owner, app):
        assert not roles[role]["rolsuper"]
        assert not roles[role]["rolbypassrls"]
        assert not roles[role]["rolcreaterole"]
    assert roles[app]["has_password"]
    assert not roles[owner]["has_password"]
