"""Real rows for export tests: NF-e generated, parsed and persisted by the real services,
an OFX statement persisted, and the reconciliation engine run over them."""

from __future__ import annotations

import dataclasses
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from backend.auth.principal import Principal
from backend.db.enums import Role
from backend.db.session import Database
from backend.documents import service as documents
from backend.fiscal.testing.generators import GeneratedNFe, nfe_xml, random_nfe
from backend.ingest import parse_fiscal
from backend.reconciliations import service as reconciliations
from backend.rules import service as rules
from backend.statements import parse_statement
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.tenancy.service import company_ids_by_tax_id
from backend.transactions import service as transactions

from ..api.conftest import app_state, client, demo
from ..conftest import FileFactory

OWN_CNPJ = "11222333000181"
# A valid CNPJ with leading zeros: Excel would drop them from a bare number.
ZEROS_CNPJ = "00000000000191"
INJECTION = '=HYPERLINK("http://evil.example","clique")'
ACCENTED = "Padaria São João & Filhos Ltda"

# The in-process app of tests/api, for the GraphQL and REST side of exports.
__all__ = ["app_state", "client", "demo"]


def admin(organization_id: uuid.UUID, role: Role = Role.ADMIN) -> Principal:
    """A person of ``organization_id`` with ``role``."""
    return Principal(subject_id=uuid.uuid4(), organization_id=organization_id, role=role)


def invoice(number: int, *, seed: int | None = None) -> GeneratedNFe:
    """A one-installment NF-e the tenant issued (a receivable)."""
    generated = random_nfe(random.Random(number if seed is None else seed), items=1, number=number)
    generated = dataclasses.replace(generated, emitter_cnpj=OWN_CNPJ)
    return dataclasses.replace(generated, installments=(("001", "2026-10-13", generated.total),))


def _xml(generated: GeneratedNFe, receiver_name: str | None) -> bytes:
    xml = nfe_xml(generated)
    if receiver_name is None:
        return xml
    escaped = receiver_name.replace("&", "&amp;").replace('"', "&quot;").encode()
    return xml.replace(b"<xNome>Destinatario Teste SA</xNome>", b"<xNome>" + escaped + b"</xNome>")


async def persist_invoices(
    database: Database,
    org: uuid.UUID,
    file_id: uuid.UUID,
    invoices: list[GeneratedNFe],
    receiver_names: dict[int, str] | None = None,
) -> None:
    """Parse and persist NF-e through the real parser and documents service."""
    names = receiver_names or {}
    parsed = [parse_fiscal(_xml(i, names.get(i.number)))[0].records[0] for i in invoices]
    async with database.tenant_session(org) as session:
        await documents.persist_fiscal(
            session,
            organization_id=org,
            documents=[(file_id, d) for d in parsed],  # type: ignore[misc]
            events=[],
            own_tax_ids=await company_ids_by_tax_id(session),
        )


@dataclass
class Seeded:
    """What the tenant holds: invoices by number, the paid one and the underpaid one."""

    invoices: dict[int, GeneratedNFe]
    paid: GeneratedNFe
    underpaid: GeneratedNFe
    injected: GeneratedNFe
    accented: GeneratedNFe


@pytest.fixture
async def seeded(database: Database, org: uuid.UUID, make_file: FileFactory) -> Seeded:
    """Five receivables; one paid exactly (matched), one paid 1.5 % short (suggested).

    One receiver's name is a formula (CSV injection), one has accents, one receiver's
    CNPJ has leading zeros.
    """
    invoices = [invoice(n) for n in (101, 102, 103, 104, 105)]
    invoices[3] = dataclasses.replace(invoices[3], receiver_cnpj=ZEROS_CNPJ)
    paid, underpaid, injected, accented = invoices[0], invoices[1], invoices[2], invoices[4]
    xml_file, ofx_file = await make_file("notas.zip"), await make_file("extrato.ofx")
    await persist_invoices(
        database, org, xml_file, invoices, {injected.number: INJECTION, accented.number: ACCENTED}
    )
    short = (underpaid.total * Decimal("0.985")).quantize(Decimal("0.01"))
    ofx = make_ofx(
        [
            GenStatement(
                entries=[
                    GenEntry(
                        posted_on=date(2026, 10, 13) + timedelta(days=1),
                        amount=paid.total,
                        memo=f"PIX RECEBIDO DESTINATARIO TESTE SA {paid.receiver_cnpj}",
                        fitid="P1",
                    ),
                    GenEntry(
                        posted_on=date(2026, 10, 13) + timedelta(days=2),
                        amount=short,
                        memo=f"PIX RECEBIDO DESTINATARIO TESTE SA {underpaid.receiver_cnpj}",
                        fitid="P2",
                    ),
                ]
            )
        ]
    )
    async with database.tenant_session(org) as session:
        await transactions.persist_statement(
            session, organization_id=org, file_id=ofx_file, result=parse_statement(ofx)
        )
    async with database.tenant_session(org) as session:
        await reconciliations.run(session, org, rules=await rules.active_rule_set(session))
    return Seeded(
        invoices={i.number: i for i in invoices},
        paid=paid,
        underpaid=underpaid,
        injected=injected,
        accented=accented,
    )
