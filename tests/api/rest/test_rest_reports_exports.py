"""REST reports, metrics and exports over the report and export services: GraphQL's
figures and shapes, an export created once per Idempotency-Key, and /v1/export/csv
reusing the export it started."""

from __future__ import annotations

import re
import uuid

import httpx

from backend.api.rest.idempotency import REPLAYED
from backend.db.enums import Role
from backend.db.session import Database

from ...conftest import FileFactory
from ..conftest import MemberToken
from ..tenant_data import build_tenant_data

MONEY = r"-?\d+\.\d{2,}"


async def test_reports_and_metrics(
    client: httpx.AsyncClient,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=3)
    headers = {"Authorization": f"Bearer {await member_token(org, Role.AUDITOR)}"}
    summary = await client.get(
        "/v1/reports/reconciliation?from=2020-01-01T00:00:00Z&period=month", headers=headers
    )
    assert summary.status_code == 200, summary.text
    rows = summary.json()["data"]
    assert sum(r["documents"] for r in rows) == data.documents
    assert all(re.fullmatch(MONEY, r["matchedAmount"]) for r in rows)
    later = await client.get(
        "/v1/reports/reconciliation?from=2100-01-01T00:00:00Z", headers=headers
    )
    assert later.json()["data"] == []
    aging = await client.get("/v1/reports/aging?asOf=2026-12-31", headers=headers)
    assert aging.status_code == 200, aging.text
    assert aging.json()["asOf"] == "2026-12-31" and aging.json()["data"]
    errors = await client.get("/v1/reports/parse-errors", headers=headers)
    assert errors.status_code == 200 and "data" in errors.json()
    metrics = (await client.get("/v1/admin/metrics", headers=headers)).json()
    assert metrics["documents"] == data.documents
    assert metrics["transactions"] == data.transactions
    assert metrics["pendingSuggestions"] == data.suggested
    assert isinstance(metrics["parseErrors"], list)


async def test_exports_once_per_key_and_csv_redirect_reuses(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    headers = {"Authorization": f"Bearer {await member_token(org, Role.MANAGER)}"}
    keyed = {**headers, "Idempotency-Key": f"e-{uuid.uuid4().hex}"}
    body = {
        "kind": "reconciliations",
        "format": "xlsx",
        "reconciliationFilter": {"status": ["matched"]},
    }
    first = await client.post("/v1/exports", headers=keyed, json=body)
    assert first.status_code == 201, first.text
    replay = await client.post("/v1/exports", headers=keyed, json=body)
    assert replay.headers[REPLAYED] == "true"
    assert replay.json()["export"]["id"] == first.json()["export"]["id"]
    assert first.json()["export"]["filters"]["statuses"] == ["matched"]
    wrong = await client.post(
        "/v1/exports", headers=headers, json={"kind": "documents", "reconciliationFilter": {}}
    )
    assert wrong.status_code == 422, wrong.text
    redirect = await client.get("/v1/export/csv?type=documents", headers=headers)
    assert redirect.status_code == 303, redirect.text
    again = await client.get("/v1/export/csv?type=documents", headers=headers)
    assert again.headers["location"] == redirect.headers["location"]
    assert re.search(r"/v1/exports/[^/]+$", redirect.headers["location"])
    other = await client.get("/v1/export/csv?type=reconciliations", headers=headers)
    assert other.headers["location"] != redirect.headers["location"]
    assert (await client.get("/v1/export/csv?type=files", headers=headers)).status_code == 422
