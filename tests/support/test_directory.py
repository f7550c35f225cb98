"""The tenant directory: health figures per tenant, paging, and the platform audit log."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id

from ..db.conftest import TenantRows
from .conftest import StaffFactory, error_codes, run, staff_token


async def _file(superuser: asyncpg.Connection, org: uuid.UUID, status: str, age_days: int) -> None:
    await superuser.execute(
        "insert into files (id, organization_id, sha256, original_name, size_bytes, storage_key,"
        " status, members_count, documents_count, transactions_count, errors_count, updated_at)"
        " values ($1,$2,$3,'f.xml',10,'k',$4,0,0,0,0, now() - make_interval(days => $5))",
        uuid.uuid4(),
        org,
        uuid.uuid4().hex + uuid.uuid4().hex,
        status,
        age_days,
    )


async def _installment(
    superuser: asyncpg.Connection, rows: TenantRows, number: str, status: str
) -> None:
    await superuser.execute(
        "insert into document_installments (id, organization_id, document_id, number, amount,"
        " open_amount, status) values ($1,$2,$3,$4,10.00,10.00,$5)",
        uuid.uuid4(),
        rows.organization_id,
        rows.ids["documents"],
        number,
        status,
    )


async def _transaction(superuser: asyncpg.Connection, rows: TenantRows, status: str) -> None:
    await superuser.execute(
        "insert into transactions (id, organization_id, bank_account_id, fingerprint, source,"
        " entry_kind, posted_date, amount, open_amount, currency, description, type,"
        " external_refs, status) values ($1,$2,$3,$4,'ofx','bank',current_date,10.00,10.00,"
        "'BRL','PIX','pix','{}',$5)",
        uuid.uuid4(),
        rows.organization_id,
        rows.ids["bank_accounts"],
        uuid.uuid4().hex,
        status,
    )


async def _suggestion(superuser: asyncpg.Connection, org: uuid.UUID, status: str) -> None:
    await superuser.execute(
        "insert into reconciliations (id, organization_id, status, score, reasons,"
        " difference_amount, decided_by) values ($1,$2,$3,0.8,'[]',0,'system')",
        uuid.uuid4(),
        org,
        status,
    )


async def _audit(
    superuser: asyncpg.Connection, org: uuid.UUID, actor_type: str, at: datetime
) -> None:
    await superuser.execute(
        "insert into audit_logs (id, organization_id, actor_type, action, entity_type, created_at)"
        " values ($1,$2,$3,'test.done','organization',$4)",
        uuid.uuid4(),
        org,
        actor_type,
        at,
    )


def _entries(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in body["data"]["tenantDirectory"]["edges"]]


async def test_directory_shows_each_tenants_health_and_is_audited(
    client: httpx.AsyncClient,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, b = tenants
    # Each tenant already has one file (uploaded), one open installment, one open
    # transaction, one matched reconciliation and one system audit entry.
    for status, age in (("failed", 0), ("failed", 2), ("failed", 40), ("processing", 0)):
        await _file(superuser, a.organization_id, status, age)
    await _file(superuser, a.organization_id, "processed", 0)
    await _installment(superuser, a, "002", "partial")
    await _installment(superuser, a, "003", "reconciled")
    await _transaction(superuser, a, "partial")
    await _transaction(superuser, a, "ignored")
    await _suggestion(superuser, a.organization_id, "suggested")
    await _suggestion(superuser, a.organization_id, "suggested")
    await _suggestion(superuser, a.organization_id, "rejected")
    user_at = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    client_at = user_at + timedelta(days=20)
    await _audit(superuser, a.organization_id, "user", user_at)
    await _audit(superuser, a.organization_id, "api_client", client_at)
    # Support's own visits and the system's jobs are not the tenant's activity.
    await _audit(superuser, a.organization_id, "support", client_at + timedelta(days=5))
    await _audit(superuser, a.organization_id, "system", client_at + timedelta(days=6))
    await _file(superuser, b.organization_id, "failed", 1)
    await _audit(superuser, b.organization_id, "user", user_at)

    staff = await make_staff()
    token = await staff_token(client, staff)
    # insert_tenant names them "Org a<tag>" and "Org b<tag>": the tag finds exactly these.
    tag = (
        await superuser.fetchval("select name from organizations where id = $1", a.organization_id)
    )[5:]
    body = await run(client, token, "TenantDirectory", text=tag)
    assert "errors" not in body, body
    first, second = _entries(body)
    assert first["id"] == to_global_id("Organization", a.organization_id)
    assert second["id"] == to_global_id("Organization", b.organization_id)
    assert first["isActive"] is True
    assert first["health"] == {
        "failedFiles": 2,
        "filesProcessing": 2,
        "openInstallments": 2,
        "openTransactions": 2,
        "pendingSuggestions": 2,
        "lastActivityAt": client_at.isoformat(),
    }
    assert second["health"] == {
        "failedFiles": 1,
        "filesProcessing": 1,
        "openInstallments": 1,
        "openTransactions": 1,
        "pendingSuggestions": 0,
        "lastActivityAt": user_at.isoformat(),
    }

    # Forwards paging by name.
    page_one = await run(client, token, "TenantDirectory", text=tag, first=1)
    info = page_one["data"]["tenantDirectory"]["pageInfo"]
    assert [e["id"] for e in _entries(page_one)] == [first["id"]]
    assert info["hasNextPage"] is True
    page_two = await run(
        client, token, "TenantDirectory", text=tag, first=1, after=info["endCursor"]
    )
    assert [e["id"] for e in _entries(page_two)] == [second["id"]]
    assert page_two["data"]["tenantDirectory"]["pageInfo"]["hasNextPage"] is False
    assert page_two["data"]["tenantDirectory"]["pageInfo"]["hasPreviousPage"] is True

    nothing = await run(client, token, "TenantDirectory", text="no-such-tenant-" + tag)
    assert _entries(nothing) == []

    views = await superuser.fetch(
        "select actor_type, entity_type, details from platform_audit_logs"
        " where actor_id = $1 and action = 'support.directory_viewed' order by created_at",
        staff.user_id,
    )
    assert len(views) == 4
    assert {v["actor_type"] for v in views} == {"support"}
    details = json.loads(views[0]["details"])
    assert details["text"] == tag
    assert details["organizations"] == [str(a.organization_id), str(b.organization_id)]
    # Looking at the directory leaves no trace in the tenants' own logs.
    assert not await superuser.fetchval(
        "select count(*) from audit_logs where actor_id = $1", staff.user_id
    )


async def test_directory_follows_the_staff_flag_at_once(
    client: httpx.AsyncClient, make_staff: StaffFactory, superuser: asyncpg.Connection
) -> None:
    staff = await make_staff()
    token = await staff_token(client, staff)
    assert "errors" not in await run(client, token, "TenantDirectory", first=1)
    await superuser.execute(
        "update users set is_platform_staff = false where id = $1", staff.user_id
    )
    # The token is still valid, but the database function checks the flag on every call.
    body = await run(client, token, "TenantDirectory", first=1)
    assert body["data"] is None
    assert error_codes(body) == {"STAFF_ONLY"}
    assert error_codes(await run(client, token, "MySupportGrants")) == {"STAFF_ONLY"}
