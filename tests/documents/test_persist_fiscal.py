"""Persisting documents: idempotent re-imports, DANFE ↔ XML, cancellations in any order."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg

from backend.db.session import Database
from backend.documents import service
from backend.fiscal.model import FiscalDocument, FiscalEvent
from backend.ingest import parse_fiscal

from ..conftest import FileFactory

NFE_WITH_DANFE = "nfe55/BrazilFiscalReport__nfe_overload.xml"
DANFE = "danfe_pdf/BrazilFiscalReport__danfe_default.pdf"
CANCELLED_NFE = "nfe55/sped-da__mod55-nfe.xml"
CANCEL_EVENT = "nfe_event_cancel/sped-nfe__exemplo_xml_sefazCancela.xml"


def _records(path: Path) -> tuple[list[FiscalDocument], list[FiscalEvent]]:
    docs: list[FiscalDocument] = []
    events: list[FiscalEvent] = []
    for result in parse_fiscal(path.read_bytes()):
        assert result.error is None, result.error
        for record in result.records:
            (docs if isinstance(record, FiscalDocument) else events).append(record)  # type: ignore[arg-type]
    return docs, events


async def _persist(
    database: Database,
    org: uuid.UUID,
    file_id: uuid.UUID,
    path: Path,
    own: dict[str, uuid.UUID] | None = None,
) -> service.PersistedFiscal:
    docs, events = _records(path)
    async with database.tenant_session(org) as session:
        stats = await service.persist_fiscal(
            session,
            organization_id=org,
            documents=[(file_id, d) for d in docs],
            events=[(file_id, e) for e in events],
            own_tax_ids=own or {},
        )
        await service.apply_cancellations(session, org)
        return stats


async def test_reimport_is_idempotent_and_installments_are_kept(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    path = samples_dir / NFE_WITH_DANFE
    first = await _persist(database, org, await make_file("a.xml"), path)
    again = await _persist(database, org, await make_file("b.xml"), path)
    assert (first.inserted, first.updated) == (1, 0)
    assert (again.inserted, again.updated, again.installments) == (0, 1, 0)
    assert await superuser.fetchval("select count(*) from documents") == 1
    docs, _ = _records(path)
    expected = max(1, len(docs[0].installments))
    assert await superuser.fetchval("select count(*) from document_installments") == expected
    total = await superuser.fetchval("select sum(amount) from document_installments")
    assert total == (sum(i.amount for i in docs[0].installments) or docs[0].totals.total)


async def test_danfe_then_xml_and_xml_then_danfe_end_as_one_linked_document(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    pdf = await make_file("danfe.pdf")
    await _persist(database, org, pdf, samples_dir / DANFE)
    row = await superuser.fetchrow("select kind, confidence, danfe_file_id from documents")
    assert (row["kind"], row["danfe_file_id"]) == ("danfe", pdf)
    xml = await make_file("nfe.xml")
    await _persist(database, org, xml, samples_dir / NFE_WITH_DANFE)
    row = await superuser.fetchrow("select kind, confidence, file_id, danfe_file_id from documents")
    assert (row["kind"], row["file_id"], row["danfe_file_id"]) == ("nfe", xml, pdf)
    assert row["confidence"] == 1
    # A DANFE arriving after its XML only links; it never replaces the XML.
    await superuser.execute("update documents set danfe_file_id = null")
    later = await make_file("danfe-again.pdf")
    await _persist(database, org, later, samples_dir / DANFE)
    row = await superuser.fetchrow("select kind, file_id, danfe_file_id from documents")
    assert (row["kind"], row["file_id"], row["danfe_file_id"]) == ("nfe", xml, later)
    assert await superuser.fetchval("select count(*) from documents") == 1


async def test_cancellation_applies_in_either_order_and_sticks(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    await _persist(database, org, await make_file("cancel.xml"), samples_dir / CANCEL_EVENT)
    assert await superuser.fetchval("select count(*) from document_events where cancels") == 1
    await _persist(database, org, await make_file("nfe.xml"), samples_dir / CANCELLED_NFE)
    assert await superuser.fetchval("select status from documents") == "cancelled"
    assert await superuser.fetchval("select applied_at is not null from document_events")
    audit = await superuser.fetchval(
        "select count(*) from audit_logs where action = 'document.cancelled'"
    )
    assert audit == 1
    await _persist(database, org, await make_file("nfe-again.xml"), samples_dir / CANCELLED_NFE)
    assert await superuser.fetchval("select status from documents") == "cancelled"


async def test_direction_follows_the_tenant_companies(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    docs, _ = _records(samples_dir / NFE_WITH_DANFE)
    emitter = docs[0].emitter.document
    assert emitter is not None
    company = uuid.uuid4()
    await superuser.execute(
        "insert into companies (id, organization_id, cnpj, legal_name) values ($1, $2, $3, 'X')",
        company,
        org,
        emitter,
    )
    await _persist(
        database, org, await make_file("nfe.xml"), samples_dir / NFE_WITH_DANFE, {emitter: company}
    )
    row = await superuser.fetchrow(
        "select direction, company_id, counterparty_tax_id from documents"
    )
    assert row["direction"] == "receivable"
    assert row["company_id"] == company
    assert row["counterparty_tax_id"] == (docs[0].receiver.document if docs[0].receiver else None)


async def test_notes_of_providers_without_a_tax_id_stay_apart(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    # Two DSF notes numbered 9 by two providers known only by municipal registration: an
    # identity made of kind, "no CNPJ" and number would fold them into one row.
    notes = "".join(
        f"<Nota><NumeroNota>9</NumeroNota><InscricaoMunicipalPrestador>{registration}"
        "</InscricaoMunicipalPrestador><DataEmissaoRPS>2026-02-23T00:00:00</DataEmissaoRPS>"
        "<ValorTotal>100.00</ValorTotal></Nota>"
        for registration in ("000099210", "000528943")
    )
    data = (
        '<ns1:RetornoConsultaNFSeRPS xmlns:ns1="http://localhost:8080/WsNFe2/lote">'
        f"<Cabecalho><Sucesso>true</Sucesso></Cabecalho><Notas>{notes}</Notas>"
        "</ns1:RetornoConsultaNFSeRPS>"
    ).encode()
    (result,) = parse_fiscal(data)
    docs = [d for d in result.records if isinstance(d, FiscalDocument)]
    assert [d.emitter.document for d in docs] == [None, None]
    file_id = await make_file("notas.xml")
    async with database.tenant_session(org) as session:
        stats = await service.persist_fiscal(
            session,
            organization_id=org,
            documents=[(file_id, d) for d in docs],
            events=[],
            own_tax_ids={},
        )
    assert (stats.inserted, stats.updated) == (2, 0)
    assert await superuser.fetchval("select count(*) from documents") == 2
