"""An NF-e of another company, uploaded into a tenant, is warned about as the
``reconcile`` command warns about it: DOCUMENT_NOT_OF_COMPANY, on the document and the file."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from backend.commands.reconcile import read_inputs
from backend.core.settings import Settings
from backend.db.session import Database

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
