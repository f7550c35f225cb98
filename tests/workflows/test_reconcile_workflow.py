"""Ingestion signals the tenant's reconciliation: matches are written with their reasons,
open balances move, every change is audited, and a later cancellation undoes a match."""

from __future__ import annotations

import dataclasses
import io
import random
import uuid
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import asyncpg

from backend.core.settings import Settings
from backend.db.session import Database
from backend.fiscal.testing.generators import GeneratedNFe, nfe_event_xml, nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.tenancy.service import seed_demo
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.worker import build_worker

from ..conftest import IsolatedDatabase, upload_bytes

OWN_CNPJ = "11222333000181"


def _own_invoice(nfe: GeneratedNFe) -> GeneratedNFe:
    """Issued by the tenant, with a 30/70 split so the two installments differ clearly
    (same-amount installments of one customer are only ever suggested, by design)."""
    first = (nfe.total * Decimal("0.3")).quantize(Decimal("0.01"))
    return dataclasses.replace(
        nfe,
        emitter_cnpj=OWN_CNPJ,
        installments=(("001", "2026-10-10", first), ("002", "2026-11-10", nfe.total - first)),
    )


async def _ingest(
    settings: Settings, database: Database, org: uuid.UUID, name: str, data: bytes
) -> None:
    file_id = await upload_bytes(settings, database, org, data, name)
    client = await connect(settings)
    handle = await start_ingest(
        client, settings, IngestFileInput(organization_id=org, file_id=file_id)
    )
    await handle.result()
    await client.get_workflow_handle(f"reconcile-{org}").result()


async def test_ingestion_reconciles_and_a_cancellation_undoes_the_match(
    settings: Settings, database: Database, test_db: IsolatedDatabase
) -> None:
    async with database.session() as session:
        org = (await seed_demo(session)).organization_id
    rng = random.Random(5)
    invoices = [_own_invoice(random_nfe(rng, number=100 + n)) for n in range(4)]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for invoice in invoices:
            zf.writestr(f"{invoice.number}.xml", nfe_xml(invoice))
        # The customer pays the first installment of each invoice by Pix, naming its CNPJ.
        entries = [
            GenEntry(
                posted_on=date.fromisoformat(invoice.installments[0][1]) + timedelta(days=1),
                amount=invoice.installments[0][2],
                memo=f"PIX RECEBIDO DESTINATARIO TESTE SA CNPJ {invoice.receiver_cnpj}",
                fitid=f"PIX{invoice.number}",
            )
            for invoice in invoices
        ]
        entries.append(
            GenEntry(date(2026, 10, 5), Decimal("-12.90"), "TARIFA PACOTE SERVICOS", "TAR1")
        )
        zf.writestr("extrato.ofx", make_ofx([GenStatement(entries=entries)]))

    client = await connect(settings)
    async with build_worker(client, settings, database):
        await _ingest(settings, database, org, "lote.zip", archive.getvalue())
        conn = await asyncpg.connect(test_db.superuser)
        try:
            matched = await conn.fetch(
                "select r.id, r.reasons from reconciliations r where r.status = 'matched'"
            )

            assert len(matched) == len(invoices)
            assert all(r["reasons"] for r in matched)
            reconciled = await conn.fetchval(
                "select count(*) from document_installments where status = 'reconciled'"
            )
            assert reconciled == len(invoices)
            assert await conn.fetchval(
                "select count(*) from transactions where status = 'reconciled'"
            ) == len(invoices)
            audited = await conn.fetchval(
                "select count(*) from audit_logs where action = 'reconciliation.matched'"
            )
            assert audited == len(matched)
        finally:
            await conn.close()

        cancelled = invoices[0]
        event = nfe_event_xml(
            access_key=cancelled.access_key, event_type="110111", xJust="Erro na emissao da nota"
        )
        await _ingest(settings, database, org, "cancelamento.xml", event)

    conn = await asyncpg.connect(test_db.superuser)
    try:
        status = await conn.fetchval(
            "select status from documents where access_key = $1", cancelled.access_key
        )
        assert status == "cancelled"
        assert (
            await conn.fetchval(
                "select count(*) from audit_logs where action = 'reconciliation.undone'"
            )
            == 1
        )
        freed = await conn.fetchval(
            "select status from transactions where external_refs->>'fitid' = $1",
            f"PIX{cancelled.number}",
        )
        assert freed == "open"
        assert (
            await conn.fetchval("select count(*) from reconciliations where status = 'matched'")
            == len(invoices) - 1
        )
    finally:
        await conn.close()
