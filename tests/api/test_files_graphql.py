"""uploadFile (GraphQL multipart request spec), file(id) and reprocessFile."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from backend.core.global_ids import parse_global_id
from backend.core.settings import Settings
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import post_operation
from workflows.client import connect
from workflows.worker import build_worker

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations" / "files.graphql"
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""


async def _upload(client: httpx.AsyncClient, token: str, name: str, data: bytes) -> dict:  # type: ignore[type-arg]
    operations = {
        "query": OPERATIONS.read_text(encoding="utf-8"),
        "operationName": "UploadFile",
        "variables": {"file": None},
    }
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "application/octet-stream")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    result: dict = response.json()["data"]["uploadFile"]  # type: ignore[type-arg]
    return result


async def test_upload_follow_and_reprocess(
    client: httpx.AsyncClient,
    demo: DemoCredentials,
    settings: Settings,
    database: Database,
) -> None:
    login = await post_operation(client, None, LOGIN, None, e=demo.email, p=demo.password)
    token: str = login["data"]["login"]["accessToken"]  # type: ignore[index]
    temporal = await connect(settings)
    async with build_worker(temporal, settings, database):
        uploaded = await _upload(client, token, "quebrado.xml", b"<nfeProc><NFe>")
        assert uploaded["__typename"] == "UploadFileSuccess"
        assert uploaded["duplicate"] is False
        file_id = uploaded["file"]["id"]
        await temporal.get_workflow_handle(f"ingest-{parse_global_id(file_id)[1]}").result()
        query = OPERATIONS.read_text(encoding="utf-8")
        body = await client.post(
            "/graphql",
            json={"query": query, "operationName": "File", "variables": {"id": file_id}},
            headers={"authorization": f"Bearer {token}"},
        )
        file = body.json()["data"]["file"]
        assert file["status"] == "failed"
        assert file["failure"]["code"] == "MALFORMED_XML"
        assert file["failure"]["location"]["file"] == "quebrado.xml"

        again = await _upload(client, token, "de-novo.xml", b"<nfeProc><NFe>")
        assert (again["duplicate"], again["file"]["id"]) == (True, file_id)

        reprocessed = await client.post(
            "/graphql",
            json={"query": query, "operationName": "ReprocessFile", "variables": {"id": file_id}},
            headers={"authorization": f"Bearer {token}"},
        )
        result = reprocessed.json()["data"]["reprocessFile"]
        assert result["__typename"] == "ReprocessFileSuccess"
        assert result["file"]["status"] == "uploaded"
        await temporal.get_workflow_handle(f"ingest-{parse_global_id(file_id)[1]}").result()

    missing = await client.post(
        "/graphql",
        json={
            "query": query,
            "operationName": "ReprocessFile",
            "variables": {"id": "00000000-0000-4000-8000-000000000000"},
        },
        headers={"authorization": f"Bearer {token}"},
    )
    assert missing.json()["data"]["reprocessFile"]["__typename"] == "NotFoundError"
    unknown = await client.post(
        "/graphql",
        json={"query": query, "operationName": "File", "variables": {"id": "not-a-uuid"}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert unknown.json()["data"]["file"] is None
