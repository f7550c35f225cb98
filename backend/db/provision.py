"""Create the database and its two roles (run once, as a superuser).

* the owner role owns every table and runs the migrations;
* the application role is what the API and workers log in as: NOSUPERUSER,
  NOBYPASSRLS, owns nothing, and gets only DML grants from the migrations.

Production DBAs can run the same statements by hand (docs/operations.md);
``make dev``, the tests and docker-compose run this function.
"""

from __future__ import annotations

import asyncpg

from backend.db.session import async_url

EXTENSIONS = ("citext", "pg_trgm", "unaccent")


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe SQL identifier: {name!r}")
    return f'"{name}"'


async def provision(
    superuser_dsn: str,
    *,
    database: str,
    owner_role: str,
    app_role: str,
    template: bool = False,
    passwords: dict[str, str] | None = None,
) -> bool:
    """Create roles, database and extensions when missing; return True if the database is new.

    ``passwords`` maps a role to the password it logs in with (servers that do not
    trust loopback, such as docker-compose's); roles without one keep none.
    """
    conn = await asyncpg.connect(superuser_dsn)
    try:
        for role, attrs in (
            (owner_role, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"),
            (app_role, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT"),
        ):
            exists = await conn.fetchval("select 1 from pg_roles where rolname = $1", role)
            if not exists:
                await conn.execute(f"CREATE ROLE {_ident(role)} {attrs}")
            password = (passwords or {}).get(role)
            if password:
                # Utility statements take no bind parameters; quote the literal server-side.
                literal = await conn.fetchval("select quote_literal($1)", password)
                await conn.execute(f"ALTER ROLE {_ident(role)} PASSWORD {literal}")
        created = not await conn.fetchval("select 1 from pg_database where datname = $1", database)
        if created:
            await conn.execute(
                f"CREATE DATABASE {_ident(database)} OWNER {_ident(owner_role)}"
                + (" IS_TEMPLATE true" if template else "")
            )
    finally:
        await conn.close()
    conn = await asyncpg.connect(_with_database(superuser_dsn, database))
    try:
        for ext in EXTENSIONS:
            await conn.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
        await conn.execute(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC")
        await conn.execute(
            f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(database)} TO {_ident(app_role)}"
        )
        await conn.execute(f"GRANT USAGE ON SCHEMA public TO {_ident(app_role)}")
    finally:
        await conn.close()
    return created


def _with_database(dsn: str, database: str) -> str:
    head, _, tail = dsn.rpartition("/")
    query = ""
    if "?" in tail:
        query = "?" + tail.split("?", 1)[1]
    return f"{head}/{database}{query}"


def role_dsn(superuser_dsn: str, role: str, database: str) -> str:
    """The same server as ``superuser_dsn`` but as ``role`` on ``database`` (trust auth)."""
    scheme, _, rest = superuser_dsn.partition("://")
    hostpart = rest.split("@", 1)[1] if "@" in rest else rest
    return _with_database(f"{scheme}://{role}@{hostpart}", database)


__all__ = ["EXTENSIONS", "async_url", "provision", "role_dsn"]
