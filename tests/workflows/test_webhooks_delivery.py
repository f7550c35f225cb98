"""WebhookDeliveryWorkflow on the Temporal dev server against a real local receiver:
signed deliveries, retries with backoff recorded attempt by attempt, giving up,
redelivery, disabled endpoints and idempotent enqueueing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from backend.core.global_ids import to_global_id
from backend.core.settings import Settings
from backend.db.session import Database
from backend.webhooks import service as webhooks
from workflows.client import connect
from workflows.webhooks.models import DeliveryRetry, WebhookDeliveryResult
from workflows.webhooks.start import delivery_workflow_id, start_deliveries
from workflows.worker import build_worker

from ..webhooks.support import Receiver, admin_principal, verify_signature

# Short intervals so retries take a fraction of a second; three attempts in all.
FAST = DeliveryRetry(
    initial_interval_seconds=0.1,
    backoff_coefficient=2.0,
    maximum_interval_seconds=0.2,
    maximum_attempts=3,
)
PAYLOAD = {"file": {"id": "RmlsZTp4", "status": "processed"}}


async def _register(
    database: Database,
    settings: Settings,
    superuser: asyncpg.Connection,
    org: uuid.UUID,
    url: str,
    events: Sequence[str] = ("file.processed",),
) -> tuple[uuid.UUID, str]:
    principal = await admin_principal(superuser, org)
    async with database.tenant_session(org) as session:
        created = await webhooks.register_endpoint(
            session, principal, settings, url=url, events=events
        )
    return created.endpoint.id, created.secret


async def _enqueue(
    database: Database, org: uuid.UUID, event_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    async with database.tenant_session(org) as session:
        return await webhooks.enqueue_event(
            session, org, "file.processed", PAYLOAD, event_id=event_id
        )


async def _deliver(
    settings: Settings, database: Database, org: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryResult:
    client = await connect(settings)
    async with build_worker(client, settings, database):
        await start_deliveries(client, settings, org, [delivery_id], retry=FAST)
        result: WebhookDeliveryResult = await client.get_workflow_handle(
            delivery_workflow_id(delivery_id), result_type=WebhookDeliveryResult
        ).result()
    return result


async def _row(superuser: asyncpg.Connection, delivery_id: uuid.UUID) -> asyncpg.Record:
    row = await superuser.fetchrow(
        "select status, attempts, last_status_code, last_error, delivered_at, event_id"
        " from webhook_deliveries where id = $1",
        delivery_id,
    )
    assert row is not None
    return row


async def _attempt_log(superuser: asyncpg.Connection, delivery_id: uuid.UUID) -> list[Any]:
    rows = await superuser.fetch(
        "select after from audit_logs where action = 'webhook.delivery_attempted'"
        " and entity_id = $1 order by (after->>'attempt')::int",
        delivery_id,
    )
    return [
        (a["attempt"], a["status_code"], a["status"])
        for a in (json.loads(r["after"]) for r in rows)
    ]


async def test_fails_twice_then_delivered_on_the_third_attempt(
    settings: Settings, database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    with Receiver(statuses=[500, 503]).running() as receiver:
        _, secret = await _register(database, settings, superuser, org, receiver.url)
        [delivery_id] = await _enqueue(database, org)
        result = await _deliver(settings, database, org, delivery_id)

    assert result.status == "delivered"
    row = await _row(superuser, delivery_id)
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("delivered", 3, 200)
    assert row["last_error"] is None and row["delivered_at"] is not None
    # The log keeps every attempt, not only the last.
    assert await _attempt_log(superuser, delivery_id) == [
        (1, 500, "pending"),
        (2, 503, "pending"),
        (3, 200, "delivered"),
    ]
    assert len(receiver.requests) == 3
    for request in receiver.requests:
        assert request.path == "/hooks"
        assert verify_signature(secret, request.headers, request.body)
        assert not verify_signature("whsec_someone-else", request.headers, request.body)
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-conciliacontag-event"] == "file.processed"
        assert request.headers["x-conciliacontag-delivery"] == to_global_id(
            "WebhookDelivery", delivery_id
        )
        body = json.loads(request.body)
        assert body["id"] == str(row["event_id"])
        assert body["type"] == "file.processed"
        assert body["organizationId"] == to_global_id("Organization", org)
        assert body["data"] == PAYLOAD
    # A tampered body or a replayed, old timestamp fails verification.
    first = receiver.requests[0]
    assert not verify_signature(secret, first.headers, first.body + b" ")
    stale = {**first.headers, "x-conciliacontag-timestamp": "1700000000"}
    assert not verify_signature(secret, stale, first.body)


async def test_always_failing_gives_up_then_a_redelivery_succeeds(
    settings: Settings, database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    with Receiver(default=500).running() as receiver:
        await _register(database, settings, superuser, org, receiver.url)
        [delivery_id] = await _enqueue(database, org)
        result = await _deliver(settings, database, org, delivery_id)

        assert result.status == "failed"
        assert len(receiver.requests) == FAST.maximum_attempts
        row = await _row(superuser, delivery_id)
        assert (row["status"], row["attempts"], row["last_status_code"]) == ("failed", 3, 500)
        assert row["last_error"] == "HTTP 500: receiver says no"
        assert row["delivered_at"] is None
        assert [a[1:] for a in await _attempt_log(superuser, delivery_id)] == [(500, "pending")] * 3
        assert await superuser.fetchval(
            "select count(*) from audit_logs where action = 'webhook.delivery_failed'"
            " and entity_id = $1",
            delivery_id,
        )

        receiver.default = 200
        principal = await admin_principal(superuser, org)
        async with database.tenant_session(org) as session:
            pending = await webhooks.redeliver(session, principal, delivery_id)
        assert pending.status == "pending"
        again = await _deliver(settings, database, org, delivery_id)

    assert again.status == "delivered"
    row = await _row(superuser, delivery_id)
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("delivered", 4, 200)
    assert len(receiver.requests) == 4


async def test_a_disabled_endpoint_fails_without_sending(
    settings: Settings, database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    with Receiver().running() as receiver:
        endpoint_id, _ = await _register(database, settings, superuser, org, receiver.url)
        [delivery_id] = await _enqueue(database, org)
        principal = await admin_principal(superuser, org)
        async with database.tenant_session(org) as session:
            await webhooks.update_endpoint(
                session, principal, settings, endpoint_id, is_active=False
            )
        result = await _deliver(settings, database, org, delivery_id)
        # A disabled endpoint gets no new deliveries either.
        assert await _enqueue(database, org) == []

    assert result.status == "failed"
    assert receiver.requests == []
    row = await _row(superuser, delivery_id)
    assert (row["status"], row["attempts"]) == ("failed", 0)
    assert row["last_error"] == "the webhook is disabled"


async def test_enqueueing_is_idempotent_and_follows_subscriptions(
    settings: Settings, database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    with Receiver().running() as receiver:
        endpoint_id, old_secret = await _register(database, settings, superuser, org, receiver.url)
        await _register(
            database, settings, superuser, org, receiver.url, events=["reconciliation.changed"]
        )
        event_id = uuid.uuid4()
        first = await _enqueue(database, org, event_id)
        # The same event again (a retried activity) adds nothing and names the same delivery.
        assert await _enqueue(database, org, event_id) == first
        assert len(first) == 1
        assert await superuser.fetchval("select count(*) from webhook_deliveries") == 1

        principal = await admin_principal(superuser, org)
        async with database.tenant_session(org) as session:
            rotated = await webhooks.rotate_secret(session, principal, settings, endpoint_id)
        client = await connect(settings)
        async with build_worker(client, settings, database):
            # Two starts of one delivery share its workflow id: it is sent once.
            await start_deliveries(client, settings, org, first, retry=FAST)
            await start_deliveries(client, settings, org, first, retry=FAST)
            await client.get_workflow_handle(delivery_workflow_id(first[0])).result()
            await start_deliveries(client, settings, org, first, retry=FAST)
            await client.get_workflow_handle(delivery_workflow_id(first[0])).result()
        # Delivered: once enqueued again, nothing is left pending.
        assert await _enqueue(database, org, event_id) == []

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    # Signed with the secret current at the attempt: the rotated one.
    assert verify_signature(rotated.secret, request.headers, request.body)
    assert not verify_signature(old_secret, request.headers, request.body)
