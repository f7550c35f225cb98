"""A tenant with receivables, bank lines and the engine's decisions, built through the
real parsers and services (generated NF-e XML and OFX, persisted, reconciled)."""

from __future__ import annotations

import dataclasses
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from backend.db.session import Database
from backend.documents import service as documents
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import parse_fiscal
from backend.reconciliations import service as reconciliations
from backend.statements import parse_statement
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.tenancy.service import company_ids_by_tax_id
from backend.transactions import service as transactions

from ..conftest import FileFactory

OWN_CNPJ = "11222333000181"


@dataclass(frozen=True)
class TenantData:
    """How many of each thing the builder stored and what the engine decided."""

    documents: int
    installments: int
    transactions: int
    matched: int
    suggested: int


async def build_tenant_data(
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    *,
    invoices: int,
    seed: int = 1,
    tag: str = "",
) -> TenantData:
    """``invoices`` receivables of two installments each: the first paid exactly (the
    engine matches it), the second paid 3 % short (a suggestion at best)."""
    rng = random.Random(seed)
    entries: list[GenEntry] = []
    parsed = []
    for n in range(invoices):
        invoice = dataclasses.replace(
            random_nfe(rng, items=2, number=10_000 * seed + n + 1), emitter_cnpj=OWN_CNPJ
        )
        first = (invoice.total / 2).quantize(Decimal("0.01"))
        due_1, due_2 = date(2026, 10, 1) + timedelta(days=n % 20), date(2026, 11, 3)
        invoice = dataclasses.replace(
            invoice,
            installments=(
                ("001", due_1.isoformat(), first),
                ("002", due_2.isoformat(), invoice.total - first),
            ),
        )
        parsed.append(parse_fiscal(nfe_xml(invoice))[0].records[0])
        memo = f"PIX RECEBIDO CLIENTE {n} {invoice.receiver_cnpj}"
        entries.append(GenEntry(posted_on=due_1, amount=first, memo=memo, fitid=f"{tag}A{n}"))
        short = ((invoice.total - first) * Decimal("0.97")).quantize(Decimal("0.01"))
        entries.append(GenEntry(posted_on=due_2, amount=short, memo=memo, fitid=f"{tag}B{n}"))
    xml_file = await make_file(f"notas{tag}{seed}.zip")
    ofx_file = await make_file(f"extrato{tag}{seed}.ofx")
    async with database.tenant_session(org) as session:
        await documents.persist_fiscal(
            session,
            organization_id=org,
            documents=[(xml_file, record) for record in parsed],  # type: ignore[misc]
            events=[],
            own_tax_ids=await company_ids_by_tax_id(session),
        )
        await transactions.persist_statement(
            session,
            organization_id=org,
            file_id=ofx_file,
            result=parse_statement(make_ofx([GenStatement(entries=entries)])),
        )
    async with database.tenant_session(org) as session:
        summary = await reconciliations.run(session, org)
    return TenantData(
        documents=invoices,
        installments=2 * invoices,
        transactions=len(entries),
        matched=summary.matched,
        suggested=summary.suggested,
    )
