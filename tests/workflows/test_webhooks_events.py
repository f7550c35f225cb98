"""Events end to end: an upload is ingested, the file's file.processed arrives at the
receiver, and the reconciliation run it triggers sends reconciliation.changed."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import uuid
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import asyncpg

from backend.core.global_ids import to_global_id
from backend.core.settings import Settings
from backend.db.session import Database
from backend.fiscal.testing.generators import GeneratedNFe, nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.webhooks import service as webhooks
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.webhooks.start import delivery_workflow_id
from workflows.worker import build_worker

from ..conftest import upload_bytes
from ..webhooks.support import Receiver, admin_principal, verify_signature

OWN_CNPJ = "11222333000181"


def _archive(invoices: list[GeneratedNFe]) -> bytes:
    """Invoices the tenant issued and the bank lines that pay their first installments."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for invoice in invoices:
            zf.writestr(f"{invoice.number}.xml", nfe_xml(invoice))
        entries = [
            GenEntry(
                posted_on=date.fromisoformat(invoice.installments[0][1]) + timedelta(days=1),
                amount=invoice.installments[0][2],
                memo=f"PIX RECEBIDO CNPJ {invoice.receiver_cnpj}",
                fitid=f"PIX{invoice.number}",
            )
            for invoice in invoices
        ]
        zf.writestr("extrato.ofx", make_ofx([GenStatement(entries=entries)]))
    return buffer.getvalue()


def _invoice(rng: random.Random, number: int) -> GeneratedNFe:
    nfe = random_nfe(rng, number=number)
    first = (nfe.total * Decimal("0.3")).quantize(Decimal("0.01"))
    return dataclasses.replace(
        nfe,
        emitter_cnpj=OWN_CNPJ,
        installments=(("001", "2026-10-10", first), ("002", "2026-11-10", nfe.total - first)),
    )


async def test_upload_sends_file_processed_and_reconciliation_changed(
    settings: Settings, database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    rng = random.Random(11)
    invoices = [_invoice(rng, 300 + n) for n in range(3)]
    principal = await admin_principal(superuser, org)
    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            created = await webhooks.register_endpoint(
                session,
                principal,
                settings,
                url=receiver.url,
                events=["file.processed", "reconciliation.changed"],
            )
        file_id = await upload_bytes(settings, database, org, _archive(invoices), "lote.zip")
        client = await connect(settings)
        async with build_worker(client, settings, database):
            handle = await start_ingest(
                client, settings, IngestFileInput(organization_id=org, file_id=file_id)
            )
            ingested = await handle.result()
            await client.get_workflow_handle(f"reconcile-{org}").result()
            deliveries = await superuser.fetch(
                "select id, event_type from webhook_deliveries order by created_at"
            )
            for delivery in deliveries:
                await client.get_workflow_handle(delivery_workflow_id(delivery["id"])).result()

    assert [d["event_type"] for d in deliveries] == ["file.processed", "reconciliation.changed"]
    assert await superuser.fetchval(
        "select count(*) from webhook_deliveries where status = 'delivered'"
    ) == len(deliveries)
    assert len(receiver.requests) == 2
    for request in receiver.requests:
        assert verify_signature(created.secret, request.headers, request.body)
    by_type = {r.headers["x-conciliacontag-event"]: json.loads(r.body) for r in receiver.requests}

    processed = by_type["file.processed"]
    assert processed["organizationId"] == to_global_id("Organization", org)
    file = processed["data"]["file"]
    assert file["id"] == to_global_id("File", file_id)
    assert file["name"] == "lote.zip"
    assert file["status"] == ingested.status == "processed"
    assert file["documents"] == ingested.documents == len(invoices)
    assert file["transactions"] == ingested.transactions == len(invoices)
    assert file["members"] == ingested.members

    changed = by_type["reconciliation.changed"]["data"]
    assert changed["change"] == "run"
    assert changed["counts"]["matched"] == len(invoices)
    assert changed["counts"]["undone"] == 0
    assert uuid.UUID(changed["runId"])
    assert changed["reconciliationIds"] == []
    # The event id is the run id: a retried run cannot announce itself twice.
    assert by_type["reconciliation.changed"]["id"] == changed["runId"]
