"""REST /v1 against the real stack: every route × every role and API-client scope set
(403 exactly where the permission table says), another tenant's ids answering byte for
byte like never-existing ones, and every answer checked against the OpenAPI document."""

from __future__ import annotations

import re
import uuid
from typing import Any

import asyncpg
import httpx
import jsonschema_rs
import pytest

from backend.api.graphql.permissions import Access
from backend.api.graphql.relay import to_global_id
from backend.api.rest.framework import Operation
from backend.api.rest.routes import document, operations
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.rbac import can
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from backend.db.session import Database
from backend.rules import service as rules
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.start import request_reconcile

from ...conftest import FileFactory
from ...webhooks.support import admin_principal
from ..conftest import MemberToken
from ..tenant_data import build_tenant_data
from ..test_role_matrix import CALLERS, Caller

ID_TYPES = {
    "/v1/files/{id}": "File",
    "/v1/files/{id}/reprocess": "File",
    "/v1/documents/{id}": "Document",
    "/v1/transactions/{id}": "Transaction",
    "/v1/reconciliations/{id}": "Reconciliation",
    "/v1/reconciliations/{id}/accept": "Reconciliation",
    "/v1/reconciliations/{id}/reject": "Reconciliation",
    "/v1/jobs/{id}": "Job",
    "/v1/users/{id}": "User",
    "/v1/admin/rules/{id}": "Rule",
    "/v1/admin/rules/{id}/test": "Rule",
    "/v1/admin/webhooks/{id}": "Webhook",
    "/v1/admin/webhooks/{id}/rotate-secret": "Webhook",
    "/v1/admin/webhook-deliveries/{id}/redeliver": "WebhookDelivery",
    "/v1/admin/api-clients/{id}": "ApiClient",
}
TABLES = {
    "File": "files",
    "Document": "documents",
    "Installment": "document_installments",
    "Transaction": "transactions",
    "Reconciliation": "reconciliations",
    "Webhook": "webhook_endpoints",
    "WebhookDelivery": "webhook_deliveries",
    "ApiClient": "api_clients",
}
HOOK = "http://127.0.0.1:9/hooks"
SHORT_PAYMENTS = {
    "when": [{"type": "amount_tolerance", "pct": "5"}],
    "then": {"type": "auto_match", "tolerance": {"pct": "5"}},
}
BODIES: dict[str, Any] = {
    "/v1/reprocess": lambda ids: {"fileId": ids["File"]},
    "/v1/reconciliations/{id}/reject": lambda ids: {"reason": "not ours"},
    "/v1/reconciliations": lambda ids: {
        "installmentIds": [ids["Installment"]],
        "transactionIds": [ids["Transaction"]],
        "reason": "matrix",
    },
    "/v1/reconciliations/trigger": lambda ids: {"documentIds": [ids["Document"]]},
    "/v1/exports": lambda ids: {"kind": "documents", "format": "csv"},
    "/v1/users": lambda ids: {"email": "new@example.com", "name": "New", "role": "operator"},
    "/v1/users/{id}": lambda ids: {"role": "auditor"},
    "/v1/admin/rules": lambda ids: {"name": "Matrix new", "definition": SHORT_PAYMENTS},
    "/v1/admin/rules/test": lambda ids: {"name": "Matrix draft", "definition": SHORT_PAYMENTS},
    "/v1/admin/rules/{id}": lambda ids: {"name": "Matrix edit", "definition": SHORT_PAYMENTS},
    "/v1/admin/rules/{id}/test": lambda ids: {"name": "Matrix try", "definition": SHORT_PAYMENTS},
    "/v1/admin/webhooks": lambda ids: {"url": HOOK, "events": ["file.processed"]},
    "/v1/admin/webhooks/{id}": lambda ids: {"isActive": False},
    "/v1/admin/api-clients": lambda ids: {"name": "Matrix ERP", "scopes": ["read"]},
}
# Routes whose body, not their path, names the tenant's objects.
BODY_IDS = {"/v1/reprocess", "/v1/reconciliations", "/v1/reconciliations/trigger"}


def check_against_document(operation: Operation, response: httpx.Response) -> None:
    """The answer's status is documented for the route and its body fits the schema."""
    spec = document()
    entry = spec["paths"][operation.path][operation.method.lower()]
    documented = entry["responses"].get(str(response.status_code))
    assert documented is not None, f"{operation.path}: {response.status_code} {response.text}"
    content = documented.get("content", {}).get("application/json")
    if content is not None:
        schema = {**content["schema"], "components": spec["components"]}
        jsonschema_rs.Draft202012Validator(schema).validate(response.json())


async def call(
    client: httpx.AsyncClient, bearer: str, operation: Operation, ids: dict[str, str]
) -> httpx.Response:
    """The operation on tenant objects named by ``ids`` (one per node type)."""
    path = operation.path
    if "{id}" in path:
        path = path.replace("{id}", ids[ID_TYPES[operation.path]])
    body = BODIES.get(operation.path) if operation.body is not None else None
    response = await client.request(
        operation.method,
        path,
        headers={"Authorization": f"Bearer {bearer}"},
        json=body(ids) if body else None,
    )
    check_against_document(operation, response)
    return response


async def job_id(app_state: AppState, org: uuid.UUID) -> str:
    """The id of a reconciliation job of ``org`` (its workflow run, started here)."""
    handle = await request_reconcile(
        await app_state.temporal.get(),
        app_state.settings,
        TenantReconcileInput(organization_id=org),
    )
    assert handle.result_run_id is not None
    return str(to_global_id("Job", uuid.UUID(handle.result_run_id)))


async def operator_id(superuser: asyncpg.Connection, org: uuid.UUID) -> str:
    """The id of a new operator of ``org`` (a member the routes may change)."""
    user = uuid.uuid4()
    await superuser.execute(
        "insert into users (id, email, name, password_hash, is_active)"
        " values ($1, $2, 'Target', 'x', true)",
        user,
        f"target-{user.hex[:8]}@example.com",
    )
    await superuser.execute(
        "insert into memberships (id, organization_id, user_id, role, is_active)"
        " values ($1, $2, $3, 'operator', true)",
        uuid.uuid4(),
        org,
        user,
    )
    return str(to_global_id("User", user))


async def rule_id(app_state: AppState, superuser: asyncpg.Connection, org: uuid.UUID) -> str:
    """The id of a rule of ``org``, created through the rules service."""
    async with app_state.database.tenant_session(org) as session:
        rule = await rules.create_rule(
            session,
            await admin_principal(superuser, org),
            rules.RuleInput(name=f"Matrix {uuid.uuid4().hex[:6]}", definition=SHORT_PAYMENTS),
        )
    return str(to_global_id("Rule", rule.id))


async def add_webhook_rows(superuser: asyncpg.Connection, org: uuid.UUID) -> None:
    """A webhook with one delivery and an API client of ``org``."""
    endpoint = uuid.uuid4()
    await superuser.execute(
        "insert into webhook_endpoints (id, organization_id, url, secret, events, is_active)"
        " values ($1, $2, $3, 's', '{file.processed}', true)",
        endpoint,
        org,
        HOOK,
    )
    await superuser.execute(
        "insert into webhook_deliveries (id, organization_id, endpoint_id, event_id,"
        " event_type, payload, status, attempts)"
        " values ($1, $2, $3, $4, 'file.processed', '{}', 'failed', 3)",
        uuid.uuid4(),
        org,
        endpoint,
        uuid.uuid4(),
    )
    await superuser.execute(
        "insert into api_clients (id, organization_id, name, client_id, secret_hash, scopes)"
        " values ($1, $2, 'erp', $3, 'x', '{read}')",
        uuid.uuid4(),
        org,
        f"cc_{org.hex}_{uuid.uuid4().hex}",
    )


async def tenant_ids(
    superuser: asyncpg.Connection, org: uuid.UUID, app_state: AppState
) -> dict[str, str]:
    """One global id per node type the REST routes take, from ``org``'s rows and jobs."""
    ids = {
        "Job": await job_id(app_state, org),
        "User": await operator_id(superuser, org),
        "Rule": await rule_id(app_state, superuser, org),
    }
    await add_webhook_rows(superuser, org)
    for type_name, table in TABLES.items():
        row_id = await superuser.fetchval(
            f"select id from {table} where organization_id = $1 order by id limit 1", org
        )
        assert row_id is not None, table
        ids[type_name] = str(to_global_id(type_name, row_id))
    return ids


async def bearer_of(
    caller: Caller,
    org: uuid.UUID,
    app_state: AppState,
    member_token: MemberToken,
    superuser: asyncpg.Connection,
) -> tuple[str, Principal]:
    """A token for ``caller`` in ``org`` and the principal it stands for."""
    if caller.scopes is None:
        return await member_token(org, caller.role), caller.principal(org, uuid.uuid4())
    client_id = uuid.uuid4()
    await superuser.execute(
        "insert into api_clients (id, organization_id, name, client_id, secret_hash, scopes)"
        " values ($1, $2, 'rest matrix', $3, 'x', $4)",
        client_id,
        org,
        f"cc_{org.hex}_{client_id.hex}",
        sorted(caller.scopes),
    )
    principal = caller.principal(org, client_id)
    return issue_access_token(app_state.auth.tokens, principal), principal


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.label)
async def test_rest_role_matrix(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    caller: Caller,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    ids = await tenant_ids(superuser, org, app_state)
    bearer, principal = await bearer_of(caller, org, app_state, member_token, superuser)
    checked = 0
    for operation in operations():
        if isinstance(operation.requires, Access):
            continue
        response = await call(client, bearer, operation, ids)
        refused = response.status_code == 403
        expected = not can(principal, operation.requires)
        assert refused == expected, f"{caller.label} {operation.path}: {response.text}"
        if not refused:
            assert response.status_code < 500, response.text
        checked += 1
    assert checked == sum(not isinstance(o.requires, Access) for o in operations())


async def test_another_tenants_ids_answer_like_missing_ones(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    tenant_b: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    a_ids = await tenant_ids(superuser, org, app_state)
    missing = {
        name: str(to_global_id(name, uuid.uuid4())) for name in [*TABLES, "Job", "User", "Rule"]
    }
    b_admin = await member_token(tenant_b, Role.ADMIN)
    routes = [
        o for o in operations() if o.path_params or (o.body is not None and o.path in BODY_IDS)
    ]
    assert {o.path for o in routes} >= set(ID_TYPES) | BODY_IDS
    for operation in routes:
        foreign = await call(client, b_admin, operation, a_ids)
        never = await call(client, b_admin, operation, missing)
        assert foreign.status_code == never.status_code == 404, operation.path
        assert foreign.content == never.content, operation.path
        assert foreign.json()["code"] == "NOT_FOUND"
        if operation.not_found is not None:
            assert foreign.json() == {
                "code": "NOT_FOUND",
                "message": operation.not_found,
                "details": {},
            }


async def test_lists_page_with_next_links_and_graphql_shapes(
    client: httpx.AsyncClient,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=3)
    headers = {"Authorization": f"Bearer {await member_token(org, Role.AUDITOR)}"}
    first = await client.get("/v1/documents?limit=2&sort=total&direction=asc", headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert len(body["data"]) == 2 and body["pageInfo"]["hasNextPage"]
    assert re.fullmatch(r"-?\d+\.\d{2,}", body["data"][0]["total"])
    following = await client.get(body["links"]["next"].removeprefix("http://test"), headers=headers)
    assert following.status_code == 200, following.text
    seen = {d["id"] for d in body["data"]}
    assert not seen & {d["id"] for d in following.json()["data"]}
    detail = await client.get(f"/v1/documents/{body['data'][0]['id']}", headers=headers)
    assert detail.status_code == 200
    assert detail.json()["installments"] and "items" in detail.json()
    transactions = await client.get("/v1/transactions?limit=1", headers=headers)
    assert transactions.status_code == 200
    [row] = transactions.json()["data"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["postedOn"])


async def test_error_bodies_and_statuses(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    anonymous = await client.get("/v1/files")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "UNAUTHENTICATED"
    headers = {"Authorization": f"Bearer {await member_token(org, Role.OPERATOR)}"}
    too_many = await client.get("/v1/files?limit=1000", headers=headers)
    assert too_many.status_code == 422
    assert too_many.json()["details"]["fields"]["limit"]
    unknown = await client.get("/v1/files?colour=red", headers=headers)
    assert unknown.status_code == 422
    not_json = await client.post(
        "/v1/reprocess", headers={**headers, "content-type": "application/json"}, content=b"{"
    )
    assert not_json.status_code == 400
    assert set(not_json.json()) == {"code", "message", "details"}
    malformed = await client.get("/v1/documents/not-an-id", headers=headers)
    assert malformed.status_code == 404
    assert malformed.json()["message"] == "document not found"


async def test_rate_limit_answers_429_with_retry_after(
    settings: Any, database: Database, member_token: MemberToken, org: uuid.UUID
) -> None:
    from backend.api.app import create_app

    state = AppState.build(
        settings.model_copy(update={"rate_limit_graphql_per_minute": 2}), database
    )
    token = await member_token(org, Role.ADMIN)
    app = create_app(state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        headers = {"Authorization": f"Bearer {token}"}
        answers = [await c.get("/v1/organizations/current", headers=headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json()["code"] == "RATE_LIMITED"
    assert int(answers[2].headers["retry-after"]) >= 1


async def test_idempotency_key_replays_the_first_answer(database: Database, org: uuid.UUID) -> None:
    from starlette.responses import JSONResponse

    from backend.api.rest import idempotency
    from backend.core.errors import Invalid

    runs = []

    async def run() -> JSONResponse:
        runs.append(1)
        return JSONResponse({"n": len(runs)}, status_code=201)

    key = f"k-{uuid.uuid4().hex}"
    first = await idempotency.run_once(database, org, key, request_hash="a", run=run)
    again = await idempotency.run_once(database, org, key, request_hash="a", run=run)
    assert (first.status_code, again.status_code, len(runs)) == (201, 201, 1)
    assert again.body == first.body and again.headers[idempotency.REPLAYED] == "true"
    with pytest.raises(Invalid) as reused:
        await idempotency.run_once(database, org, key, request_hash="b", run=run)
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
