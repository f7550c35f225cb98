"""Webhooks over GraphQL: register (secret shown once, sealed at rest), update, rotate,
delete, the paged delivery log, redelivery, roles, audit and tenant isolation."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.sealing import secret_box
from backend.auth.tokens import issue_access_token
from backend.core.global_ids import to_global_id
from backend.db.enums import Role
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials
from backend.webhooks import service as webhooks
from tests.graphql_client import post_operation, run_operation
from workflows.webhooks.start import delivery_workflow_id
from workflows.worker import build_worker

from .support import Receiver, admin_principal, verify_signature

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "webhooks.graphql"
).read_text(encoding="utf-8")


def _token(state: AppState, principal: Principal) -> str:
    return issue_access_token(state.auth.tokens, principal)


async def _node(client: httpx.AsyncClient, token: str, global_id: str) -> Any:
    response = await client.post(
        "/graphql",
        json={"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": global_id}},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["node"]


async def test_register_update_rotate_delete_with_audit_and_sealed_secret(
    client: httpx.AsyncClient,
    app_state: AppState,
    demo: DemoCredentials,
    superuser: asyncpg.Connection,
) -> None:
    admin = _token(app_state, await admin_principal(superuser, demo.organization_id))
    registered = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "RegisterWebhook",
            input={"url": "https://hooks.example.com/cc?token=abc", "events": ["FILE_PROCESSED"]},
        )
    )["registerWebhook"]
    assert registered["__typename"] == "WebhookSecretSuccess"
    secret = registered["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    webhook = registered["webhook"]
    assert webhook["events"] == ["FILE_PROCESSED"] and webhook["isActive"]
    webhook_id = webhook["id"]

    # At rest the secret is sealed: not in the table, and opened only with the key.
    stored = await superuser.fetchval("select secret from webhook_endpoints")
    assert secret not in stored
    assert secret_box(app_state.settings).open(stored) == secret
    listed = (await run_operation(client, admin, OPERATIONS, "Webhooks"))["webhooks"]
    assert [w["id"] for w in listed] == [webhook_id]
    assert "secret" not in listed[0]

    updated = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "UpdateWebhook",
            id=webhook_id,
            input={"events": ["RECONCILIATION_CHANGED", "FILE_PROCESSED"], "isActive": False},
        )
    )["updateWebhook"]
    assert updated["webhook"]["events"] == ["FILE_PROCESSED", "RECONCILIATION_CHANGED"]
    assert updated["webhook"]["isActive"] is False
    assert updated["webhook"]["url"] == "https://hooks.example.com/cc?token=abc"

    rotated = (
        await run_operation(client, admin, OPERATIONS, "RotateWebhookSecret", id=webhook_id)
    )["rotateWebhookSecret"]
    assert rotated["__typename"] == "WebhookSecretSuccess"
    assert rotated["secret"] != secret
    sealed = await superuser.fetchval("select secret from webhook_endpoints")
    assert secret_box(app_state.settings).open(sealed) == rotated["secret"]

    deleted = (await run_operation(client, admin, OPERATIONS, "DeleteWebhook", id=webhook_id))[
        "deleteWebhook"
    ]
    assert deleted == {"__typename": "DeleteWebhookSuccess", "id": webhook_id}
    assert (await run_operation(client, admin, OPERATIONS, "Webhooks"))["webhooks"] == []

    entries = await superuser.fetch(
        "select action, before, after from audit_logs where entity_type = 'webhook'"
        " order by created_at"
    )
    assert [e["action"] for e in entries] == [
        "webhook.created",
        "webhook.updated",
        "webhook.secret_rotated",
        "webhook.deleted",
    ]
    logged = json.dumps([[e["before"], e["after"]] for e in entries])
    # Never a secret in the log, nor the receiver's token in the URL's query.
    assert secret not in logged and rotated["secret"] not in logged and "abc" not in logged
    assert json.loads(entries[1]["after"])["is_active"] is False


async def test_validation_and_roles(
    client: httpx.AsyncClient,
    app_state: AppState,
    demo: DemoCredentials,
    superuser: asyncpg.Connection,
) -> None:
    admin = _token(app_state, await admin_principal(superuser, demo.organization_id))
    for url, reason in (
        ("ftp://files.example.com/in", "https"),
        ("http://hooks.example.com/in", "https"),
        ("https://user:pw@hooks.example.com/in", "credentials"),
    ):
        invalid = (
            await run_operation(
                client,
                admin,
                OPERATIONS,
                "RegisterWebhook",
                input={"url": url, "events": ["FILE_PROCESSED"]},
            )
        )["registerWebhook"]
        assert invalid["__typename"] == "ValidationError", url
        assert [f["field"] for f in invalid["fields"]] == ["url"]
        assert reason in invalid["fields"][0]["messages"][0]
    no_events = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "RegisterWebhook",
            input={"url": "https://h.example.com", "events": []},
        )
    )["registerWebhook"]
    assert no_events["__typename"] == "ValidationError"
    assert [f["field"] for f in no_events["fields"]] == ["events"]
    # An unknown event is not even a valid request (the enum refuses it before any
    # resolver runs; which error code it gets is the GraphQL layer's business).
    unknown = await post_operation(
        client,
        admin,
        OPERATIONS,
        "RegisterWebhook",
        input={"url": "https://h.example.com", "events": ["FILE_DELETED"]},
    )
    assert unknown["errors"] and unknown.get("data") is None

    for role in (Role.OPERATOR, Role.MANAGER, Role.AUDITOR):
        someone = _token(
            app_state,
            Principal(subject_id=uuid.uuid4(), organization_id=demo.organization_id, role=role),
        )
        denied = (
            await run_operation(
                client,
                someone,
                OPERATIONS,
                "RegisterWebhook",
                input={"url": "https://h.example.com", "events": ["FILE_PROCESSED"]},
            )
        )["registerWebhook"]
        assert denied["__typename"] == "PermissionDeniedError", role
        listing = await post_operation(client, someone, OPERATIONS, "Webhooks")
        assert listing["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await superuser.fetchval("select count(*) from webhook_endpoints") == 0


async def test_another_tenant_sees_nothing_and_the_log_pages_newest_first(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    demo: DemoCredentials,
    superuser: asyncpg.Connection,
) -> None:
    org = demo.organization_id
    principal = await admin_principal(superuser, org)
    admin = _token(app_state, principal)
    async with database.tenant_session(org) as session:
        created = await webhooks.register_endpoint(
            session,
            principal,
            app_state.settings,
            url="https://hooks.example.com/a",
            events=["file.processed", "reconciliation.changed"],
        )
    delivery_ids = []
    for n in range(5):
        async with database.tenant_session(org) as session:
            delivery_ids += await webhooks.enqueue_event(session, org, "file.processed", {"n": n})
    async with database.tenant_session(org) as session:
        await webhooks.give_up(session, delivery_ids[0], "gave up")
    webhook_id = to_global_id("Webhook", created.endpoint.id)

    first = (
        await run_operation(
            client, admin, OPERATIONS, "WebhookDeliveries", webhookId=webhook_id, first=2
        )
    )["webhookDeliveries"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    assert [e["node"]["payload"]["data"]["n"] for e in first["edges"]] == [4, 3]
    rest = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "WebhookDeliveries",
            first=10,
            after=first["pageInfo"]["endCursor"],
        )
    )["webhookDeliveries"]
    assert [e["node"]["payload"]["data"]["n"] for e in rest["edges"]] == [2, 1, 0]
    assert not rest["pageInfo"]["hasNextPage"]
    failed = (await run_operation(client, admin, OPERATIONS, "WebhookDeliveries", status="FAILED"))[
        "webhookDeliveries"
    ]
    [node] = [e["node"] for e in failed["edges"]]
    assert node["id"] == to_global_id("WebhookDelivery", delivery_ids[0])
    assert (node["status"], node["lastError"], node["webhookId"]) == (
        "FAILED",
        "gave up",
        webhook_id,
    )

    stranger = _token(
        app_state, Principal(subject_id=uuid.uuid4(), organization_id=uuid.uuid4(), role=Role.ADMIN)
    )
    assert (await run_operation(client, stranger, OPERATIONS, "Webhooks"))["webhooks"] == []
    mine = (await run_operation(client, stranger, OPERATIONS, "WebhookDeliveries"))[
        "webhookDeliveries"
    ]
    assert mine["edges"] == [] and mine["totalCount"] == 0
    foreign = await post_operation(
        client, stranger, OPERATIONS, "WebhookDeliveries", webhookId=webhook_id
    )
    assert foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for operation, variables in (
        ("UpdateWebhook", {"id": webhook_id, "input": {"isActive": False}}),
        ("RotateWebhookSecret", {"id": webhook_id}),
        ("DeleteWebhook", {"id": webhook_id}),
        ("RedeliverWebhook", {"deliveryId": node["id"]}),
    ):
        result = next(
            iter(
                (await run_operation(client, stranger, OPERATIONS, operation, **variables)).values()
            )
        )
        assert result["__typename"] == "NotFoundError", operation
        assert result["code"] == "NOT_FOUND"
    for global_id in (webhook_id, node["id"]):
        assert await _node(client, stranger, global_id) is None
        assert (await _node(client, admin, global_id) or {})["id"] == global_id
    # Control: the rows exist and nothing of them changed.
    assert await superuser.fetchval("select count(*) from webhook_deliveries") == 5
    assert await superuser.fetchval("select is_active from webhook_endpoints")


async def test_redelivery_through_graphql(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    demo: DemoCredentials,
    superuser: asyncpg.Connection,
) -> None:
    org = demo.organization_id
    principal = await admin_principal(superuser, org)
    admin = _token(app_state, principal)
    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            created = await webhooks.register_endpoint(
                session, principal, app_state.settings, url=receiver.url, events=["file.processed"]
            )
            [delivery_id] = await webhooks.enqueue_event(session, org, "file.processed", {})
        async with database.tenant_session(org) as session:
            await webhooks.give_up(session, delivery_id, "receiver was down")
        temporal = await app_state.temporal.get()
        async with build_worker(temporal, app_state.settings, database):
            redelivered = (
                await run_operation(
                    client,
                    admin,
                    OPERATIONS,
                    "RedeliverWebhook",
                    deliveryId=to_global_id("WebhookDelivery", delivery_id),
                )
            )["redeliverWebhook"]
            assert redelivered["__typename"] == "RedeliverWebhookSuccess"
            assert redelivered["delivery"]["status"] == "PENDING"
            await temporal.get_workflow_handle(delivery_workflow_id(delivery_id)).result()

    [request] = receiver.requests
    assert verify_signature(created.secret, request.headers, request.body)
    assert (
        await superuser.fetchval("select status from webhook_deliveries where id = $1", delivery_id)
        == "delivered"
    )
    assert (
        await superuser.fetchval(
            "select count(*) from audit_logs where action = 'webhook.redelivery_requested'"
        )
        == 1
    )
