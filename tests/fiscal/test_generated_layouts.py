"""Generated ABRASF 2.04 NFS-e and NF-e events with known values."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from backend.fiscal.events import apply_events
from backend.fiscal.model import EventKind, FiscalDocument, FiscalEvent, Installment, Status
from backend.fiscal.testing.generators import (
    GeneratedAbrasf,
    abrasf_xml,
    cte_simp_xml,
    cte_xml,
    make_cnpj,
    nfe_event_xml,
    nfe_xml,
    random_nfe,
)
from backend.ingest import Kind, parse_fiscal


@pytest.mark.parametrize("withheld", [True, False])
def test_abrasf_204(withheld: bool) -> None:
    generated = GeneratedAbrasf(
        number=2026000123,
        provider_cnpj=make_cnpj(random.Random(1)),
        taker_cpf="52998224725",
        services=Decimal("1500.00"),
        iss_rate=Decimal("3.00"),
        iss_withheld=withheld,
    )
    (result,) = parse_fiscal(abrasf_xml(generated))
    assert result.kind is Kind.NFSE_ABRASF
    assert result.error is None
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.layout == "nfse-abrasf-2"
    assert doc.number == "2026000123"
    assert doc.series == "A"
    assert doc.issued_at == datetime(2026, 9, 1, 11, 12, 13)
    assert doc.emitter.document == generated.provider_cnpj
    assert doc.emitter.name == "Serviços Ltda"
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.document_type) == ("52998224725", "cpf")
    assert doc.totals.total == generated.net
    assert doc.totals.iss == Decimal("45.00")
    assert doc.service is not None
    assert doc.service.iss_withheld is withheld
    assert doc.service.rps_number == "2026001123"
    assert doc.service.code == "01.07"
    assert doc.status is Status.AUTHORIZED


def test_abrasf_cancelled() -> None:
    generated = GeneratedAbrasf(
        1, make_cnpj(random.Random(2)), "52998224725", Decimal(10), Decimal(2), False
    )
    (result,) = parse_fiscal(abrasf_xml(generated, cancelled=True))
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.status is Status.CANCELLED


@pytest.mark.parametrize(
    ("event_type", "details", "cancels"),
    [
        (
            "110111",
            {
                "descEvento": "Cancelamento",
                "nProt": "135260000000001",
                "xJust": "Erro de digitacao",
            },
            True,
        ),
        ("110110", {"descEvento": "Carta de Correcao", "xCorrecao": "Volumes: 4"}, False),
        ("210200", {"descEvento": "Confirmacao da Operacao"}, False),
        (
            "210240",
            {"descEvento": "Operacao nao Realizada", "xJust": "Mercadoria devolvida"},
            False,
        ),
    ],
)
def test_nfe_events(event_type: str, details: dict[str, str], cancels: bool) -> None:
    nfe = random_nfe(random.Random(3))
    (doc,) = parse_fiscal(nfe_xml(nfe))[0].records
    (result,) = parse_fiscal(
        nfe_event_xml(access_key=nfe.access_key, event_type=event_type, **details)
    )
    assert result.kind is Kind.NFE_EVENT
    (event,) = result.records
    assert isinstance(event, FiscalEvent)
    assert isinstance(doc, FiscalDocument)
    assert event.kind is EventKind.NFE
    assert event.event_type == event_type
    assert event.access_key == nfe.access_key
    assert event.description == details["descEvento"]
    assert event.justification == details.get("xJust")
    assert event.correction == details.get("xCorrecao")
    assert event.protocol is not None
    assert event.protocol.status_code == "135"
    assert event.warnings == ()
    (updated,) = apply_events([doc], [event])
    assert (updated.status is Status.CANCELLED) is cancels


def test_rejected_cancellation_does_not_cancel() -> None:
    nfe = random_nfe(random.Random(4))
    (doc,) = parse_fiscal(nfe_xml(nfe))[0].records
    data = nfe_event_xml(access_key=nfe.access_key, event_type="110111", status_code="573")
    (event,) = parse_fiscal(data)[0].records
    assert isinstance(doc, FiscalDocument)
    assert isinstance(event, FiscalEvent)
    assert apply_events([doc], [event])[0].status is Status.AUTHORIZED


def test_nfe_without_namespace_is_still_recognised() -> None:
    nfe = random_nfe(random.Random(5))
    data = nfe_xml(nfe).replace(b' xmlns="http://www.portalfiscal.inf.br/nfe"', b"")
    (result,) = parse_fiscal(data)
    assert result.kind is Kind.NFE
    assert result.error is None
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.access_key == nfe.access_key


def test_cte_os_service_order() -> None:
    rng = random.Random(6)
    payer = make_cnpj(rng)
    data = cte_xml(
        number=5,
        emitter_cnpj=make_cnpj(rng),
        payer_cnpj=payer,
        total=Decimal("250.00"),
        nfe_key=random_nfe(rng).access_key,
        service_order=True,
    )
    (result,) = parse_fiscal(data)
    assert result.kind is Kind.CTE
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.model == "67"
    assert doc.receiver is not None
    assert doc.receiver.document == payer
    assert doc.totals.total == Decimal("250.00")
    assert doc.status is Status.AUTHORIZED
    assert doc.warnings == ()


def test_layout_110_key_has_a_nine_digit_code_and_no_emission_type() -> None:
    nfe = random_nfe(random.Random(7))
    # In 1.10 the nine digits after the number are all cNF; 2.00 split them into tpEmis + cNF.
    code = nfe.access_key[34:43]
    data = (
        nfe_xml(nfe)
        .replace(b'<infNFe versao="4.00"', b'<infNFe versao="1.10"')
        .replace(f"<cNF>{nfe.code}</cNF>".encode(), f"<cNF>{code}</cNF>".encode())
    )
    (result,) = parse_fiscal(data)
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.layout == "nfe-1.10"
    assert doc.access_key == nfe.access_key
    assert not [w for w in doc.warnings if w.code == "ACCESS_KEY_MISMATCH"]


def test_cte_simplificado() -> None:
    rng = random.Random(8)
    emitter, payer = make_cnpj(rng), make_cnpj(rng)
    deliveries = tuple((random_nfe(rng).access_key, Decimal(f"{n}50.00")) for n in (1, 2))
    installments = tuple((f"00{n}", f"2026-1{n}-05", Decimal("200.00")) for n in (1, 2))
    data = cte_simp_xml(
        number=77,
        emitter_cnpj=emitter,
        payer_cnpj=payer,
        deliveries=deliveries,
        installments=installments,
    )
    (result,) = parse_fiscal(data)
    assert result.kind is Kind.CTE
    (doc,) = result.records
    assert isinstance(doc, FiscalDocument)
    assert doc.number == "77"
    assert doc.status is Status.AUTHORIZED
    assert doc.totals.total == doc.totals.services == Decimal("400.00")
    assert doc.receiver is not None and doc.receiver.document == payer
    assert [r.access_key for r in doc.references] == [key for key, _ in deliveries]
    assert doc.installments == tuple(
        Installment(number, date.fromisoformat(due), amount) for number, due, amount in installments
    )
    assert doc.billing is not None and doc.billing.net == Decimal("400.00")
    assert doc.warnings == ()
