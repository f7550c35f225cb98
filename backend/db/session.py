"""Engines and the tenant-scoped unit of work.

Every query of the running product goes through ``Database.tenant_session``:
one transaction, as the application role, with ``app.current_org`` set
transaction-locally so PostgreSQL row-level security filters every row. The
setting dies with the transaction, so a pooled connection never carries a
tenant into the next one.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.core.errors import Conflict, ServiceUnavailable

_SET = text("select set_config(:name, :value, true)")


def async_url(url: str) -> str:
    """Turn a ``postgresql://`` URL into the asyncpg dialect SQLAlchemy wants."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


async def set_context(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    login_email: str | None = None,
) -> None:
    """Set the transaction-local settings the RLS policies read.

    ``app.current_org`` scopes tenant tables; ``app.current_user`` lets a user see
    their own memberships and organizations (choosing where to log in);
    ``app.login_email`` reveals the one user row with that e-mail (login).
    """
    for name, value in (
        ("app.current_org", organization_id),
        ("app.current_user", user_id),
        ("app.login_email", login_email),
    ):
        if value is not None:
            await session.execute(_SET, {"name": name, "value": str(value)})


class Database:
    """The application-role engine and its session factory."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            echo=echo,
        )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    @asynccontextmanager
    async def session(
        self,
        *,
        organization_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        login_email: str | None = None,
    ) -> AsyncIterator[AsyncSession]:
        """One transaction with the given RLS context; commits on success, rolls back on error."""
        async with self._sessions() as session, session.begin():
            await set_context(
                session, organization_id=organization_id, user_id=user_id, login_email=login_email
            )
            yield session

    @asynccontextmanager
    async def tenant_session(self, organization_id: uuid.UUID) -> AsyncIterator[AsyncSession]:
        """One transaction that sees only ``organization_id``'s rows."""
        async with self.session(organization_id=organization_id) as session:
            yield session

    async def check_runtime_role(self) -> None:
        """Refuse to run as a role that would bypass row-level security."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "select r.rolsuper, r.rolbypassrls,"
                        " (select count(*) from pg_tables t where t.tableowner = current_user"
                        "  and t.schemaname = 'public')"
                        " from pg_roles r where r.rolname = current_user"
                    )
                )
            ).one()
        superuser, bypass, owned = row
        if superuser or bypass or owned:
            raise RuntimeError(
                "the runtime database role must be NOSUPERUSER, NOBYPASSRLS and own no table "
                f"(superuser={superuser}, bypassrls={bypass}, tables owned={owned})"
            )

    async def ping(self) -> None:
        """Raise ServiceUnavailable when the database does not answer."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("select 1"))
        except Exception as exc:
            raise ServiceUnavailable("database unavailable") from exc


_current: Database | None = None


def configure_database(database: Database) -> None:
    """Make ``database`` the process-wide one used by :func:`tenant_session`."""
    global _current
    _current = database


def get_database() -> Database:
    """The process-wide database (set at start-up by the API, worker or CLI)."""
    if _current is None:
        raise RuntimeError("database not configured; call configure_database() at start-up")
    return _current


@asynccontextmanager
async def tenant_session(organization_id: uuid.UUID) -> AsyncIterator[AsyncSession]:
    """``get_database().tenant_session(organization_id)``."""
    async with get_database().tenant_session(organization_id) as session:
        yield session


# SQLSTATEs of a transaction PostgreSQL aborted because another one got there first.
_CONCURRENCY_FAILURES = {"40P01", "40001"}


@asynccontextmanager
async def concurrent_changes_conflict() -> AsyncIterator[None]:
    """Turn a deadlock or serialization failure into a CONCURRENT_CHANGE Conflict.

    For people's decisions: the transaction rolled back whole, and the person is told
    to look again. Workers do not use this; their activities retry instead.
    """
    try:
        yield
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) not in _CONCURRENCY_FAILURES:
            raise
        raise Conflict(
            "someone changed these items at the same time; reload and try again",
            code="CONCURRENT_CHANGE",
        ) from exc
