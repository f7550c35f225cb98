"""REST reconciliations over the review services: the queue and the list page with links,
decisions answer GraphQL's shapes and send reconciliation.changed after commit, a manual
match honours Idempotency-Key, and a trigger answers 202 with a job that completes."""

from __future__ import annotations

import json
import uuid

import asyncpg
import httpx

from backend.api.rest.idempotency import REPLAYED
from backend.api.state import AppState
from backend.db.enums import Role
from backend.db.session import Database
from backend.webhooks import service as webhooks
from workflows.webhooks.start import delivery_workflow_id
from workflows.worker import build_worker

from ...conftest import FileFactory
from ...webhooks.support import Receiver, admin_principal
from ..conftest import MemberToken
from ..tenant_data import build_tenant_data


async def test_queue_decisions_and_their_webhooks(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=6)
    assert data.suggested >= 4
    headers = {"Authorization": f"Bearer {await member_token(org, Role.OPERATOR)}"}
    first = await client.get("/v1/review-queue?limit=2", headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert {r["status"] for r in body["data"]} == {"suggested"}
    assert body["pageInfo"]["hasNextPage"] and "limit=2" in body["links"]["next"]
    rest = await client.get(body["links"]["next"].removeprefix("http://test"), headers=headers)
    queue = body["data"] + rest.json()["data"]
    assert len({r["id"] for r in queue}) == len(queue) >= 4
    matched = await client.get("/v1/reconciliations?status=matched&limit=100", headers=headers)
    assert len(matched.json()["data"]) == data.matched
    manual = {
        "installmentIds": [queue[2]["documents"][0]["installmentId"]],
        "transactionIds": [queue[2]["transactions"][0]["transactionId"]],
        "reason": "desconto",
    }

    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            await webhooks.register_endpoint(
                session,
                await admin_principal(superuser, org),
                app_state.settings,
                url=receiver.url,
                events=["reconciliation.changed"],
            )
        temporal = await app_state.temporal.get()
        async with build_worker(temporal, app_state.settings, database):
            accepted = await client.post(
                f"/v1/reconciliations/{queue[0]['id']}/accept", headers=headers
            )
            assert accepted.status_code == 200, accepted.text
            assert accepted.json()["reconciliation"]["status"] == "matched"
            again = await client.post(
                f"/v1/reconciliations/{queue[0]['id']}/accept", headers=headers
            )
            assert again.status_code == 409, again.text
            rejected = await client.post(
                f"/v1/reconciliations/{queue[1]['id']}/reject",
                headers=headers,
                json={"reason": "not ours"},
            )
            assert rejected.json()["reconciliation"]["status"] == "rejected"
            keyed = {**headers, "Idempotency-Key": f"m-{uuid.uuid4().hex}"}
            created = await client.post("/v1/reconciliations", headers=keyed, json=manual)
            assert created.status_code == 201, created.text
            replay = await client.post("/v1/reconciliations", headers=keyed, json=manual)
            assert replay.status_code == 201 and replay.headers[REPLAYED] == "true"
            assert replay.json() == created.json()
            manual_id = created.json()["reconciliation"]["id"]
            undone = await client.delete(
                f"/v1/reconciliations/{manual_id}?reason=wrong", headers=headers
            )
            assert undone.status_code == 200, undone.text
            assert undone.json()["reconciliation"]["status"] == "rejected"
            deliveries = await superuser.fetch(
                "select id, payload from webhook_deliveries order by created_at"
            )
            for delivery in deliveries:
                await temporal.get_workflow_handle(delivery_workflow_id(delivery["id"])).result()

    sent = [json.loads(d["payload"])["data"] for d in deliveries]
    assert [(s["change"], s["reconciliationIds"]) for s in sent] == [
        ("accepted", [queue[0]["id"]]),
        ("rejected", [queue[1]["id"]]),
        ("matched", [manual_id]),
        ("unmatched", [manual_id]),
    ]
    assert len(receiver.requests) == 4


async def test_trigger_answers_202_with_a_job_that_completes(
    client: httpx.AsyncClient,
    app_state: AppState,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    manager = {"Authorization": f"Bearer {await member_token(org, Role.MANAGER)}"}
    operator = {"Authorization": f"Bearer {await member_token(org, Role.OPERATOR)}"}
    refused = await client.post(
        "/v1/reconciliations/trigger", headers=operator, json={"force": True}
    )
    assert refused.status_code == 403, refused.text
    temporal = await app_state.temporal.get()
    async with build_worker(temporal, app_state.settings, database):
        started = await client.post(
            "/v1/reconciliations/trigger", headers=manager, json={"force": True}
        )
        assert started.status_code == 202, started.text
        job = started.json()
        assert job["releasedMatches"] >= 1 and job["status"] == "running"
        assert job["href"].endswith(f"/v1/jobs/{job['id']}")
        for _ in range(100):
            polled = await client.get(f"/v1/jobs/{job['id']}", headers=operator)
            assert polled.status_code == 200, polled.text
            if polled.json()["status"] != "running":
                break
    done = polled.json()
    assert done["status"] == "completed", done
    assert done["result"]["runs"] >= 1 and done["result"]["matched"] >= 1
    assert done["closedAt"] is not None
