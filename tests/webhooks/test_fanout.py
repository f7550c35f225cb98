"""One event, several endpoints: each endpoint gets a delivery of its own, and every one
of them arrives at its own real HTTP receiver."""

from __future__ import annotations

import json
import uuid
from contextlib import ExitStack

import asyncpg
import pytest

from backend.core.global_ids import to_global_id
from backend.core.settings import Settings
from backend.db.session import Database
from backend.webhooks import service as webhooks
from workflows.client import connect
from workflows.webhooks.models import DeliveryRetry, WebhookDeliveryResult
from workflows.webhooks.start import delivery_workflow_id, start_deliveries
from workflows.worker import build_worker

from .support import Receiver, admin_principal, verify_signature

FAST = DeliveryRetry(
    initial_interval_seconds=0.1,
    backoff_coefficient=2.0,
    maximum_interval_seconds=0.2,
    maximum_attempts=3,
)


@pytest.mark.parametrize("endpoints", [2, 3])
async def test_every_endpoint_of_an_event_gets_its_own_delivery(
    endpoints: int,
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    principal = await admin_principal(superuser, org)
    with ExitStack() as stack:
        receivers = [stack.enter_context(Receiver().running()) for _ in range(endpoints)]
        secrets = []
        async with database.tenant_session(org) as session:
            for receiver in receivers:
                created = await webhooks.register_endpoint(
                    session, principal, settings, url=receiver.url, events=["file.processed"]
                )
                secrets.append(created.secret)
        event_id = uuid.uuid4()
        async with database.tenant_session(org) as session:
            deliveries = await webhooks.enqueue_event(
                session, org, "file.processed", {"file": {"id": "RmlsZTp4"}}, event_id=event_id
            )
        assert len(set(deliveries)) == endpoints

        client = await connect(settings)
        async with build_worker(client, settings, database):
            await start_deliveries(client, settings, org, deliveries, retry=FAST)
            results = [
                await client.get_workflow_handle(
                    delivery_workflow_id(d), result_type=WebhookDeliveryResult
                ).result()
                for d in deliveries
            ]

    assert [r.status for r in results] == ["delivered"] * endpoints
    rows = await superuser.fetch(
        "select id, endpoint_id, status, attempts from webhook_deliveries where event_id = $1",
        event_id,
    )
    assert len({r["endpoint_id"] for r in rows}) == endpoints
    assert {(r["status"], r["attempts"]) for r in rows} == {("delivered", 1)}
    seen_deliveries = set()
    for receiver, secret in zip(receivers, secrets, strict=True):
        [request] = receiver.requests
        assert verify_signature(secret, request.headers, request.body)
        # The event id is shared; the delivery id is the endpoint's own.
        assert json.loads(request.body)["id"] == str(event_id)
        seen_deliveries.add(request.headers["x-conciliacontag-delivery"])
    assert seen_deliveries == {to_global_id("WebhookDelivery", r["id"]) for r in rows}
