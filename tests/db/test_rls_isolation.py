"""Row-level security, proven table by table as the application role.

Every control query runs as the superuser (which bypasses RLS) to prove the
other tenant's rows really exist, so a passing test cannot come from an empty
table.
"""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.db.models import APPEND_ONLY_TABLES, TENANT_TABLES
from backend.db.session import Database

from .conftest import TenantRows

pytestmark = pytest.mark.usefixtures("two_tenants")


async def _exists(superuser: asyncpg.Connection, table: str, row_id: uuid.UUID) -> bool:
    return bool(await superuser.fetchval(f"select count(*) from {table} where id = $1", row_id))


async def test_every_table_with_organization_id_is_forced_under_rls(
    superuser: asyncpg.Connection,
) -> None:
    rows = await superuser.fetch(
        """
        select c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (select count(*) from pg_policy p where p.polrelid = c.oid
                and pg_get_expr(p.polqual, p.polrelid) like '%app.current_org%'
                and pg_get_expr(p.polwithcheck, p.polrelid) like '%app.current_org%') as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and exists (
            select 1 from pg_attribute a where a.attrelid = c.oid
            and a.attname = 'organization_id' and not a.attisdropped)
        """
    )
    in_database = {r["relname"] for r in rows}
    assert in_database == set(TENANT_TABLES)
    for r in rows:
        assert r["relrowsecurity"] and r["relforcerowsecurity"], r["relname"]
        assert r["policies"] >= 1, r["relname"]


@pytest.mark.parametrize("table", TENANT_TABLES)
async def test_select_sees_only_own_rows_even_without_where(
    database: Database,
    superuser: asyncpg.Connection,
    two_tenants: tuple[TenantRows, TenantRows],
    table: str,
) -> None:
    a, b = two_tenants
    assert await _exists(superuser, table, b.ids[table])
    async with database.tenant_session(a.organization_id) as session:
        seen = set((await session.execute(text(f"select id from {table}"))).scalars())
        by_id = (
            await session.execute(
                text(f"select count(*) from {table} where id = :id"), {"id": b.ids[table]}
            )
        ).scalar_one()
    assert seen == {a.ids[table]}
    assert by_id == 0


@pytest.mark.parametrize("table", [t for t in TENANT_TABLES if t not in APPEND_ONLY_TABLES])
async def test_update_and_delete_without_where_touch_only_own_rows(
    database: Database,
    superuser: asyncpg.Connection,
    two_tenants: tuple[TenantRows, TenantRows],
    table: str,
) -> None:
    a, b = two_tenants
    async with database.tenant_session(a.organization_id) as session:
        updated = await session.execute(text(f"update {table} set id = id"))
        aimed = await session.execute(
            text(f"update {table} set id = id where id = :id"), {"id": b.ids[table]}
        )
        assert updated.rowcount == 1  # type: ignore[attr-defined]
        assert aimed.rowcount == 0  # type: ignore[attr-defined]
        deleted = await session.execute(text(f"delete from {table}"))
        assert deleted.rowcount == 1  # type: ignore[attr-defined]
    assert not await _exists(superuser, table, a.ids[table])
    assert await _exists(superuser, table, b.ids[table])


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
async def test_append_only_tables_refuse_update_and_delete_to_the_application_role(
    database: Database, two_tenants: tuple[TenantRows, TenantRows], table: str
) -> None:
    a, _ = two_tenants
    for statement in (f"update {table} set created_at = now()", f"delete from {table}"):
        with pytest.raises(DBAPIError, match="permission denied"):
            async with database.tenant_session(a.organization_id) as session:
                await session.execute(text(statement))


@pytest.mark.parametrize("table", TENANT_TABLES)
async def test_cannot_insert_or_move_rows_into_another_tenant(
    database: Database,
    superuser: asyncpg.Connection,
    two_tenants: tuple[TenantRows, TenantRows],
    table: str,
) -> None:
    a, b = two_tenants
    copy_into_b = (
        f"insert into {table} select (jsonb_populate_record(null::{table}, to_jsonb(t)"
        " || jsonb_build_object('id', gen_random_uuid(), 'organization_id', cast(:b as uuid)))).*"
        f" from {table} t where t.id = :a_id"
    )
    with pytest.raises(DBAPIError, match="row-level security"):
        async with database.tenant_session(a.organization_id) as session:
            await session.execute(text(copy_into_b), {"b": b.organization_id, "a_id": a.ids[table]})
    if table not in APPEND_ONLY_TABLES:
        with pytest.raises(DBAPIError, match="row-level security"):
            async with database.tenant_session(a.organization_id) as session:
                await session.execute(
                    text(f"update {table} set organization_id = :b where id = :id"),
                    {"b": b.organization_id, "id": a.ids[table]},
                )
    count_b = await superuser.fetchval(
        f"select count(*) from {table} where organization_id = $1", b.organization_id
    )
    assert count_b == 1


@pytest.mark.parametrize("table", [*TENANT_TABLES, "organizations", "users"])
async def test_session_without_tenant_sees_nothing(
    database: Database, superuser: asyncpg.Connection, table: str
) -> None:
    assert await superuser.fetchval(f"select count(*) from {table}") >= 2
    async with database.session() as session:
        count = (await session.execute(text(f"select count(*) from {table}"))).scalar_one()
    assert count == 0


async def test_pooled_connection_carries_no_tenant_into_the_next_transaction(
    test_db: object, two_tenants: tuple[TenantRows, TenantRows]
) -> None:
    a, _ = two_tenants
    url = test_db.urls.app  # type: ignore[attr-defined]
    single = Database(url, pool_size=1)
    single.engine.pool._max_overflow = 0  # type: ignore[attr-defined]
    try:
        async with single.tenant_session(a.organization_id) as session:
            pid_first = (await session.execute(text("select pg_backend_pid()"))).scalar_one()
            own = (await session.execute(text("select count(*) from documents"))).scalar_one()
        async with single.session() as session:
            pid_next = (await session.execute(text("select pg_backend_pid()"))).scalar_one()
            leaked = (await session.execute(text("select count(*) from documents"))).scalar_one()
            setting = (
                await session.execute(text("select current_setting('app.current_org', true)"))
            ).scalar_one()
    finally:
        await single.dispose()
    assert pid_first == pid_next, "the same pooled connection must be reused for this proof"
    assert own == 1
    assert leaked == 0
    assert setting in ("", None)


async def test_organizations_and_users_are_scoped(
    database: Database, two_tenants: tuple[TenantRows, TenantRows]
) -> None:
    a, b = two_tenants
    async with database.tenant_session(a.organization_id) as session:
        orgs = set((await session.execute(text("select id from organizations"))).scalars())
        users = set((await session.execute(text("select id from users"))).scalars())
        touched = await session.execute(
            text("update users set name = 'x' where id = :id"), {"id": b.user_id}
        )
        assert touched.rowcount == 0  # type: ignore[attr-defined]
    assert orgs == {a.organization_id}
    assert users == {a.user_id}
    with pytest.raises(DBAPIError, match="row-level security"):
        async with database.tenant_session(a.organization_id) as session:
            await session.execute(
                text(
                    "insert into organizations (id, name, slug, is_active)"
                    " values (:id, 'x', 'x', true)"
                ),
                {"id": uuid.uuid4()},
            )


async def test_runtime_role_check_accepts_app_role_and_refuses_owner(
    database: Database, test_db: object
) -> None:
    await database.check_runtime_role()
    owner = Database(test_db.urls.owner, pool_size=1)  # type: ignore[attr-defined]
    try:
        with pytest.raises(RuntimeError, match="own no table"):
            await owner.check_runtime_role()
    finally:
        await owner.dispose()
