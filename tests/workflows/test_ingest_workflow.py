"""IngestFileWorkflow end to end on the Temporal dev server, PostgreSQL and the local store."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import asyncpg

from backend.core.settings import Settings
from backend.db.session import Database
from backend.files import service as files
from backend.search import EntityType, SearchQuery, build_search_index
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import upload_bytes

NFES = [
    "nfe55/BrazilFiscalReport__nfe_overload.xml",
    "nfe55/nfelib__35180834128745000152550010000474281920007498-nfe.xml",
    "nfe55/sped-da__mod55-nfe.xml",
]
MISNAMED = "nfe55/nfelib__35180834128745000152550010000474491454651420-nfe.xml"
CANCEL = "nfe_event_cancel/sped-nfe__exemplo_xml_sefazCancela.xml"
DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><l>&c;</l>'
)


def _archive(samples: Path) -> bytes:
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as inner:
        inner.write(samples / "nfe55/sped-nfe__nfe_4.0.xml", "inner.xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in NFES:
            zf.write(samples / name, f"notas/{Path(name).name}")
        zf.write(samples / NFES[0], "notas/copia-da-mesma-nota.xml")
        zf.write(samples / CANCEL, "eventos/cancelamento.xml")
        zf.write(next(iter(sorted((samples / "ofx").iterdir()))), "extratos/conta.ofx")
        zf.writestr("hostil/dtd.xml", DTD)
        zf.writestr("hostil/xxe.xml", XXE)
        zf.writestr("hostil/risos.xml", LAUGHS)
        zf.writestr("hostil/bomba.xml", b"\0" * (40 * 1024 * 1024))
        zf.write(samples / MISNAMED, "nota-com-extensao-errada.pdf")
        zf.writestr("../fora.xml", b"<x/>")
        zf.writestr("vazio.xml", b"")
        zf.writestr("falso.pdf", b"%PDF-1.4 not really a pdf")
        zf.writestr("aninhado.zip", nested.getvalue())
    return buffer.getvalue()


async def test_archive_is_ingested_member_by_member(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    file_id = await upload_bytes(settings, database, org, _archive(samples_dir), "lote.zip")
    client = await connect(settings)
    data = IngestFileInput(organization_id=org, file_id=file_id)
    async with build_worker(client, settings, database):
        result = await (await start_ingest(client, settings, data)).result()

    assert result.status == "processed"
    members = {
        r["original_name"]: r
        for r in await superuser.fetch(
            "select original_name, status, error_code, documents_count from files"
            " where parent_id = $1",
            file_id,
        )
    }
    for name in ("notas/BrazilFiscalReport__nfe_overload.xml", "eventos/cancelamento.xml"):
        assert members[name]["status"] == "processed", members[name]
    # The copy has the same bytes as a member already stored: one file, one document.
    assert "notas/copia-da-mesma-nota.xml" not in members
    assert members["hostil/dtd.xml"]["error_code"] == "DTD_FORBIDDEN"
    assert members["hostil/xxe.xml"]["error_code"] == "DTD_FORBIDDEN"
    assert members["hostil/risos.xml"]["error_code"] == "DTD_FORBIDDEN"
    assert members["hostil/bomba.xml"]["error_code"] == "ZIP_BOMB"
    # Content decides, not the extension: an NF-e named .pdf is an NF-e.
    assert members["nota-com-extensao-errada.pdf"]["documents_count"] == 1
    assert members["../fora.xml"]["error_code"] == "PATH_TRAVERSAL"
    assert members["vazio.xml"]["error_code"] == "EMPTY_FILE"
    assert members["falso.pdf"]["error_code"] == "PDF_UNREADABLE"
    assert members["aninhado.zip/inner.xml"]["status"] == "processed"

    docs = await superuser.fetch("select access_key, status from documents")
    assert len(docs) == len(NFES) + 2
    statuses = {r["access_key"]: r["status"] for r in docs}
    assert statuses["35150300822602000124550010009923461099234656"] == "cancelled"
    assert result.documents == len(NFES) + 2
    assert result.transactions == await superuser.fetchval("select count(*) from transactions") > 0
    failed = sum(1 for m in members.values() if m["status"] == "failed")
    assert result.errors >= failed == 7
    assert result.members == len(members)

    # Everything stored is searchable.
    index = build_search_index(settings, database)
    found = await index.search(
        org, SearchQuery(text="35150300822602000124550010009923461099234656")
    )
    assert [h.entity_type for h in found.hits] == [EntityType.DOCUMENT]
    transactions = await index.search(org, SearchQuery(entity_types=(EntityType.TRANSACTION,)))
    assert transactions.total == result.transactions

    # Reprocessing the same file changes nothing stored.
    async with database.tenant_session(org) as session:
        await files.request_reprocess(session, file_id, actor_id=None)
    async with build_worker(client, settings, database):
        again = await (await start_ingest(client, settings, data)).result()
    assert again.status == "processed"
    assert await superuser.fetchval("select count(*) from documents") == len(NFES) + 2
    assert await superuser.fetchval("select count(*) from transactions") == result.transactions
