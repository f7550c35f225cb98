"""DANFE and DACTE PDFs: key, names, receiver and total, on generated PDFs (our own minimal
pages and BrazilFiscalReport renderings of generated XML) and on the real samples."""

from __future__ import annotations

import dataclasses
import random
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from brazilfiscalreport.dacte import Dacte
from brazilfiscalreport.danfce import Danfce
from brazilfiscalreport.danfe import Danfe
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.errors import ParseError
from backend.fiscal.danfe_pdf import parse_danfe_pdf
from backend.fiscal.ids import build_access_key
from backend.fiscal.model import DocumentKind, FiscalDocument
from backend.fiscal.testing.generators import (
    GeneratedNFe,
    cte_xml,
    danfe_pdf,
    make_cnpj,
    nfe_xml,
    pdf_page,
    random_nfe,
)
from backend.ingest import parse_fiscal
from tests.fiscal.helpers import parse_one_document

_NFE = random_nfe(random.Random(5))


@pytest.mark.parametrize(
    ("emitter", "receiver"),
    [
        ("Emitente Teste Ltda", "Destinatário Teste S/A"),
        ("Padaria São João (Matriz) Ltda - ME", "JOSÉ DA SILVA & FILHOS LTDA"),
        ("A&B Comércio de Peças Ltda.", "Cooperativa Agroindustrial Açaí \\ Norte"),
    ],
)
def test_generated_danfe_names(emitter: str, receiver: str) -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, emitter_name=emitter, receiver_name=receiver))
    assert doc.kind is DocumentKind.DANFE
    assert doc.access_key == _NFE.access_key
    assert (doc.emitter.document, doc.emitter.name) == (_NFE.emitter_cnpj, emitter)
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == (_NFE.receiver_cnpj, receiver)
    assert doc.totals.total == _NFE.total
    assert doc.issued_at == datetime.fromisoformat(_NFE.issued_at[:10])
    assert doc.warnings == ()


_NAME = (
    st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdeçãéíóúÁÉÇÕ &-./()'0123456789"),
        min_size=2,
        max_size=60,
    )
    .map(lambda name: " ".join(name.split()))
    .filter(lambda name: len(name) > 1)
)


@settings(max_examples=25, deadline=None)
@given(emitter=_NAME.filter(lambda n: any(c.isalpha() for c in n)), seed=st.integers(0, 99))
def test_any_emitter_name_round_trips(emitter: str, seed: int) -> None:
    nfe = random_nfe(random.Random(seed))
    doc = parse_danfe_pdf(danfe_pdf(nfe, emitter_name=emitter))
    assert doc.emitter.name == emitter
    assert doc.access_key == nfe.access_key


def test_emitter_name_beside_the_title_without_a_receipt_stub() -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, emitter_name="Loja Sem Canhoto Ltda", with_stub=False))
    assert doc.emitter.name == "Loja Sem Canhoto Ltda"


def test_missing_receiver_box_is_a_warning() -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, with_receiver_box=False))
    assert doc.receiver is None
    assert doc.emitter.name == "Emitente Teste Ltda"
    assert [(w.code, w.message) for w in doc.warnings] == [
        ("PDF_NAME_NOT_FOUND", "the receiver's name could not be read")
    ]


def test_wrong_check_digit_is_kept_with_the_xml_readers_warning() -> None:
    """The PDF of an NF-e whose key fails its check digit reads like that NF-e's XML: the
    key kept as printed, the warning INVALID_ACCESS_KEY, so the two still link."""
    key = _NFE.access_key
    wrong = key[:-1] + str((int(key[-1]) + 1) % 10)
    (pdf,) = parse_fiscal(danfe_pdf(_NFE, access_key=wrong), filename="danfe.pdf")
    (xml,) = parse_fiscal(nfe_xml(_NFE).replace(key.encode(), wrong.encode()))
    assert pdf.error is None and xml.error is None
    (pdf_doc,) = pdf.records
    (xml_doc,) = xml.records
    assert isinstance(pdf_doc, FiscalDocument) and isinstance(xml_doc, FiscalDocument)
    assert pdf_doc.access_key == xml_doc.access_key == wrong
    assert [w.code for w in pdf_doc.warnings] == ["INVALID_ACCESS_KEY"]
    assert "INVALID_ACCESS_KEY" in [w.code for w in xml_doc.warnings]
    assert wrong in pdf_doc.warnings[0].message
    assert (pdf_doc.number, pdf_doc.series, pdf_doc.emitter.document) == (
        xml_doc.number,
        xml_doc.series,
        xml_doc.emitter.document,
    )


def test_no_key_is_missing_field() -> None:
    (result,) = parse_fiscal(danfe_pdf(_NFE, access_key="1234 5678"))
    assert result.error is not None
    assert result.error.code == "MISSING_FIELD"


@pytest.mark.parametrize(
    ("name", "emitter", "receiver", "receiver_name"),
    [
        (
            "danfe_default",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        ("danfe_default_production", "Empresa Lucro Presumido Ltda", "76586507812", None),
        (
            "danfe_multipage_landscape",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        (
            "danfe_overload",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        ("danfe_reforma_tributaria", "Contribuinte A", "00127912000129", "Contribuinte B"),
    ],
)
def test_sample_names(
    samples_dir: Path, name: str, emitter: str, receiver: str, receiver_name: str | None
) -> None:
    doc = parse_one_document(samples_dir / f"danfe_pdf/BrazilFiscalReport__{name}.pdf")
    assert doc.emitter.name == emitter
    assert doc.receiver is not None
    assert doc.receiver.document == receiver
    # The production sample's receiver is "EMPRESA FICTÍCIA LTDA".
    assert doc.receiver.name == (receiver_name or "EMPRESA FICTÍCIA LTDA")
    assert doc.warnings == ()


def test_sample_names_match_the_xml(samples_dir: Path) -> None:
    pdf = parse_one_document(
        samples_dir / "danfe_pdf/BrazilFiscalReport__danfe_reforma_tributaria.pdf"
    )
    xml = parse_one_document(samples_dir / "nfe55/nfelib__nfe_reforma_tributaria.xml")
    assert pdf.receiver is not None and xml.receiver is not None
    # The emitter's CNPJ comes from the key, which in this sample does not match the XML's
    # emit/CNPJ (a test file); the printed name does.
    assert pdf.emitter.name == xml.emitter.name
    assert (pdf.receiver.document, pdf.receiver.name) == (
        xml.receiver.document,
        xml.receiver.name,
    )
    assert pdf.totals.total == xml.totals.total == Decimal("164746.81")


def _key(model: str, issuer: str = "00822602000124", number: int = 992346) -> str:
    return build_access_key(
        uf_code="35",
        year_month="1503",
        issuer=issuer,
        model=model,
        series=1,
        number=number,
        emission_type="1",
        code="09923465",
    )


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _error_code(data: bytes) -> str:
    (result,) = parse_fiscal(data, filename="file.pdf")
    assert result.error is not None
    return result.error.code


def test_rendered_danfe_round_trips() -> None:
    nfe = random_nfe(random.Random(11))
    doc = parse_danfe_pdf(bytes(Danfe(xml=nfe_xml(nfe).decode()).output()))
    assert (doc.access_key, doc.number, doc.series, doc.model) == (
        nfe.access_key,
        str(nfe.number),
        str(nfe.series),
        "55",
    )
    assert doc.totals.total == nfe.total
    assert doc.emitter.document == nfe.emitter_cnpj
    assert doc.emitter.name == "Emitente Teste Ltda"
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == (
        nfe.receiver_cnpj,
        "Destinatario Teste SA",
    )
    assert doc.warnings == ()


def _rendered_dacte(
    payer: str,
    sender_cnpj: str,
    recipient_cnpj: str,
    total: Decimal,
    emitter_name: str = "Transportadora",
) -> bytes:
    """A DACTE rendered from the generator's CT-e, with the groups the renderer requires and
    the sender's CNPJ distinct from the emitter's; ``payer`` is the toma3 code."""
    nfe = random_nfe(random.Random(3))
    emitter = make_cnpj(random.Random(4))
    xml = cte_xml(
        number=42,
        emitter_cnpj=emitter,
        payer_cnpj=recipient_cnpj,
        total=total,
        nfe_key=nfe.access_key,
    ).decode()
    xml = (
        xml.replace(f"<rem><CNPJ>{emitter}", f"<rem><CNPJ>{sender_cnpj}")
        .replace("<xNome>Transportadora</xNome>", f"<xNome>{emitter_name}</xNome>")
        .replace("<toma>3</toma>", f"<toma>{payer}</toma>")
        .replace("<tpEmis>1</tpEmis>", "<tpImp>1</tpImp><tpEmis>1</tpEmis>")
        .replace(
            "<tpAmb>1</tpAmb>",
            "<tpAmb>1</tpAmb><tpCTe>0</tpCTe><modal>01</modal><tpServ>0</tpServ>"
            "<xMunIni>Sao Paulo</xMunIni><UFIni>SP</UFIni>"
            "<xMunFim>Campinas</xMunFim><UFFim>SP</UFFim>",
        )
        .replace(
            "<infCTeNorm>",
            "<infCTeNorm><infCarga><vCarga>1000.00</vCarga><proPred>Pecas</proPred>"
            "<infQ><cUnid>01</cUnid><tpMed>PESO</tpMed><qCarga>10.0000</qCarga></infQ>"
            "</infCarga>",
        )
        .replace(
            "</infDoc>",
            '</infDoc><infModal versaoModal="4.00"><rodo><RNTRC>12345678</RNTRC></rodo></infModal>',
        )
    )
    return bytes(Dacte(xml=xml).output())


@pytest.mark.parametrize(("payer", "role"), [("3", "recipient"), ("0", "sender")])
def test_rendered_dacte_receiver_is_the_payer(payer: str, role: str) -> None:
    rng = random.Random(7)
    sender, recipient = make_cnpj(rng), make_cnpj(rng)
    doc = parse_danfe_pdf(_rendered_dacte(payer, sender, recipient, Decimal("1234.56")))
    assert doc.model == "57"
    assert doc.number == "42"
    assert doc.totals.total == Decimal("1234.56")
    assert doc.receiver is not None
    assert doc.receiver.document == (recipient if role == "recipient" else sender)
    assert doc.emitter.name == "Transportadora"
    assert doc.warnings == ()


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("Transportes São João &amp; Cia", "Transportes São João & Cia"),
        ("RÁPIDO (MATRIZ) - EPP", "RÁPIDO (MATRIZ) - EPP"),
        ("3R Logística", "3R Logística"),
        # Too long for the box: the renderer cuts it, and it is read as printed.
        (
            "Transportadora Rodoviária de Cargas Pesadas do Brasil Ltda",
            "Transportadora Rodoviária de Cargas...",
        ),
    ],
)
def test_rendered_dacte_emitter_name(name: str, printed: str) -> None:
    """The emitter's name is the first line of the box left of the "DACTE" title, under
    the receipt stub and above the address and CNPJ lines."""
    rng = random.Random(8)
    pdf = _rendered_dacte("3", make_cnpj(rng), make_cnpj(rng), Decimal("99.90"), name)
    doc = parse_danfe_pdf(pdf)
    assert doc.emitter.name == printed
    assert doc.totals.total == Decimal("99.90")


def _nfce(seed: int = 11) -> tuple[GeneratedNFe, str]:
    """A generated NF-e as an NFC-e (model 65, so the key is of model 65 too), with its XML."""
    nfe = dataclasses.replace(random_nfe(random.Random(seed)), model="65")
    return nfe, nfe_xml(nfe).decode()


def _rendered_nfce(xml: str) -> bytes:
    return bytes(Danfce(xml=xml).output())


def test_rendered_nfce_round_trips() -> None:
    nfe, xml = _nfce()
    doc = parse_danfe_pdf(_rendered_nfce(xml))
    assert doc.kind is DocumentKind.DANFE
    assert (doc.access_key, doc.model, doc.number, doc.series) == (
        nfe.access_key,
        "65",
        str(nfe.number),
        str(nfe.series),
    )
    assert doc.totals.total == nfe.total
    assert doc.issued_at == datetime.fromisoformat(nfe.issued_at[:10])
    assert (doc.emitter.document, doc.emitter.name) == (nfe.emitter_cnpj, "Emitente Teste Ltda")
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == (
        nfe.receiver_cnpj,
        "Destinatario Teste SA",
    )
    assert doc.warnings == ()


def test_rendered_nfce_without_consumer() -> None:
    """ "CONSUMIDOR NÃO IDENTIFICADO": no receiver, and no warning for it; the QR code and
    the card payment's acquirer CNPJ are not taken for the consumer."""
    nfe, xml = _nfce()
    acquirer = make_cnpj(random.Random(1))
    xml = re.sub(r"<dest>.*</dest>", "", xml)
    xml = xml.replace(
        "<tPag>15</tPag>",
        f"<tPag>03</tPag><card><tpIntegra>1</tpIntegra><CNPJ>{acquirer}</CNPJ></card>",
    ).replace(
        "</infNFe></NFe>",
        "</infNFe><infNFeSupl><qrCode>https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode"
        f"?p={nfe.access_key}|2|2|1|ABCDEF</qrCode><urlChave>"
        "https://www.nfce.fazenda.sp.gov.br/consulta</urlChave></infNFeSupl></NFe>",
    )
    doc = parse_danfe_pdf(_rendered_nfce(xml))
    assert doc.receiver is None
    assert doc.access_key == nfe.access_key
    assert doc.totals.total == nfe.total
    assert doc.emitter.name == "Emitente Teste Ltda"
    assert doc.warnings == ()


def test_rendered_nfce_consumer_by_cpf_with_a_wrapped_name() -> None:
    """A CPF consumer whose name wraps on the narrow receipt, and an emitter with a bold
    trade name above its name (the trade name is not part of the name)."""
    _, xml = _nfce()
    long_name = "Maria Aparecida dos Santos Oliveira de Souza Cavalcanti"
    xml = re.sub(
        r"<dest><CNPJ>[0-9]+</CNPJ><xNome>[^<]+</xNome>",
        f"<dest><CPF>76586507812</CPF><xNome>{long_name}</xNome>",
        xml,
    ).replace(
        "<xNome>Emitente Teste Ltda</xNome>",
        "<xNome>Emitente Teste Ltda</xNome><xFant>Loja do Teste</xFant>",
    )
    doc = parse_danfe_pdf(_rendered_nfce(xml))
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.document_type) == ("76586507812", "cpf")
    assert doc.receiver.name == long_name
    assert doc.emitter.name == "Emitente Teste Ltda"
    assert doc.warnings == ()


def test_rendered_nfce_consumer_without_a_name_is_no_warning() -> None:
    _, xml = _nfce()
    xml = re.sub(r"<dest>.*</dest>", "<dest><CPF>76586507812</CPF></dest>", xml)
    doc = parse_danfe_pdf(_rendered_nfce(xml))
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == ("76586507812", None)
    assert doc.warnings == ()


@pytest.mark.parametrize(
    ("consumer", "receiver"),
    [
        ("CONSUMIDOR - CPF 765.865.078-12 = JOSE DA SILVA", ("76586507812", "JOSE DA SILVA")),
        (
            "CONSUMIDOR - CNPJ 99.999.999/0001-91 - Loja do Cliente Ltda",
            ("99999999000191", "Loja do Cliente Ltda"),
        ),
        ("CONSUMIDOR NÃO IDENTIFICADO", None),
    ],
)
def test_nfce_sped_da_layout(consumer: str, receiver: tuple[str, str] | None) -> None:
    """The sped-da DANFE NFC-e: the name above "CNPJ: ... IE: ...", the totals' labels beside
    their values, the consumer on one line ("=" after a CPF, "-" after a CNPJ)."""
    key = _key("65")
    lines: list[tuple[float, float, str] | tuple[float, float, str, float, float]] = [
        (20, 820, "PLOTAG SISTEMAS E SUPRIMENTOS LTDA"),
        (20, 810, "CNPJ: 00.822.602/0001-24 IE: 114489114119"),
        (20, 800, "RUA DOS TESTES, 123"),
        (20, 790, "CENTRO"),
        (20, 780, "SAO PAULO-SP"),
        (20, 765, "DANFE NFC-e - Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica"),
        (20, 750, "Qtde total de itens"),
        (150, 750, "2"),
        (20, 740, "Valor Total R$"),
        (150, 740, "32,20"),
        (20, 730, "Desconto R$"),
        (150, 730, "2,20"),
        (20, 718, "Valor a Pagar R$", 10, 0),
        (150, 718, "30,00", 10, 0),
        (20, 700, "Consulte pela Chave de Acesso em"),
        (20, 690, "http://www.fazenda.sp.gov.br/nfce/consulta"),
        (20, 680, _grouped(key)),
        (20, 665, consumer),
        (20, 650, "NFCe n. 000992346 Série 001 27/03/2015 10:30:00"),
    ]
    doc = parse_danfe_pdf(pdf_page(lines))
    assert (doc.access_key, doc.model, doc.number, doc.series) == (key, "65", "992346", "1")
    assert doc.totals.total == Decimal("30.00")
    assert doc.issued_at == datetime(2015, 3, 27)
    assert doc.emitter.name == "PLOTAG SISTEMAS E SUPRIMENTOS LTDA"
    assert (doc.receiver and (doc.receiver.document, doc.receiver.name)) == receiver
    assert doc.warnings == ()


def _simplified(
    key: str, *, title: str = "DANFE SIMPLIFICADO"
) -> list[tuple[float, float, str, float, float]]:
    """The sped-da DANFE Simplificado: labels beside their values, the receiver's CNPJ
    unformatted, the total far to the right of its label."""
    return [
        (40, 800, title, 12, 0),
        (40, 780, "TIPO NF 1 - Saida DATA EMISSAO 27/03/2015", 8, 0),
        (40, 768, f"CHAVE DE ACESSO {key}", 8, 0),
        (40, 750, "EMITENTE", 8, 0),
        (40, 740, "Plotag Sistemas e Suprimentos Ltda", 8, 0),
        (40, 730, "CNPJ/CPF 00822602000124 RG/IE 114489114119", 8, 0),
        (40, 712, "DESTINATARIO", 8, 0),
        (40, 702, "Loja do Cliente Ltda", 8, 0),
        (40, 692, "CNPJ/CPF 99999999000191 RG/IE", 8, 0),
        (40, 660, "TOTAL DA NF-e", 12, 0),
        (420, 660, "R$ 689,91", 10, 0),
    ]


def test_danfe_simplificado() -> None:
    key = _key("55")
    doc = parse_danfe_pdf(pdf_page(_simplified(key)))
    assert doc.access_key == key
    assert doc.totals.total == Decimal("689.91")
    assert doc.emitter.name == "Plotag Sistemas e Suprimentos Ltda"
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == ("99999999000191", "Loja do Cliente Ltda")
    assert doc.issued_at == datetime(2015, 3, 27)
    assert doc.warnings == ()


def test_an_impossible_date_is_skipped_not_a_crash() -> None:
    # Text like 31/02 or 13/00 looks like a date to the pattern; the next real one is read.
    lines = _simplified(_key("55"))
    lines[1] = (40, 780, "TIPO NF 1 - Saida DATA EMISSAO 31/02/2015 PROTOCOLO 27/03/2015", 8, 0)
    assert parse_danfe_pdf(pdf_page(lines)).issued_at == datetime(2015, 3, 27)
    lines[1] = (40, 780, "TIPO NF 1 - Saida DATA EMISSAO 13/00/2015", 8, 0)
    assert parse_danfe_pdf(pdf_page(lines)).issued_at is None


def test_watermark_letters_are_not_read() -> None:
    """A large diagonal "SEM VALOR FISCAL" crossing the key, a name and the total."""
    key = _key("55")
    lines = _simplified(_grouped(key))
    lines += [(150, 640, "SEM VALOR FISCAL", 50, 55), (300, 700, "CANCELADA", 60, 55)]
    doc = parse_danfe_pdf(pdf_page(lines))
    assert doc.access_key == key
    assert doc.totals.total == Decimal("689.91")
    assert doc.receiver is not None and doc.receiver.name == "Loja do Cliente Ltda"


def test_damdfe_is_unsupported_kind() -> None:
    lines = [
        (
            40,
            800,
            "DAMDFE - Documento Auxiliar do Manifesto de Documentos Fiscais Eletrônicos",
            9,
            0,
        ),
        (40, 780, "CHAVE DE ACESSO", 8, 0),
        (40, 770, _grouped(_key("58")), 8, 0),
        (40, 750, f"NF-e {_key('55')}", 8, 0),
    ]
    assert _error_code(pdf_page(lines)) == "UNSUPPORTED_KIND"


def test_a_key_without_a_title_is_not_a_document() -> None:
    """A manual's page quoting a valid example key is not a DANFE."""
    lines = [
        (40, 800, "Manual de Orientação do Contribuinte", 14, 0),
        (40, 780, f'<infNFe Id="NFe{_key("55")}" versao="4.00">', 8, 0),
    ]
    assert _error_code(pdf_page(lines)) == "UNRECOGNIZED_FORMAT"


def test_a_title_on_a_cover_page_is_not_a_document() -> None:
    lines = [(40, 800, "Anexo II - Manual de Especificações Técnicas do DACTE", 14, 0)]
    assert _error_code(pdf_page(lines)) == "UNRECOGNIZED_FORMAT"


def test_key_of_another_model_than_the_title_is_invalid() -> None:
    with pytest.raises(ParseError, match="not of model 55/65") as raised:
        parse_danfe_pdf(pdf_page(_simplified(_key("57"))))
    assert raised.value.code == "INVALID_ACCESS_KEY"


def test_a_dacte_with_a_bad_key_does_not_take_a_listed_nfe_key() -> None:
    """The DACTE's own key (under its label) fails its check digit; the valid NF-e key it
    lists under "DOCUMENTOS ORIGINÁRIOS" is not the document's key: the own one is kept."""
    own = _key("57")
    wrong = own[:-1] + str((int(own[-1]) + 1) % 10)
    lines = [
        (40, 800, "DACTE", 12, 0),
        (40, 780, "CHAVE DE ACESSO", 8, 0),
        (40, 770, wrong, 8, 0),
        (40, 700, "DOCUMENTOS ORIGINÁRIOS", 8, 0),
        (40, 690, f"NFE {_key('55', number=7)} 001/000000007", 8, 0),
    ]
    doc = parse_danfe_pdf(pdf_page(lines))
    assert (doc.access_key, doc.model) == (wrong, "57")
    assert "INVALID_ACCESS_KEY" in [w.code for w in doc.warnings]
