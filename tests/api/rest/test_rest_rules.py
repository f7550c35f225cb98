"""REST admin rules over the rules service: create (Idempotency-Key), versions kept by an
update, dry runs of a draft and of an edit writing nothing, field errors on the
definition's path, the name taken, and delete."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from backend.api.rest.idempotency import REPLAYED
from backend.db.enums import Role
from backend.db.session import Database

from ...conftest import FileFactory
from ..conftest import MemberToken
from ..tenant_data import build_tenant_data

SHORT_PAYMENTS = {
    "when": [
        {"type": "amount_tolerance", "pct": "5"},
        {"type": "days_window", "min": -5, "max": 10},
    ],
    "then": {"type": "auto_match", "tolerance": {"pct": "5"}},
}


async def test_rule_lifecycle_and_dry_runs(
    client: httpx.AsyncClient,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=3)
    manager = {"Authorization": f"Bearer {await member_token(org, Role.MANAGER)}"}
    rule = {"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS, "priority": 20}
    invalid = await client.post(
        "/v1/admin/rules",
        headers=manager,
        json={"name": "x", "definition": {"when": [], "then": {"type": "teleport"}}},
    )
    assert invalid.status_code == 422
    assert "definition.then" in invalid.json()["details"]["fields"]

    keyed = {**manager, "Idempotency-Key": f"r-{uuid.uuid4().hex}"}
    created = await client.post("/v1/admin/rules", headers=keyed, json=rule)
    assert created.status_code == 201, created.text
    replay = await client.post("/v1/admin/rules", headers=keyed, json=rule)
    assert replay.headers[REPLAYED] == "true" and replay.json() == created.json()
    taken = await client.post("/v1/admin/rules", headers=manager, json=rule)
    assert (taken.status_code, taken.json()["code"]) == (409, "RULE_NAME_TAKEN")
    rule_id = created.json()["rule"]["id"]

    draft = await client.post(
        "/v1/admin/rules/test", headers=manager, json={**rule, "name": "Rascunho"}
    )
    assert draft.status_code == 200, draft.text
    assert set(draft.json()) == {"changesTotal", "byThisRule", "changes"}
    edit = await client.post(
        f"/v1/admin/rules/{rule_id}/test", headers=manager, json={**rule, "isActive": False}
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["byThisRule"] == 0  # an inactive rule decides nothing
    before = await superuser.fetchval("select count(*) from rule_versions")

    updated = await client.put(
        f"/v1/admin/rules/{rule_id}", headers=manager, json={**rule, "priority": 5}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["rule"]["version"] == 2
    detail = await client.get(f"/v1/admin/rules/{rule_id}", headers=manager)
    assert [v["version"] for v in detail.json()["versions"]] == [2, 1]
    assert await superuser.fetchval("select count(*) from rule_versions") == before + 1
    listed = await client.get("/v1/admin/rules?active=true", headers=manager)
    assert [r["id"] for r in listed.json()["data"]] == [rule_id]

    deleted = await client.delete(f"/v1/admin/rules/{rule_id}", headers=manager)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = await client.get(f"/v1/admin/rules/{rule_id}", headers=manager)
    assert gone.status_code == 404
