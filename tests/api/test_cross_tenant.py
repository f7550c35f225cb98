"""Cross-tenant attacks: tenant B's admin aims at tenant A's objects by global id, by
filter, by search, through exports, subscriptions, the audit log and webhooks.

Every answer must be the one a never-existing id gets (compared byte for byte once
the ids are masked): never data, never a hint that the object exists.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.db.enums import Role
from backend.db.session import Database
from backend.search import EntityType, SearchEntry
from tests.graphql_client import post_operation, run_operation

from ..conftest import FileFactory
from .conftest import MemberToken
from .tenant_data import OWN_CNPJ, build_tenant_data
from .test_subscriptions import _open, server  # noqa: F401 - the server fixture

ROOT = Path(__file__).resolve().parents[2] / "graphql" / "operations"
REVIEW = (ROOT / "review.graphql").read_text(encoding="utf-8")
# Every tenant table whose rows GraphQL exposes as nodes, with its node type.
NODE_TABLES = {
    "documents": "Document",
    "document_installments": "Installment",
    "transactions": "Transaction",
    "reconciliations": "Reconciliation",
    "files": "File",
    "companies": "Company",
    "bank_accounts": "BankAccount",
    "rules": "Rule",
    "api_clients": "ApiClient",
    "webhook_endpoints": "Webhook",
    "webhook_deliveries": "WebhookDelivery",
    "exports": "Export",
    "document_events": "DocumentEvent",
    "audit_logs": "AuditEntry",
}
_GLOBAL_ID = re.compile(r"[A-Za-z0-9_-]{20,}")


def _masked(body: Any, *ids: str) -> str:
    text = json.dumps(body, sort_keys=True)
    for value in ids:
        text = text.replace(value, "<id>")
    return text


async def _seed_a(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    client: httpx.AsyncClient,
    bearer: str,
) -> None:
    """Tenant A with at least one row in every node table."""
    await build_tenant_data(database, org, make_file, invoices=3)
    await superuser.execute(
        "insert into rules (id, organization_id, name, description, version, priority,"
        " is_active, definition) values ($1, $2, 'regra', '', 1, 10, true, '{}')",
        uuid.uuid4(),
        org,
    )
    await superuser.execute(
        "insert into api_clients (id, organization_id, name, client_id, secret_hash, scopes)"
        " values ($1, $2, 'erp', $3, 'x', '{read}')",
        uuid.uuid4(),
        org,
        f"cc_{org.hex}_{uuid.uuid4().hex}",
    )
    endpoint = uuid.uuid4()
    await superuser.execute(
        "insert into webhook_endpoints (id, organization_id, url, secret, events, is_active)"
        " values ($1, $2, 'https://a.example.com/hook', 's', '{file.processed}', true)",
        endpoint,
        org,
    )
    await superuser.execute(
        "insert into webhook_deliveries (id, organization_id, endpoint_id, event_id,"
        " event_type, payload, status, attempts) values ($1,$2,$3,$4,'file.processed',"
        " '{\"secret\": \"A-only\"}','delivered',1)",
        uuid.uuid4(),
        org,
        endpoint,
        uuid.uuid4(),
    )
    await superuser.execute(
        "insert into exports (id, organization_id, kind, format, filters, status,"
        " storage_key, row_count, size_bytes, expires_at)"
        " values ($1, $2, 'documents', 'csv', '{}', 'ready', 'exports/a.csv', 3, 10,"
        " now() + interval '1 day')",
        uuid.uuid4(),
        org,
    )
    await superuser.execute(
        "insert into document_events (id, organization_id, kind, access_key, event_type,"
        " cancels, sequence, payload) values ($1, $2, 'nfe_event', $3, '110110', false, 1,"
        " '{}')",
        uuid.uuid4(),
        org,
        "3" * 44,
    )


async def test_another_tenants_ids_answer_exactly_like_ids_that_never_existed(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    tenant_b: uuid.UUID,
) -> None:
    a_admin = await member_token(org, Role.ADMIN)
    await _seed_a(database, org, make_file, superuser, client, a_admin)
    b_admin = await member_token(tenant_b, Role.ADMIN)
    node_query = "query($id: ID!) { node(id: $id) { __typename id } }"
    probed = 0
    for table, type_name in NODE_TABLES.items():
        rows = await superuser.fetch(f"select id from {table} where organization_id = $1", org)
        assert rows, f"tenant A has no {table}: the attack would prove nothing"
        for row in rows[:3]:
            theirs = to_global_id(type_name, row["id"])
            never = to_global_id(type_name, uuid.uuid4())
            seen_by_a = await post_operation(client, a_admin, node_query, None, id=theirs)
            if type_name not in ("AuditEntry", "DocumentEvent", "Export", "ApiClient"):
                assert seen_by_a["data"]["node"] is not None, (table, seen_by_a)
            attack = await post_operation(client, b_admin, node_query, None, id=theirs)
            control = await post_operation(client, b_admin, node_query, None, id=never)
            assert attack == {"data": {"node": None}}
            assert _masked(attack, theirs) == _masked(control, never)
            probed += 1
    assert probed >= len(NODE_TABLES)

    # Mutations on A's objects: the answer B gets for a random id, nothing changed in A.
    reconciliation = await superuser.fetchrow(
        "select id, status from reconciliations where organization_id = $1"
        " and status = 'suggested' limit 1",
        org,
    )

    async def first(table: str) -> uuid.UUID:
        row_id: uuid.UUID = await superuser.fetchval(
            f"select id from {table} where organization_id = $1 limit 1", org
        )
        return row_id

    targets = {
        "acceptSuggestion": ("Reconciliation", reconciliation["id"]),
        "rejectSuggestion": ("Reconciliation", reconciliation["id"]),
        "unmatch": ("Reconciliation", reconciliation["id"]),
        "deleteRule": ("Rule", await first("rules")),
        "deleteCompany": ("Company", await first("companies")),
        "reprocessFile": ("File", await first("files")),
        "revokeApiClient": ("ApiClient", await first("api_clients")),
        "deleteWebhook": ("Webhook", await first("webhook_endpoints")),
        "deleteBankAccount": ("BankAccount", await first("bank_accounts")),
    }
    audit_count = "select count(*) from audit_logs where organization_id = $1"
    before = await superuser.fetchval(audit_count, org)
    for mutation, (type_name, row_id) in targets.items():
        query = (
            f"mutation($id: ID!) {{ {mutation}(id: $id) {{ __typename"
            " ... on UserError { code message } } }"
        )
        theirs, never = to_global_id(type_name, row_id), to_global_id(type_name, uuid.uuid4())
        attack = await post_operation(client, b_admin, query, None, id=theirs)
        control = await post_operation(client, b_admin, query, None, id=never)
        assert attack["data"][mutation]["__typename"] == "NotFoundError", (mutation, attack)
        assert _masked(attack, theirs) == _masked(control, never)
    status = await superuser.fetchval(
        "select status from reconciliations where id = $1", reconciliation["id"]
    )
    assert status == reconciliation["status"]
    after = await superuser.fetchval(
        "select count(*) from audit_logs where organization_id = $1", org
    )
    assert after == before

    # Manual match of A's items from B: not found, never a conflict that would leak state.
    installment = await superuser.fetchval(
        "select id from document_installments where organization_id = $1 limit 1", org
    )
    transaction = await superuser.fetchval(
        "select id from transactions where organization_id = $1 limit 1", org
    )
    manual = await run_operation(
        client,
        b_admin,
        REVIEW,
        "MatchManually",
        input={
            "installmentIds": [to_global_id("Installment", installment)],
            "transactionIds": [to_global_id("Transaction", transaction)],
            "reason": "x",
        },
    )
    assert manual["matchManually"]["__typename"] == "NotFoundError"


async def test_filters_search_reports_audit_exports_and_webhooks_show_b_nothing_of_a(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    tenant_b: uuid.UUID,
) -> None:
    a_admin = await member_token(org, Role.ADMIN)
    await _seed_a(database, org, make_file, superuser, client, a_admin)
    document = await superuser.fetchrow(
        "select id, number, counterparty_tax_id, company_id from documents"
        " where organization_id = $1 limit 1",
        org,
    )
    await app_state.search.upsert(
        org,
        [
            SearchEntry(
                organization_id=org,
                entity_type=EntityType.DOCUMENT,
                entity_id=document["id"],
                title=f"NF-e {document['number']}",
                keywords=(document["counterparty_tax_id"],),
            )
        ],
    )
    b_admin = await member_token(tenant_b, Role.ADMIN)
    document_id = to_global_id("Document", document["id"])
    company_id = to_global_id("Company", document["company_id"])
    checks = {
        "documents by company": (
            "query($c: ID!) { documents(filter: {companyId: $c}) { totalCount edges { cursor } } }",
            {"c": company_id},
            lambda d: d["documents"] == {"totalCount": 0, "edges": []},
        ),
        "reconciliations of A's document": (
            "query($d: ID!) { reconciliations(filter: {documentId: $d}) { totalCount } }",
            {"d": document_id},
            lambda d: d["reconciliations"]["totalCount"] == 0,
        ),
        "search by A's CNPJ": (
            "query($t: String!) { search(text: $t) { totalCount edges { cursor } } }",
            {"t": document["counterparty_tax_id"]},
            lambda d: d["search"] == {"totalCount": 0, "edges": []},
        ),
        "audit log of A's document": (
            "query($d: ID!) { auditLog(filter: {entityId: $d}) { totalCount } }",
            {"d": document_id},
            lambda d: d["auditLog"]["totalCount"] == 0,
        ),
        "whole audit log": (
            "{ auditLog(first: 100) { edges { node { entityType action } } } }",
            {},
            lambda d: all(
                e["node"]["entityType"] in ("organization", "user") for e in d["auditLog"]["edges"]
            ),
        ),
        "dashboard": (
            "{ dashboard { documents transactions pendingSuggestions } }",
            {},
            lambda d: set(d["dashboard"].values()) == {0},
        ),
        "summary": (
            "{ reconciliationSummary { documents } }",
            {},
            lambda d: d["reconciliationSummary"] == [],
        ),
        "files": ("{ files { totalCount } }", {}, lambda d: d["files"]["totalCount"] == 0),
        "exports": ("{ exports { totalCount } }", {}, lambda d: d["exports"]["totalCount"] == 0),
        "webhooks": ("{ webhooks { id } }", {}, lambda d: d["webhooks"] == []),
        "api clients": ("{ apiClients { id } }", {}, lambda d: d["apiClients"] == []),
        "rules": ("{ rules { totalCount } }", {}, lambda d: d["rules"]["totalCount"] == 0),
        "users": (
            "{ users { email } }",
            {},
            lambda d: sorted(u["email"].split("-")[0] for u in d["users"]) == ["admin", "b"],
        ),
    }
    for label, (query, variables, holds) in checks.items():
        body = await post_operation(client, b_admin, query, None, **variables)
        assert "errors" not in body, (label, body)
        assert holds(body["data"]), (label, body)
        assert "A-only" not in json.dumps(body)

    endpoint = await superuser.fetchval(
        "select id from webhook_endpoints where organization_id = $1", org
    )
    deliveries = "query($w: ID) { webhookDeliveries(webhookId: $w) { totalCount } }"
    attack = await post_operation(
        client, b_admin, deliveries, None, w=to_global_id("Webhook", endpoint)
    )
    control = await post_operation(
        client, b_admin, deliveries, None, w=to_global_id("Webhook", uuid.uuid4())
    )
    assert (
        _masked(attack, to_global_id("Webhook", endpoint))
        == _masked(control, to_global_id("Webhook", uuid.uuid4()))
        or attack == control
    )

    export = await superuser.fetchval("select id from exports where organization_id = $1", org)
    theirs = await client.get(
        f"/v1/exports/{to_global_id('Export', export)}",
        headers={"authorization": f"Bearer {b_admin}"},
    )
    never = await client.get(
        f"/v1/exports/{to_global_id('Export', uuid.uuid4())}",
        headers={"authorization": f"Bearer {b_admin}"},
    )
    assert theirs.status_code == never.status_code == 404
    assert theirs.content == never.content


async def test_subscriptions_carry_only_the_callers_organization(
    server: str,  # noqa: F811 - the fixture imported above
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    tenant_b: uuid.UUID,
) -> None:
    async def b_file(name: str) -> uuid.UUID:
        file_id = uuid.uuid4()
        await superuser.execute(
            "insert into files (id, organization_id, sha256, original_name, size_bytes,"
            " storage_key, status, members_count, documents_count, transactions_count,"
            " errors_count) values ($1, $2, $3, $4, 1, 'k', 'processing', 0, 0, 0, 0)",
            file_id,
            tenant_b,
            file_id.hex * 2,
            name,
        )
        return file_id

    await superuser.execute(
        "insert into companies (id, organization_id, cnpj, legal_name)"
        " values ($1, $2, $3, 'B Ltda')",
        uuid.uuid4(),
        tenant_b,
        OWN_CNPJ,
    )
    await build_tenant_data(database, org, make_file, invoices=2)
    await build_tenant_data(database, tenant_b, b_file, invoices=2, seed=9, tag="b")
    a_admin = await member_token(org, Role.ADMIN)
    b_admin = await member_token(tenant_b, Role.ADMIN)
    ws = await _open(server, b_admin)
    assert json.loads(await ws.recv()) == {"type": "connection_ack"}
    subscription = "subscription { reconciliationChanged { change reconciliationIds } }"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": subscription}}))
    await asyncio.sleep(0.5)  # LISTEN is registered when the first event is awaited

    async def accept_first(bearer: str) -> str:
        queue = await run_operation(client, bearer, REVIEW, "ReviewQueue", first=1)
        suggestion: str = queue["reviewQueue"]["edges"][0]["node"]["id"]
        accepted = await run_operation(client, bearer, REVIEW, "AcceptSuggestion", id=suggestion)
        assert accepted["acceptSuggestion"]["__typename"] == "ReconciliationSuccess"
        return suggestion

    theirs = await accept_first(a_admin)
    # A's decision commits first: the first event on B's socket must be B's own.
    ours = await accept_first(b_admin)
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    assert message["payload"]["data"]["reconciliationChanged"] == {
        "change": "accepted",
        "reconciliationIds": [ours],
    }
    assert theirs not in json.dumps(message)
    await ws.close()
