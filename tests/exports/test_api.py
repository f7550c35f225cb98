"""Exports through GraphQL, the Temporal worker and GET /v1/exports/{id}: the whole path,
roles, other tenants (404 exactly like a random id), not ready, failed and expired."""

from __future__ import annotations

import io
import json
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import openpyxl
import pytest

from backend.api.graphql.relay import from_global_id, to_global_id
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.storage import ObjectNotFound, build_object_store
from tests.graphql_client import run_operation
from workflows.client import connect
from workflows.exports.workflow import expiry_workflow_id
from workflows.worker import build_worker

from .conftest import Seeded

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "exports.graphql"
).read_text(encoding="utf-8")
NODE = "query($id: ID!) { node(id: $id) { id } }"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _token(state: AppState, organization: uuid.UUID, role: Role) -> str:
    principal = Principal(subject_id=uuid.uuid4(), organization_id=organization, role=role)
    return issue_access_token(state.auth.tokens, principal)


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_export_built_by_the_workflow_and_downloaded(
    client: httpx.AsyncClient,
    app_state: AppState,
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    seeded: Seeded,
    superuser: asyncpg.Connection,
) -> None:
    admin = _token(app_state, org, Role.ADMIN)
    temporal = await connect(settings)
    async with build_worker(temporal, settings, database):
        requested = (
            await run_operation(
                client,
                admin,
                OPERATIONS,
                "ExportDocuments",
                format="XLSX",
                filter={"amountMin": "0.01", "status": ["AUTHORIZED"]},
            )
        )["exportDocuments"]
        assert requested["__typename"] == "ExportSuccess"
        export = requested["export"]
        assert (export["status"], export["kind"], export["format"]) == (
            "PENDING",
            "DOCUMENTS",
            "XLSX",
        )
        assert export["downloadUrl"] is None
        assert export["filters"] == {"statuses": ["authorized"], "amount_min": "0.01"}
        export_id = from_global_id(export["id"], "Export")
        outcome = await temporal.get_workflow_handle(f"export-{export_id}").result()
    assert outcome["status"] == "ready"

    ready = (await run_operation(client, admin, OPERATIONS, "Export", id=export["id"]))["export"]
    assert ready["status"] == "READY"
    assert ready["rowCount"] == 5
    assert ready["downloadUrl"] == f"{settings.base_url}/v1/exports/{export['id']}"
    path = urlsplit(ready["downloadUrl"]).path

    response = await client.get(path, headers=_bearer(admin))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert int(response.headers["content-length"]) == ready["sizeBytes"] == len(response.content)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="conciliacontag-documentos-')
    assert response.headers["cache-control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Documentos"]
    totals = {row[2].value: Decimal(str(row[11].value)) for row in sheet.iter_rows(min_row=2)}
    assert totals == {str(n): i.total for n, i in seeded.invoices.items()}

    listed = (await run_operation(client, admin, OPERATIONS, "Exports", first=10))["exports"]
    assert [e["node"]["id"] for e in listed["edges"]] == [export["id"]]
    assert listed["totalCount"] == 1

    # Without a token, with another tenant's token, for a random id and for garbage.
    anonymous = await client.get(path)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "UNAUTHENTICATED"
    stranger = _token(app_state, uuid.uuid4(), Role.ADMIN)
    foreign = await client.get(path, headers=_bearer(stranger))
    unknown = await client.get(
        f"/v1/exports/{to_global_id('Export', uuid.uuid4())}", headers=_bearer(admin)
    )
    garbage = await client.get("/v1/exports/nao-existe", headers=_bearer(admin))
    raw_uuid = await client.get(f"/v1/exports/{export_id}", headers=_bearer(admin))
    for answer in (foreign, unknown, garbage, raw_uuid):
        assert answer.status_code == 404
        assert answer.content == foreign.content
    assert foreign.json() == {"code": "NOT_FOUND", "message": "export not found", "details": {}}
    assert (await run_operation(client, stranger, OPERATIONS, "Export", id=export["id"]))[
        "export"
    ] is None
    assert (await run_operation(client, stranger, OPERATIONS, "Exports"))["exports"]["edges"] == []
    node = await client.post(
        "/graphql",
        json={"query": NODE, "variables": {"id": export["id"]}},
        headers=_bearer(stranger),
    )
    assert node.json()["data"] == {"node": None}

    # Auditors read but may not export (rbac: EXPORT is admin and manager only).
    auditor = _token(app_state, org, Role.AUDITOR)
    denied = (await run_operation(client, auditor, OPERATIONS, "ExportDocuments", format="CSV"))[
        "exportDocuments"
    ]
    assert denied["__typename"] == "PermissionDeniedError"
    forbidden = await client.get(path, headers=_bearer(auditor))
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "FORBIDDEN"

    await superuser.execute(
        "update exports set expires_at = now() - interval '1 minute' where id = $1", export_id
    )
    gone = await client.get(path, headers=_bearer(admin))
    assert gone.status_code == 410
    assert gone.json()["code"] == "EXPORT_EXPIRED"
    expired = (await run_operation(client, admin, OPERATIONS, "Export", id=export["id"]))["export"]
    assert (expired["expired"], expired["downloadUrl"]) == (True, None)

    actions = [
        (r["action"], r["actor_type"])
        for r in await superuser.fetch(
            "select action, actor_type from audit_logs where entity_id = $1 order by created_at",
            export_id,
        )
    ]
    assert actions == [
        ("export.requested", "user"),
        ("export.ready", "system"),
        ("export.downloaded", "user"),
    ]


async def test_not_ready_then_failed_with_a_reason(
    client: httpx.AsyncClient,
    app_state: AppState,
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    manager = _token(app_state, org, Role.MANAGER)
    requested = (
        await run_operation(
            client,
            manager,
            OPERATIONS,
            "ExportReconciliations",
            format="CSV",
            filter={"status": ["MATCHED"], "scoreMin": "0.5"},
        )
    )["exportReconciliations"]
    assert requested["__typename"] == "ExportSuccess"
    export = requested["export"]
    export_id = from_global_id(export["id"], "Export")
    path = f"/v1/exports/{export['id']}"

    # Started, but no worker has picked it up yet.
    waiting = await client.get(path, headers=_bearer(manager))
    assert waiting.status_code == 409
    assert waiting.headers["retry-after"] == "5"
    assert waiting.json()["code"] == "EXPORT_NOT_READY"
    assert waiting.json()["details"] == {"status": "pending"}

    # A filter that no longer parses fails the same way every time: final, with a reason.
    await superuser.execute(
        "update exports set filters = $2 where id = $1",
        export_id,
        json.dumps({"score_min": "muito"}),
    )
    temporal = await connect(settings)
    async with build_worker(temporal, settings, database):
        outcome = await temporal.get_workflow_handle(f"export-{export_id}").result()
    assert outcome["status"] == "failed"
    assert outcome["error"] == "the export's stored filter is invalid"

    failed = (await run_operation(client, manager, OPERATIONS, "Export", id=export["id"]))["export"]
    assert (failed["status"], failed["error"], failed["downloadUrl"]) == (
        "FAILED",
        "the export's stored filter is invalid",
        None,
    )
    answer = await client.get(path, headers=_bearer(manager))
    assert answer.status_code == 409
    assert answer.json()["code"] == "EXPORT_FAILED"
    assert answer.json()["details"] == {"error": "the export's stored filter is invalid"}
    assert (
        await superuser.fetchval(
            "select count(*) from audit_logs where action = 'export.failed' and entity_id = $1",
            export_id,
        )
        == 1
    )

    invalid = (
        await run_operation(
            client,
            manager,
            OPERATIONS,
            "ExportDocuments",
            format="CSV",
            filter={"issuedFrom": "2026-02-01T00:00:00Z", "issuedTo": "2026-01-01T00:00:00Z"},
        )
    )["exportDocuments"]
    assert invalid["__typename"] == "ValidationError"
    assert invalid["fields"] == [
        {"field": "issuedTo", "messages": ["must be after the lower bound"]}
    ]


async def test_the_file_is_deleted_when_the_link_expires(
    client: httpx.AsyncClient,
    app_state: AppState,
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    seeded: Seeded,
    superuser: asyncpg.Connection,
) -> None:
    admin = _token(app_state, org, Role.ADMIN)
    temporal = await connect(settings)
    # A zero TTL: the link expires as soon as the file is ready, so the expiry the export
    # leaves behind runs its timer at once and deletes the file while the worker runs.
    instant = settings.model_copy(update={"export_ttl_days": 0})
    async with build_worker(temporal, instant, database):
        requested = (
            await run_operation(client, admin, OPERATIONS, "ExportDocuments", format="CSV")
        )["exportDocuments"]
        export = requested["export"]
        export_id = from_global_id(export["id"], "Export")
        outcome = await temporal.get_workflow_handle(f"export-{export_id}").result()
        expiry = await temporal.get_workflow_handle(expiry_workflow_id(export_id)).result()
    assert outcome["status"] == "ready"
    assert expiry["deleted"] is True, expiry

    entry = await superuser.fetchrow(
        "select actor_type, before from audit_logs"
        " where action = 'export.expired' and entity_id = $1",
        export_id,
    )
    assert entry is not None and entry["actor_type"] == "system"
    key = json.loads(entry["before"])["storage_key"]
    assert key.startswith(f"{org}/")
    with pytest.raises(ObjectNotFound):
        await build_object_store(settings).head(key)
    assert (
        await superuser.fetchval("select storage_key from exports where id = $1", export_id) is None
    )

    gone = await client.get(f"/v1/exports/{export['id']}", headers=_bearer(admin))
    assert gone.status_code == 410
    assert gone.json()["code"] == "EXPORT_EXPIRED"
    listed = (await run_operation(client, admin, OPERATIONS, "Export", id=export["id"]))["export"]
    assert (listed["status"], listed["expired"], listed["downloadUrl"]) == ("READY", True, None)
