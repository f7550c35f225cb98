"""Demo data for `make dev`: a zip of NF-e and a bank statement that partly reconcile.

``backend/dev.py`` uploads it through the real pipeline (object store,
IngestFileWorkflow, TenantReconcileWorkflow), so a newcomer sees documents, matches,
suggestions and open items the first time the product opens.
"""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile
from datetime import date, timedelta
from decimal import Decimal

from backend.fiscal.testing.generators import GeneratedNFe, nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx

_CENT = Decimal("0.01")


def _split(
    nfe: GeneratedNFe, *, emitter: str | None = None, receiver: str | None = None
) -> GeneratedNFe:
    """Own CNPJ on one side; a 40/60 split so installments are told apart by amount."""
    first = (nfe.total * Decimal("0.4")).quantize(_CENT)
    return dataclasses.replace(
        nfe,
        emitter_cnpj=emitter or nfe.emitter_cnpj,
        receiver_cnpj=receiver or nfe.receiver_cnpj,
        installments=(("001", "2026-10-13", first), ("002", "2026-11-12", nfe.total - first)),
    )


def demo_archive(company_cnpj: str, seed: int = 2026) -> bytes:
    """8 receivables and 4 payables with two installments each, and an OFX that pays
    some exactly, one with interest, one by an unidentified deposit, plus bank fees."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    receivables = [_split(random_nfe(rng, number=1000 + n), emitter=company_cnpj) for n in range(8)]
    payables = [_split(random_nfe(rng, number=5000 + n), receiver=company_cnpj) for n in range(4)]
    entries: list[GenEntry] = []
    for n, invoice in enumerate(receivables[:5]):
        _, due, amount = invoice.installments[0]
        entries.append(
            GenEntry(
                posted_on=date.fromisoformat(due) + timedelta(days=n % 3),
                amount=amount,
                memo=f"PIX RECEBIDO DESTINATARIO TESTE SA {invoice.receiver_cnpj}",
                fitid=f"DEMO-PIX-{invoice.number}",
            )
        )
    late = receivables[5]
    _, due, amount = late.installments[0]
    entries.append(
        GenEntry(
            posted_on=date.fromisoformat(due) + timedelta(days=9),
            amount=amount + (amount * Decimal("0.012")).quantize(_CENT),
            memo=f"TED RECEBIDA DESTINATARIO TESTE SA {late.receiver_cnpj}",
            fitid=f"DEMO-TED-{late.number}",
        )
    )
    entries.append(
        GenEntry(
            posted_on=date(2026, 10, 20),
            amount=receivables[6].installments[0][2],
            memo="DEPOSITO EM DINHEIRO",
            fitid="DEMO-DEP-1",
        )
    )
    for invoice in payables[:2]:
        _, due, amount = invoice.installments[0]
        entries.append(
            GenEntry(
                posted_on=date.fromisoformat(due),
                amount=-amount,
                memo=f"PAGAMENTO BOLETO EMITENTE TESTE LTDA {invoice.emitter_cnpj}",
                fitid=f"DEMO-BOL-{invoice.number}",
            )
        )
    entries.append(
        GenEntry(date(2026, 10, 31), Decimal("-39.90"), "TARIFA PACOTE SERVICOS", "DEMO-TAR")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in receivables:
            archive.writestr(f"notas-emitidas/NFe{invoice.access_key}.xml", nfe_xml(invoice))
        for invoice in payables:
            archive.writestr(f"notas-recebidas/NFe{invoice.access_key}.xml", nfe_xml(invoice))
        archive.writestr(
            "extratos/itau-outubro.ofx",
            make_ofx([GenStatement(entries=entries, bank_id="341", account_id="12345-6")]),
        )
    return buffer.getvalue()
