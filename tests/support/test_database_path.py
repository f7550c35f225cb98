"""The cross-tenant path in the database, as the application role: the support functions
answer only staff and only with aggregates, their policy is the owner's alone, and the
staff flag cannot be set by the application."""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.db.session import Database

from ..db.conftest import TenantRows
from .conftest import StaffFactory

DIRECTORY = "select * from support_tenant_directory(null, null, null, 100)"
AGGREGATE_COLUMNS = {
    "organization_id",
    "name",
    "slug",
    "created_at",
    "is_active",
    "failed_files",
    "processing_files",
    "open_installments",
    "open_transactions",
    "pending_suggestions",
    "last_activity_at",
}


async def test_tenant_users_cannot_call_the_support_functions(
    database: Database, tenants: tuple[TenantRows, TenantRows]
) -> None:
    a, _ = tenants
    for statement in (DIRECTORY, "select * from support_staff_grants()"):
        # A tenant's own admin, in their tenant, naming themselves as the current user.
        with pytest.raises(DBAPIError, match="platform support staff only"):
            async with database.session(
                organization_id=a.organization_id, user_id=a.user_id
            ) as session:
                await session.execute(text(statement))
    # The staff check itself is not the application's to call.
    with pytest.raises(DBAPIError, match="permission denied for function"):
        async with database.session(user_id=a.user_id) as session:
            await session.execute(text("select support_current_staff()"))


async def test_the_support_read_policy_gives_the_application_role_nothing(
    database: Database,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, b = tenants
    # The tenant column of each table the support functions read.
    tables = {
        "organizations": "id",
        "files": "organization_id",
        "document_installments": "organization_id",
        "transactions": "organization_id",
        "reconciliations": "organization_id",
        "audit_logs": "organization_id",
        "support_grants": "organization_id",
    }
    for tenant in (a, b):
        await superuser.execute(
            "insert into support_grants (organization_id, staff_user_id, staff_email, staff_name,"
            " reason, expires_at)"
            " values ($1, $2, 'x@example.com', 'X', 'r', now() + interval '1 hour')",
            tenant.organization_id,
            tenant.user_id,
        )
    for table, column in tables.items():
        assert await superuser.fetchval(
            f"select count(*) from {table} where {column} = $1", b.organization_id
        ), table
    # Setting the variable the policy reads is allowed, and useless: the policy is the owner's.
    async with database.tenant_session(a.organization_id) as session:
        await session.execute(text("select set_config('app.support_read', 'on', true)"))
        for table, column in tables.items():
            seen = set((await session.execute(text(f"select {column} from {table}"))).scalars())
            assert seen == {a.organization_id}, table
    async with database.session() as session:
        await session.execute(text("select set_config('app.support_read', 'on', true)"))
        assert (await session.execute(text("select count(*) from files"))).scalar_one() == 0


async def test_staff_get_aggregates_only_and_the_read_switch_is_off_afterwards(
    database: Database,
    make_staff: StaffFactory,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, b = tenants
    staff = await make_staff()
    async with database.session(user_id=staff.user_id) as session:
        result = await session.execute(text(DIRECTORY))
        assert set(result.keys()) == AGGREGATE_COLUMNS
        listed = {row.organization_id for row in result}
        assert {a.organization_id, b.organization_id} <= listed
        # Back in the caller's hands, the transaction sees no tenant rows at all.
        after = await session.execute(
            text("select current_setting('app.support_read', true), (select count(*) from files)")
        )
        assert tuple(after.one()) == ("off", 0)


async def test_support_staff_member_finds_only_active_staff(
    database: Database, make_staff: StaffFactory, tenants: tuple[TenantRows, TenantRows]
) -> None:
    a, _ = tenants
    staff = await make_staff()
    async with database.tenant_session(a.organization_id) as session:
        found = (
            await session.execute(
                text("select * from support_staff_member(:e)"), {"e": staff.email}
            )
        ).all()
        assert [(r.user_id, r.email) for r in found] == [(staff.user_id, staff.email)]
        member_email = (
            await session.execute(text("select email from users where id = :id"), {"id": a.user_id})
        ).scalar_one()
        none = await session.execute(
            text("select * from support_staff_member(:e)"), {"e": member_email}
        )
        assert none.all() == []


async def test_the_application_role_cannot_make_anyone_staff(
    database: Database, superuser: asyncpg.Connection, tenants: tuple[TenantRows, TenantRows]
) -> None:
    a, _ = tenants
    email = await superuser.fetchval("select email from users where id = $1", a.user_id)
    with pytest.raises(DBAPIError, match="only the owner role changes is_platform_staff"):
        async with database.session(login_email=email) as session:
            await session.execute(
                text("update users set is_platform_staff = true where email = :e"), {"e": email}
            )
    with pytest.raises(DBAPIError, match="only the owner role changes is_platform_staff"):
        async with database.session() as session:
            await session.execute(
                text(
                    "insert into users (id, email, name, password_hash, is_platform_staff)"
                    " values (:id, 'sneaky@example.com', 'Sneaky', 'x', true)"
                ),
                {"id": uuid.uuid4()},
            )
    # Other columns stay the application's to change.
    async with database.session(login_email=email) as session:
        await session.execute(
            text("update users set name = 'Renamed' where email = :e"), {"e": email}
        )
    assert (
        await superuser.fetchval(
            "select (name, is_platform_staff)::text from users where id = $1", a.user_id
        )
        == "(Renamed,f)"
    )
