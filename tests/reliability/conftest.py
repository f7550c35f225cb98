"""Helpers for tests that break real processes in the middle of ingestion."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import random
import uuid
import zipfile
from datetime import date
from decimal import Decimal

import asyncpg

from backend.fiscal.testing.generators import GeneratedNFe, nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx

DEMO_CNPJ = "11222333000181"


def _own(nfe: GeneratedNFe) -> GeneratedNFe:
    """Issued by the demo company; a 40/60 split so the two installments differ clearly."""
    first = (nfe.total * Decimal("0.4")).quantize(Decimal("0.01"))
    return dataclasses.replace(
        nfe,
        emitter_cnpj=DEMO_CNPJ,
        installments=(("001", "2026-10-13", first), ("002", "2026-11-12", nfe.total - first)),
    )


def nfe_archive(count: int, seed: int, *, paid: int = 0) -> bytes:
    """A zip of ``count`` NF-e issued by the demo company, and (when ``paid``) an OFX
    paying the first installment of the first ``paid`` of them by Pix."""
    rng = random.Random(seed)
    invoices = [_own(random_nfe(rng, number=n + 1)) for n in range(count)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, invoice in enumerate(invoices):
            archive.writestr(f"nfe/{n:05d}.xml", nfe_xml(invoice))
        if paid:
            entries = [
                GenEntry(
                    posted_on=date.fromisoformat(invoice.installments[0][1]),
                    amount=invoice.installments[0][2],
                    memo=f"PIX RECEBIDO DESTINATARIO TESTE SA {invoice.receiver_cnpj}",
                    fitid=f"PIX-{invoice.number}",
                )
                for invoice in invoices[:paid]
            ]
            archive.writestr("extrato.ofx", make_ofx([GenStatement(entries=entries)]))
    return buffer.getvalue()


async def reconciliation_outcome(dsn: str) -> set[tuple[str, str | None, str, str]]:
    """(access key, installment, FITID, status) of every reconciliation, as superuser."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "select d.access_key, i.number, t.external_refs->>'fitid' as fitid, r.status"
            " from reconciliations r"
            " join reconciliation_items di on di.reconciliation_id = r.id and di.side = 'document'"
            " join document_installments i on i.id = di.installment_id"
            " join documents d on d.id = i.document_id"
            " join reconciliation_items ti on ti.reconciliation_id = r.id"
            " and ti.side = 'transaction' join transactions t on t.id = ti.transaction_id"
        )
    finally:
        await conn.close()
    return {(r["access_key"], r["number"], r["fitid"], r["status"]) for r in rows}


async def wait_for_members(dsn: str, parent: uuid.UUID, at_least: int) -> int:
    """Poll (as superuser) until ``at_least`` members of the archive are processed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120
    while loop.time() < deadline:
        conn = await asyncpg.connect(dsn)
        try:
            done = await conn.fetchval(
                "select count(*) from files where parent_id = $1 and status = 'processed'", parent
            )
        finally:
            await conn.close()
        if done >= at_least:
            return int(done)
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} members processed in 120 s")
