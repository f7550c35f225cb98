"""Provision and migrate a database on a server we control (dev stack and tests)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from backend.db.migrate import upgrade
from backend.db.provision import provision, role_dsn


@dataclass(frozen=True, slots=True)
class DatabaseUrls:
    """How the runtime (application role) and the migrations (owner role) connect."""

    app: str
    owner: str


def bootstrap_database(
    superuser_dsn: str, *, database: str, owner_role: str, app_role: str, template: bool = False
) -> DatabaseUrls:
    """Create roles and database if missing, then migrate to head. Blocking."""
    asyncio.run(
        provision(
            superuser_dsn,
            database=database,
            owner_role=owner_role,
            app_role=app_role,
            template=template,
        )
    )
    urls = DatabaseUrls(
        app=role_dsn(superuser_dsn, app_role, database),
        owner=role_dsn(superuser_dsn, owner_role, database),
    )
    upgrade(urls.owner, app_role)
    return urls
