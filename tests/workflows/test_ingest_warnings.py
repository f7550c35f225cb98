"""An NF-e of another company, uploaded into a tenant, is warned about as the
``reconcile`` command warns about it: DOCUMENT_NOT_OF_COMPANY, on the document and the file."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.api.app import create_app
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.commands.reconcile import read_inputs
from backend.core.global_ids import to_global_id
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from tests.graphql_client import run_operation

from ..reliability.conftest import DEMO_CNPJ
from .ingest_support import ingest

FOREIGN_NFE = "nfe55/nfelib__35180834128745000152550010000474281920007498-nfe.xml"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_document_of_another_company_is_warned_about(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    path = samples_dir / FOREIGN_NFE
    command = read_inputs([str(path)], frozenset({DEMO_CNPJ}))
    expected = [(w["code"], w["document"]) for w in command.warnings]
    assert expected == [("DOCUMENT_NOT_OF_COMPANY", "35180834128745000152550010000474281920007498")]

    run = await ingest(
        settings, database, superuser, org, path.read_bytes(), "nota.xml", label="not ours"
    )
    assert run.status == "processed"
    document = await superuser.fetchrow("select access_key, direction, warnings from documents")
    assert document is not None
    assert document["direction"] == "unknown"
    codes = [w["code"] for w in _json(document["warnings"])]
    assert "DOCUMENT_NOT_OF_COMPANY" in codes
    file_warnings = _json(
        await superuser.fetchval("select warnings from files where id = $1", run.file_id)
    )
    assert [(w["code"], w["document"]) for w in file_warnings] == expected

    # The API shows the same warnings on the file and on the document.
    state = AppState.build(settings, database)
    app = create_app(state)
    principal = Principal(subject_id=uuid.uuid4(), organization_id=org, role=Role.AUDITOR)
    token = issue_access_token(state.auth.tokens, principal)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        shown = await run_operation(
            client,
            token,
            "query($id: ID!) { node(id: $id) { ... on File { warnings { code details } } }"
            " documents { edges { node { warnings { code } } } } }",
            None,
            id=to_global_id("File", run.file_id),
        )
    assert [(w["code"], w["details"]["document"]) for w in shown["node"]["warnings"]] == expected
    (edge,) = shown["documents"]["edges"]
    assert "DOCUMENT_NOT_OF_COMPANY" in [w["code"] for w in edge["node"]["warnings"]]
