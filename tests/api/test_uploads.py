"""POST /v1/uploads: stored, deduplicated, ingested after commit; errors in the REST shape."""

from __future__ import annotations

from pathlib import Path

import httpx

from backend.api.state import AppState
from backend.core.global_ids import parse_global_id
from backend.core.settings import Settings
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import post_operation
from workflows.client import connect
from workflows.worker import build_worker

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""


async def _token(client: httpx.AsyncClient, demo: DemoCredentials) -> str:
    body = await post_operation(client, None, LOGIN, None, e=demo.email, p=demo.password)
    token: str = body["data"]["login"]["accessToken"]  # type: ignore[index]
    return token


async def test_upload_is_stored_ingested_and_deduplicated(
    client: httpx.AsyncClient,
    demo: DemoCredentials,
    settings: Settings,
    database: Database,
    samples_dir: Path,
) -> None:
    token = await _token(client, demo)
    nfe = (samples_dir / "nfe55/sped-da__mod55-nfe.xml").read_bytes()
    headers = {"authorization": f"Bearer {token}"}
    temporal = await connect(settings)
    async with build_worker(temporal, settings, database):
        response = await client.post(
            "/v1/uploads", files={"file": ("nota.xml", nfe, "text/xml")}, headers=headers
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["duplicate"] is False
        assert body["file"]["kind"] == "nfe"
        assert body["file"]["status"] == "uploaded"
        result = await temporal.get_workflow_handle(
            f"ingest-{parse_global_id(body['file']['id'])[1]}"
        ).result()
        assert result["documents"] == 1
    again = await client.post(
        "/v1/uploads", files={"file": ("copia.xml", nfe, "text/xml")}, headers=headers
    )
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["file"]["id"] == body["file"]["id"]
    assert again.json()["file"]["status"] == "processed"


async def test_upload_errors(
    client: httpx.AsyncClient, demo: DemoCredentials, app_state: AppState
) -> None:
    anonymous = await client.post("/v1/uploads", files={"file": ("a.xml", b"<x/>", "text/xml")})
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "UNAUTHENTICATED"
    headers = {"authorization": f"Bearer {await _token(client, demo)}"}
    missing = await client.post("/v1/uploads", data={"other": "x"}, headers=headers)
    assert missing.status_code == 422
    assert missing.json()["details"]["fields"] == {"file": ["required"]}
    app_state.settings.upload_max_bytes = 10
    too_big = await client.post(
        "/v1/uploads",
        files={"file": ("a.xml", b"<x>" + b"0" * 100 + b"</x>", "text/xml")},
        headers=headers,
    )
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "FILE_TOO_LARGE"
