"""Golden values of real files across layouts, checked by hand against the XML."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from lxml import etree

from backend.fiscal.events import is_cancellation
from backend.fiscal.model import (
    DocumentKind,
    EventKind,
    FiscalEvent,
    Installment,
    SignatureStatus,
    Status,
)
from backend.ingest import Kind, parse_fiscal
from tests.fiscal.helpers import parse_documents, parse_one_document, parse_one_event

BRT = timezone(timedelta(hours=-3))


def test_nfe_400_with_protocol(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfe55/sped-nfe__nfe_layout4_com_prot.xml")
    assert doc.kind is DocumentKind.NFE
    assert doc.layout == "nfe-4.00"
    assert doc.access_key == "43180906929383000163550010000000261000010301"
    assert (doc.number, doc.series, doc.model) == ("26", "1", "55")
    assert doc.issued_at == datetime(2018, 9, 25, 0, 0, tzinfo=BRT)
    assert doc.exit_at == datetime(2018, 9, 25, 15, 14, tzinfo=BRT)
    assert doc.operation_nature == "Venda de producao do estabelecimento"
    assert (doc.operation_type, doc.purpose, doc.environment) == ("exit", "1", "homologation")
    assert doc.emitter.document == "06929383000163"
    assert doc.emitter.state_registration == "0018000762"
    assert doc.emitter.address is not None
    assert doc.emitter.address.municipality_code == "4319901"
    assert doc.receiver is not None
    assert doc.receiver.document == "58716523000119"
    (item,) = doc.items
    assert (item.code, item.gtin, item.ncm, item.cest, item.cfop) == (
        "11007",
        None,
        "64011000",
        "1234567",
        "6101",
    )
    assert (item.quantity, item.unit_price, item.total) == (
        Decimal("10.0000"),
        Decimal("50"),
        Decimal("500.00"),
    )
    icms = next(t for t in item.taxes if t.kind == "icms")
    assert (icms.group, icms.cst, icms.origin) == ("ICMSSN202", "202", "0")
    pis = next(t for t in item.taxes if t.kind == "pis")
    assert (pis.group, pis.cst, pis.amount) == ("PISOutr", "49", Decimal("0.00"))
    assert doc.totals.total == Decimal("500.00")
    assert doc.totals.products == Decimal("500.00")
    assert [(i.number, i.due_date, i.amount) for i in doc.installments] == [
        ("001", date(2018, 12, 31), Decimal("1.00"))
    ]
    assert doc.billing is not None
    assert doc.billing.number == "173"
    assert [(p.method, p.amount) for p in doc.payments] == [("01", Decimal("500.00"))]
    assert doc.transport is not None
    assert doc.transport.modality == "9"
    assert doc.status is Status.AUTHORIZED
    assert doc.protocol is not None
    assert (doc.protocol.number, doc.protocol.status_code) == ("143180006932433", "100")
    assert doc.protocol.received_at == datetime(2018, 9, 25, 16, 21, 5, tzinfo=BRT)
    assert doc.warnings == ()


def test_nfe_tax_reform_groups(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfe55/nfelib__nfe_reforma_tributaria.xml")
    taxes = {t.kind: t for t in doc.items[0].taxes}
    assert (taxes["ibs_uf"].rate, taxes["ibs_uf"].amount) == (Decimal("2"), Decimal("16"))
    assert taxes["ibs_mun"].amount == Decimal("25")
    assert taxes["ibs_uf"].base == Decimal("800")
    assert taxes["ibs_uf"].class_code == "000001"
    assert (taxes["cbs"].rate, taxes["cbs"].amount) == (Decimal("0.09"), Decimal("101"))
    assert (taxes["is"].cst, taxes["is"].amount) == ("000", Decimal("150"))
    assert doc.totals.ibs == Decimal("50")
    assert doc.totals.cbs == Decimal("87.29")
    assert doc.totals.selective_tax == Decimal("1000")
    assert doc.totals.total_with_reform_taxes == Decimal("5000")
    assert doc.totals.total == Decimal("164746.81")
    # The sample's key was not regenerated after editing dates and emitter: warnings, no error.
    codes = [w.code for w in doc.warnings]
    assert codes.count("ACCESS_KEY_MISMATCH") == 2
    assert "TOTALS_MISMATCH" in codes


def test_nfe_cancelled_by_embedded_event(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfe55/sped-da__cancelada_55_new.xml")
    assert doc.status is Status.CANCELLED
    assert doc.totals.total == Decimal("581.55")


def test_nfe_310_batch(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfe55/sped-da__mod55-nfe-veiculo.xml")
    assert doc.layout == "nfe-3.10"
    assert doc.status is Status.UNKNOWN
    assert doc.number == "82184"
    assert doc.totals.total == Decimal("6788.00")


def test_nfce(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfce65/sped-da__NFCeProd1.xml")
    assert doc.kind is DocumentKind.NFCE
    assert doc.model == "65"
    assert doc.access_key == "41170410422724000187650010000000071000012588"
    assert doc.totals.total == Decimal("9.90")
    assert len(doc.items) == 3


def test_cte(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "cte/sped-da__cte_hom_com_prot.xml")
    assert doc.kind is DocumentKind.CTE
    assert doc.layout == "cte-3.00"
    assert doc.access_key == "41181028796029000140570260000000081486169211"
    assert doc.number == "8"
    assert doc.totals.total == Decimal("100.00")
    assert doc.emitter.document == "28796029000140"
    # toma3 = 0: the sender pays, so it is the receiver in the canonical model.
    assert doc.receiver is not None
    assert doc.receiver.document == "01234567890"
    assert dict(doc.other_parties)["recipient"].document == "00000000000000"
    assert len(doc.references) == 31
    assert doc.references[0].access_key == "41181022545265000108550270000004041610511676"
    assert doc.status is Status.AUTHORIZED
    # The freight invoice's duplicata (infCTeNorm/cobr/dup) is what the payer settles.
    assert doc.installments == (Installment("8/1", date(2018, 10, 31), Decimal("100.00")),)


def test_cte_cancelled(samples_dir: Path) -> None:
    path = "cte/sped-da__41200679549135000160570260000000141828508111-procCancCTe.xml"
    assert parse_one_document(samples_dir / path).status is Status.CANCELLED


def test_nfse_nacional(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfse_nacional/BrazilFiscalReport__nfse_test_prod.xml")
    assert doc.kind is DocumentKind.NFSE
    assert doc.layout == "nfse-nacional-1.01"
    assert doc.access_key == "42046082240248250000160000000000099999999999999999"
    assert doc.number == "999"
    assert doc.series == "1"
    # dhProc (when the NFS-e was generated), not the DPS's dhEmi (09:00).
    assert doc.issued_at == datetime(2026, 2, 11, 10, 0, tzinfo=BRT)
    assert doc.emitter.document == "90449244000149"
    assert doc.receiver is not None
    assert doc.receiver.document == "96572806000123"
    assert doc.totals.total == Decimal("8885.00")
    assert doc.totals.services == Decimal("10000.00")
    assert doc.totals.iss == Decimal("500.00")
    assert doc.totals.withheld == Decimal("1115.00")
    assert doc.service is not None
    assert doc.service.national_code == "010501"
    assert doc.service.iss_withheld is True
    assert doc.service.competence == date(2026, 4, 7)
    assert doc.status is Status.AUTHORIZED


def test_nfse_abrasf_batch_with_cancellation(samples_dir: Path) -> None:
    first, second = parse_documents(
        samples_dir / "nfse_abrasf/sped-nfse__ConsultarLoteRpsResposta.xml"
    )
    assert (first.number, second.number) == ("20", "21")
    assert (first.status, second.status) == (Status.AUTHORIZED, Status.CANCELLED)
    assert first.access_key is None
    assert first.emitter.document == "04642554000143"
    assert first.receiver is not None
    assert first.receiver.document == "99999999000191"
    assert first.totals.total == Decimal("990")
    assert first.totals.iss == Decimal("49.5")
    assert first.totals.withheld == Decimal("60")
    assert first.service is not None
    assert first.service.verification_code == "AWA5-PGCP"
    assert first.service.code == "0102"
    assert first.service.iss_rate == Decimal("0.05")
    assert first.service.iss_withheld is False
    assert first.issued_at == datetime(2010, 1, 1, 21, 0)


def test_nfse_sao_paulo(samples_dir: Path) -> None:
    first, second = parse_documents(samples_dir / "nfse_sp/sped-nfse__RetornoConsulta.xml")
    assert first.number == "17943"
    assert first.emitter.document == "99999997000100"
    assert first.receiver is not None
    assert first.receiver.document == "12345678909"
    # 20500 of services minus 5 x 10 of federal withholdings; ISS not withheld.
    assert first.totals.total == Decimal("20450")
    assert first.totals.deductions == Decimal("5000")
    assert first.service is not None
    assert first.service.verification_code == "PH5GL6XU"
    assert second.number == "17944"


def test_nfse_sao_paulo_inside_soap(samples_dir: Path) -> None:
    documents = parse_documents(
        samples_dir / "nfse_sp/sped-nfse__response_consultaNFSeRecebidas.xml"
    )
    assert len(documents) == 17
    assert documents[0].number == "1157"
    assert documents[0].totals.total == Decimal("3102.17")


def test_nfse_dsf(samples_dir: Path) -> None:
    documents = parse_documents(
        samples_dir / "nfse_dsf/sped-nfse__retorno_consultanfse-20100611.xml"
    )
    first = documents[0]
    assert first.number == "1"
    assert first.totals.total == Decimal("1400.45")
    assert first.receiver is not None
    assert first.receiver.document == "32251936823"
    assert first.items[0].description == "PARCELA DE ANUIDADE"
    assert [w.code for w in first.warnings] == ["EMITTER_INFERRED"]


def test_cancellation_event(samples_dir: Path) -> None:
    event = parse_one_event(samples_dir / "nfe_event_cancel/sped-nfe__exemplo_xml_sefazCancela.xml")
    assert event.kind is EventKind.NFE
    assert event.event_type == "110111"
    assert event.access_key == "35150300822602000124550010009923461099234656"
    assert event.justification == "Preenchimento incorreto dos dados"
    assert event.authorization_protocol == "123456789101234"
    assert event.occurred_at == datetime(2024, 2, 1, 14, 7, 5, tzinfo=BRT)
    assert event.signature is SignatureStatus.VALID


def test_correction_letter(samples_dir: Path) -> None:
    path = (
        "nfe_event_cce/"
        "sped-da__110110-53181011028793000173550010000066701204276800-1-procEventoNfe.xml"
    )
    event = parse_one_event(samples_dir / path)
    assert event.event_type == "110110"
    assert event.sequence == 1
    assert event.correction is not None
    assert event.correction.startswith("Nota 6670 referente")
    assert event.protocol is not None
    assert event.protocol.status_code == "135"
    assert event.signature is SignatureStatus.VALID


def test_nfse_nacional_issued_by_a_mei(samples_dir: Path) -> None:
    # cStat 107: generated by the national issuer for a MEI; as authorized as 100.
    doc = parse_one_document(samples_dir / "nfse_nacional/BrazilFiscalReport__real_nfse.xml")
    assert doc.access_key == "31062002211111111000111000000000023426054805029948"
    assert doc.number == "234"
    assert doc.status is Status.AUTHORIZED
    assert doc.totals.total == Decimal("350.00")


def test_nfse_nacional_cancellation_event(samples_dir: Path) -> None:
    path = "nfse_nacional/BrazilFiscalReport__5e6ca60e-7148-4d44-8bd8-d3aff2a6c16f_cancel.xml"
    event = parse_one_event(samples_dir / path)
    assert event.kind is EventKind.NFSE
    assert event.event_type == "101101"
    assert event.access_key == "31062002211111111000111000000000024226067411147892"
    assert event.justification == "Erro na emissão."


def test_nfse_nacional_bare_event_request(samples_dir: Path) -> None:
    # The author's request on its own (pedRegEvento, not yet registered) is the same event
    # without the registration; a cancellation request cancels like an NF-e envEvento.
    path = "nfse_nacional/BrazilFiscalReport__5e6ca60e-7148-4d44-8bd8-d3aff2a6c16f_cancel.xml"
    registered = parse_one_event(samples_dir / path)
    request = etree.fromstring((samples_dir / path).read_bytes()).find(".//{*}pedRegEvento")
    assert request is not None
    (result,) = parse_fiscal(etree.tostring(request))
    assert result.kind is Kind.NFSE_NACIONAL_EVENT
    (event,) = result.records
    assert isinstance(event, FiscalEvent)
    # What only the registration knows: its protocol and sequence (this request has no
    # nPedRegEvento of its own).
    assert (event.protocol, event.sequence) == (None, None)
    registration = {"protocol": registered.protocol, "sequence": registered.sequence}
    assert dataclasses.replace(event, layout=registered.layout, **registration) == registered
    assert is_cancellation(event)


def test_danfe_pdf(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "danfe_pdf/BrazilFiscalReport__danfe_default.pdf")
    assert doc.kind is DocumentKind.DANFE
    assert doc.confidence == Decimal("0.6")
    assert doc.access_key == "35200159594315000157550010000000022062777169"
    assert (doc.number, doc.series, doc.model) == ("2", "1", "55")
    assert doc.emitter.document == "59594315000157"
    assert doc.receiver is not None
    assert doc.receiver.document == "76586507812"
    assert doc.totals.total == Decimal("1950.00")
    assert doc.issued_at == datetime(2020, 1, 1)


def test_danfe_links_to_its_xml(samples_dir: Path) -> None:
    pdf = parse_one_document(
        samples_dir / "danfe_pdf/BrazilFiscalReport__danfe_reforma_tributaria.pdf"
    )
    xml = parse_one_document(samples_dir / "nfe55/nfelib__nfe_reforma_tributaria.xml")
    assert pdf.access_key == xml.access_key
    assert pdf.totals.total == xml.totals.total
