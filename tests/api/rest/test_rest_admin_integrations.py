"""REST webhooks and API clients over their services: secrets shown only in the answer
that made them (never in a list, a detail or the idempotency store), rotation, the
delivery log with another tenant's webhook as 404, redelivery, and revocation."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.db.enums import Role
from backend.webhooks import service as webhooks
from workflows.worker import build_worker

from ...webhooks.support import Receiver
from ..conftest import MemberToken


async def test_webhook_secrets_deliveries_and_redelivery(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    org: uuid.UUID,
    tenant_b: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    admin = {"Authorization": f"Bearer {await member_token(org, Role.ADMIN)}"}
    with Receiver().running() as receiver:
        created = await client.post(
            "/v1/admin/webhooks",
            headers={**admin, "Idempotency-Key": f"w-{uuid.uuid4().hex}"},
            json={"url": receiver.url, "events": ["file.processed"]},
        )
        assert created.status_code == 201, created.text
        secret = created.json()["secret"]
        webhook_id = created.json()["webhook"]["id"]
        stored = await superuser.fetchval(
            "select count(*) from idempotency_keys where organization_id = $1", org
        )
        assert stored == 0  # a secret-bearing answer is never kept for replays
        listed = await client.get("/v1/admin/webhooks", headers=admin)
        assert [w["id"] for w in listed.json()["data"]] == [webhook_id]
        assert secret not in listed.text
        rotated = await client.post(f"/v1/admin/webhooks/{webhook_id}/rotate-secret", headers=admin)
        assert rotated.status_code == 200, rotated.text
        assert rotated.json()["secret"] != secret
        paused = await client.patch(
            f"/v1/admin/webhooks/{webhook_id}", headers=admin, json={"isActive": False}
        )
        assert paused.json()["webhook"]["isActive"] is False
        await client.patch(
            f"/v1/admin/webhooks/{webhook_id}", headers=admin, json={"isActive": True}
        )

        async with app_state.database.tenant_session(org) as session:
            [delivery_id] = await webhooks.enqueue_event(
                session, org, "file.processed", {"fileId": "x"}
            )
        deliveries = await client.get(
            f"/v1/admin/webhook-deliveries?webhookId={webhook_id}&limit=10", headers=admin
        )
        assert deliveries.status_code == 200, deliveries.text
        [row] = deliveries.json()["data"]
        assert row["status"] == "pending" and row["webhookId"] == webhook_id
        b_admin = {"Authorization": f"Bearer {await member_token(tenant_b, Role.ADMIN)}"}
        foreign = await client.get(
            f"/v1/admin/webhook-deliveries?webhookId={webhook_id}", headers=b_admin
        )
        assert (foreign.status_code, foreign.json()["message"]) == (404, "webhook not found")

        temporal = await app_state.temporal.get()
        async with build_worker(temporal, app_state.settings, app_state.database):
            again = await client.post(
                f"/v1/admin/webhook-deliveries/{row['id']}/redeliver", headers=admin
            )
            assert again.status_code == 200, again.text
            for _ in range(100):
                if receiver.requests:
                    break
                await asyncio.sleep(0.05)
        assert receiver.requests
        assert row["id"] == str(to_global_id("WebhookDelivery", delivery_id))

    deleted = await client.delete(f"/v1/admin/webhooks/{webhook_id}", headers=admin)
    assert deleted.status_code == 204
    gone = await client.get(f"/v1/admin/webhooks/{webhook_id}", headers=admin)
    assert gone.status_code == 404


async def test_api_client_secret_once_then_revoked(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    admin = {"Authorization": f"Bearer {await member_token(org, Role.ADMIN)}"}
    bad = await client.post(
        "/v1/admin/api-clients", headers=admin, json={"name": "ERP", "scopes": ["manage_users"]}
    )
    assert bad.status_code == 422
    created = await client.post(
        "/v1/admin/api-clients", headers=admin, json={"name": "ERP", "scopes": ["read", "upload"]}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["clientSecret"].startswith("ccs_")
    token = await client.post(
        "/oauth/token",
        auth=(body["apiClient"]["clientId"], body["clientSecret"]),
        data={"grant_type": "client_credentials"},
    )
    assert token.status_code == 200, token.text
    listed = await client.get("/v1/admin/api-clients", headers=admin)
    assert body["clientSecret"] not in listed.text
    revoked = await client.delete(f"/v1/admin/api-clients/{body['apiClient']['id']}", headers=admin)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["apiClient"]["revokedAt"] is not None
    refused = await client.post(
        "/oauth/token",
        auth=(body["apiClient"]["clientId"], body["clientSecret"]),
        data={"grant_type": "client_credentials"},
    )
    assert refused.status_code == 401
