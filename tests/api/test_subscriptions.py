"""fileProgress over graphql-transport-ws through a real uvicorn server: authenticated by
the connection_init payload, and only the caller's organization's files arrive."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import pytest
import uvicorn
import websockets

from backend.api.app import create_app
from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.devstack.postgres import free_port
from backend.tenancy.service import DemoCredentials, create_organization
from backend.users.models import User

from ..conftest import upload_bytes

SUBSCRIBE = "subscription { fileProgress { fileId status documents } }"


@pytest.fixture
async def server(app_state: AppState) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(app_state), host="127.0.0.1", port=port, log_config=None)
    served = uvicorn.Server(config)
    task = asyncio.create_task(served.serve())
    while not served.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
        await asyncio.sleep(0.05)
    yield f"ws://127.0.0.1:{port}/graphql"
    served.should_exit = True
    await task


async def _open(url: str, token: str | None) -> websockets.ClientConnection:
    ws = await websockets.connect(
        url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]
    )
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return ws


async def test_file_progress_reaches_only_the_callers_organization(
    server: str,
    app_state: AppState,
    demo: DemoCredentials,
    settings: Settings,
    database: Database,
) -> None:
    token = issue_access_token(
        app_state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=demo.organization_id, role=Role.ADMIN),
    )
    ws = await _open(server, token)
    assert json.loads(await ws.recv()) == {"type": "connection_ack"}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    await asyncio.sleep(0.5)  # LISTEN is registered when the first event is awaited
    other = uuid.uuid4()
    async with database.session() as session:
        admin = User(email="outra@example.com", name="Outra", password_hash=hash_password("x"))
        await create_organization(
            session, organization_id=other, name="Outra", slug="outra", admin=admin
        )
    # Another tenant's upload commits first; the first event the socket gets is ours.
    await upload_bytes(settings, database, other, b"<y/>", "b.xml")
    file_id = await upload_bytes(settings, database, demo.organization_id, b"<x/>", "a.xml")
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    assert message["type"] == "next"
    assert message["payload"]["data"]["fileProgress"] == {
        "fileId": to_global_id("File", file_id),
        "status": "uploaded",
        "documents": 0,
    }
    await ws.close()


async def test_websocket_without_a_valid_token_is_rejected(server: str) -> None:
    for token in (None, "not-a-token"):
        ws = await _open(server, token)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403
