"""NFS-e variants: where ABRASF versions put the parties, the national key an ABRASF note
prints, party documents that are no CNPJ or CPF, and the IPM / Atende.net layout."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from backend.fiscal.ids import access_key_check_digit
from backend.fiscal.model import Installment, Status
from backend.fiscal.testing.generators import (
    GeneratedAbrasf,
    GeneratedIpm,
    abrasf_xml,
    ipm_receipt_xml,
    ipm_xml,
    make_cnpj,
    nfe_xml,
    random_nfe,
)
from backend.ingest import Kind, parse_fiscal, sniff
from tests.fiscal.helpers import one_document

_PROVIDER = make_cnpj(random.Random(7))
_TAKER = make_cnpj(random.Random(8))


def _national_key(provider: str, number: int, *, municipality: str = "3106200") -> str:
    body = f"{municipality}12{provider}{number:013d}2609123456789"
    return body + str(access_key_check_digit(body))


def _abrasf(**changes: object) -> GeneratedAbrasf:
    generated = GeneratedAbrasf(
        number=567531,
        provider_cnpj=_PROVIDER,
        taker_cpf="52998224725",
        services=Decimal("690.00"),
        iss_rate=Decimal("2.00"),
        iss_withheld=False,
    )
    return dataclasses.replace(generated, **changes)  # type: ignore[arg-type]


# --- ABRASF: where the versions put the parties -------------------------------------


def test_abrasf_204_provider_only_in_the_declaration() -> None:
    """2.04 names the provider's CNPJ only in InfDeclaracaoPrestacaoServico/Prestador."""
    xml = abrasf_xml(_abrasf()).decode("latin-1")
    start = xml.index("<IdentificacaoPrestador>")
    end = xml.index("</IdentificacaoPrestador>") + len("</IdentificacaoPrestador>")
    document = one_document((xml[:start] + xml[end:]).encode("latin-1"), Kind.NFSE_ABRASF)
    assert (document.emitter.document, document.emitter.document_type) == (_PROVIDER, "cnpj")
    assert document.emitter.name == "Serviços Ltda"
    assert document.emitter.address is not None
    assert document.emitter.address.municipality_code == "4106902"
    assert document.receiver is not None
    assert document.receiver.document == "52998224725"
    assert document.warnings == ()


_ABRASF_1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ConsultarNfseResposta xmlns="http://www.abrasf.org.br/ABRASF/arquivos/nfse.xsd">
<ListaNfse><CompNfse><Nfse><InfNfse>
<Numero>1001</Numero><CodigoVerificacao>X1</CodigoVerificacao>
<DataEmissao>2026-08-01T09:00:00</DataEmissao>
<Servico><Valores><ValorServicos>100.00</ValorServicos><IssRetido>2</IssRetido>
<ValorIss>5.00</ValorIss><Aliquota>0.05</Aliquota></Valores>
<ItemListaServico>1.07</ItemListaServico><Discriminacao>Suporte</Discriminacao></Servico>
<PrestadorServico><IdentificacaoPrestador><Cnpj>{_PROVIDER}</Cnpj>
<InscricaoMunicipal>998</InscricaoMunicipal></IdentificacaoPrestador>
<RazaoSocial>Prestador Um</RazaoSocial>
<Contato><Telefone>4733330000</Telefone><Email>p@example.com</Email></Contato>
</PrestadorServico>
<TomadorServico><IdentificacaoTomador><CpfCnpj><Cnpj>{_TAKER}</Cnpj></CpfCnpj>
</IdentificacaoTomador><RazaoSocial>Tomador Um</RazaoSocial></TomadorServico>
<IntermediarioServico><RazaoSocial>Intermediario Um</RazaoSocial>
<CpfCnpj><Cpf>52998224725</Cpf></CpfCnpj></IntermediarioServico>
</InfNfse></Nfse></CompNfse></ListaNfse></ConsultarNfseResposta>"""


def test_abrasf_1_parties_and_intermediary() -> None:
    document = one_document(_ABRASF_1.encode(), Kind.NFSE_ABRASF)
    assert document.layout == "nfse-abrasf-1"
    assert (document.emitter.document, document.emitter.municipal_registration) == (
        _PROVIDER,
        "998",
    )
    assert (document.emitter.email, document.emitter.phone) == ("p@example.com", "4733330000")
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.name) == (_TAKER, "Tomador Um")
    ((role, intermediary),) = document.other_parties
    assert role == "intermediary"
    assert (intermediary.document, intermediary.document_type) == ("52998224725", "cpf")
    assert intermediary.name == "Intermediario Um"


def _abrasf_2(taker: str, provider_group: str = "") -> bytes:
    """ABRASF 2.02: PrestadorServico (optionally with its identification) beside the
    declaration's Prestador, and the declaration's Tomador."""
    return f"""<CompNfse xmlns="http://www.abrasf.org.br/nfse.xsd"><Nfse versao="2.02"><InfNfse>
<Numero>77</Numero><CodigoVerificacao>V</CodigoVerificacao>
<DataEmissao>2026-08-02T10:00:00</DataEmissao>
<ValoresNfse><ValorLiquidoNfse>50.00</ValorLiquidoNfse></ValoresNfse>
<PrestadorServico>{provider_group}<RazaoSocial>Prestador Dois</RazaoSocial></PrestadorServico>
<DeclaracaoPrestacaoServico><InfDeclaracaoPrestacaoServico>
<Servico><Valores><ValorServicos>50.00</ValorServicos></Valores></Servico>
<Prestador><CpfCnpj><Cnpj>{_PROVIDER}</Cnpj></CpfCnpj>
<InscricaoMunicipal>4455</InscricaoMunicipal></Prestador>
<Tomador>{taker}<RazaoSocial>Tomador Dois</RazaoSocial></Tomador>
</InfDeclaracaoPrestacaoServico></DeclaracaoPrestacaoServico>
</InfNfse></Nfse></CompNfse>""".encode()


def test_abrasf_2_taker_in_the_declaration() -> None:
    taker = f"<IdentificacaoTomador><CpfCnpj><Cnpj>{_TAKER}</Cnpj></CpfCnpj></IdentificacaoTomador>"
    document = one_document(_abrasf_2(taker), Kind.NFSE_ABRASF)
    assert (document.emitter.document, document.emitter.name) == (_PROVIDER, "Prestador Dois")
    assert document.emitter.municipal_registration == "4455"
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.name) == (_TAKER, "Tomador Dois")


def test_abrasf_note_group_wins_over_the_declaration() -> None:
    own = make_cnpj(random.Random(9))
    group = (
        f"<IdentificacaoPrestador><CpfCnpj><Cnpj>{own}</Cnpj></CpfCnpj>"
        "<InscricaoMunicipal>1</InscricaoMunicipal></IdentificacaoPrestador>"
    )
    document = one_document(_abrasf_2("", group), Kind.NFSE_ABRASF)
    assert (document.emitter.document, document.emitter.municipal_registration) == (own, "1")


def test_abrasf_204_foreign_taker() -> None:
    document = one_document(_abrasf_2("<NifTomador>DE123456789</NifTomador>"), Kind.NFSE_ABRASF)
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.document_type) == (
        "DE123456789",
        "foreign",
    )


# --- Party documents ----------------------------------------------------------------


def test_placeholder_document_is_dropped_with_a_warning() -> None:
    taker = "<IdentificacaoTomador><CpfCnpj><Cpf>p1:Cpf</Cpf></CpfCnpj></IdentificacaoTomador>"
    document = one_document(_abrasf_2(taker), Kind.NFSE_ABRASF)
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.document_type) == (None, None)
    assert document.receiver.name == "Tomador Dois"
    (warning,) = document.warnings
    assert (warning.code, warning.path) == ("INVALID_TAX_ID", "/receiver")
    assert "p1:Cpf" in warning.message


def test_punctuated_document_is_reduced_to_digits() -> None:
    formatted = f"{_TAKER[:2]}.{_TAKER[2:5]}.{_TAKER[5:8]}/{_TAKER[8:12]}-{_TAKER[12:]}"
    taker = (
        f"<IdentificacaoTomador><CpfCnpj><Cnpj>{formatted}</Cnpj></CpfCnpj></IdentificacaoTomador>"
    )
    document = one_document(_abrasf_2(taker), Kind.NFSE_ABRASF)
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.document_type) == (_TAKER, "cnpj")
    assert document.warnings == ()


def test_alphanumeric_cnpj_is_a_document() -> None:
    taker = (
        "<IdentificacaoTomador><CpfCnpj><Cnpj>12abc34501de35</Cnpj></CpfCnpj>"
        "</IdentificacaoTomador>"
    )
    document = one_document(_abrasf_2(taker), Kind.NFSE_ABRASF)
    assert document.receiver is not None
    assert document.receiver.document == "12ABC34501DE35"
    assert document.warnings == ()


def test_nfe_receiver_document_is_checked_too() -> None:
    nfe = dataclasses.replace(random_nfe(random.Random(3)), receiver_cnpj="000")
    document = one_document(nfe_xml(nfe), Kind.NFE)
    assert document.receiver is not None
    assert document.receiver.document is None
    assert "INVALID_TAX_ID" in [warning.code for warning in document.warnings]
    assert document.emitter.document == nfe.emitter_cnpj


# --- ABRASF: the national key in OutrasInformacoes -----------------------------------


def _with_note(note: str) -> bytes:
    xml = abrasf_xml(_abrasf()).decode("latin-1")
    return xml.replace(
        "<ValoresNfse>", f"<OutrasInformacoes>{note}</OutrasInformacoes><ValoresNfse>"
    ).encode("latin-1")


def test_abrasf_national_key_links_the_note() -> None:
    key = _national_key(_PROVIDER, 567531)
    document = one_document(_with_note(f"[CHAVE NFSE NACIONAL: {key}]"), Kind.NFSE_ABRASF)
    assert document.access_key == key
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda key: key[:-1] + str((int(key[-1]) + 1) % 10), "INVALID_ACCESS_KEY"),
        (lambda key: _national_key(make_cnpj(random.Random(11)), 567531), "ACCESS_KEY_MISMATCH"),
    ],
)
def test_abrasf_doubtful_national_key_is_not_used(change: object, code: str) -> None:
    key = change(_national_key(_PROVIDER, 567531))  # type: ignore[operator]
    document = one_document(_with_note(f"Chave NFS-e Nacional: {key}"), Kind.NFSE_ABRASF)
    assert document.access_key is None
    assert [warning.code for warning in document.warnings] == [code]


def test_abrasf_free_text_numbers_are_no_key() -> None:
    key = _national_key(_PROVIDER, 567531)
    document = one_document(_with_note(f"Pedido {key}"), Kind.NFSE_ABRASF)
    assert document.access_key is None
    assert document.warnings == ()


# --- IPM / Atende.net ----------------------------------------------------------------


def _ipm(**changes: object) -> GeneratedIpm:
    generated = GeneratedIpm(
        number=4521,
        provider_cnpj=_PROVIDER,
        taker_document="05904305990",
        services=Decimal("1250.90"),
        iss_rate=Decimal("3.00"),
    )
    return dataclasses.replace(generated, **changes)  # type: ignore[arg-type]


def test_ipm_note() -> None:
    generated = _ipm(irrf=Decimal("18.76"), discount=Decimal("10.00"))
    document = one_document(ipm_xml(generated), Kind.NFSE_IPM)
    assert document.layout == "nfse-ipm"
    assert (document.number, document.series) == ("4521", "1")
    assert document.issued_at == datetime(2026, 9, 15, 10, 11, 12)
    assert document.status is Status.AUTHORIZED
    assert document.access_key is None
    assert (document.emitter.document, document.emitter.document_type) == (_PROVIDER, "cnpj")
    assert document.emitter.name == "Serviços Catarinenses Ltda"
    assert document.emitter.municipal_registration == "37482"
    assert document.receiver is not None
    # The numeric field lost the CPF's leading zero; the parser puts it back.
    assert (document.receiver.document, document.receiver.document_type) == (
        "05904305990",
        "cpf",
    )
    assert document.receiver.phone == "4735311500"
    assert document.receiver.address is not None
    assert document.receiver.address.municipality_code == "8357"
    assert document.totals.services == Decimal("1250.90")
    assert document.totals.discount == Decimal("10.00")
    assert document.totals.iss == generated.iss == Decimal("37.53")
    assert document.totals.withheld == Decimal("18.76")
    assert document.totals.total == generated.net == Decimal("1222.14")
    service = document.service
    assert service is not None
    assert (service.code, service.description) == ("702", "Manutenção de sistemas")
    assert (service.iss_rate, service.iss_amount, service.iss_withheld) == (
        Decimal("3.00"),
        Decimal("37.53"),
        False,
    )
    assert service.municipality_code == "8357"
    assert service.competence == date(2026, 9, 15)
    assert service.verification_code == "ABCD1234EFGH5678"
    assert (service.rps_number, service.rps_series) == ("77", "1")
    assert {tax.kind: tax.amount for tax in service.withholdings}["irrf"] == Decimal("18.76")
    (item,) = document.items
    assert (item.code, item.total, item.quantity) == ("702", Decimal("1250.90"), Decimal("1.00"))
    assert document.installments == (Installment("1", date(2026, 10, 15), generated.net),)
    assert document.additional_info == "Pedido 4411"
    assert document.warnings == ()


def test_ipm_withheld_iss_and_deduction() -> None:
    generated = _ipm(iss_withheld=True, deduction=Decimal("250.90"), taker_document=_TAKER)
    document = one_document(ipm_xml(generated), Kind.NFSE_IPM)
    assert document.totals.deductions == Decimal("250.90")
    assert document.totals.iss == Decimal("30.00")
    assert document.totals.total == generated.net == Decimal("1220.90")
    assert document.service is not None
    assert document.service.iss_withheld is True
    assert document.receiver is not None
    assert (document.receiver.document, document.receiver.document_type) == (_TAKER, "cnpj")


@pytest.mark.parametrize("status", ["2", "C"])
def test_ipm_cancelled(status: str) -> None:
    document = one_document(ipm_xml(_ipm(), status=status), Kind.NFSE_IPM)
    assert document.status is Status.CANCELLED


def test_ipm_wrapped_in_a_web_service_answer_and_test_environment() -> None:
    document = one_document(ipm_xml(_ipm(), wrapped=True, test=True), Kind.NFSE_IPM)
    assert document.number == "4521"
    assert document.environment == "homologation"


def test_ipm_national_key() -> None:
    key = _national_key(_PROVIDER, 4521, municipality="4214805")
    document = one_document(ipm_xml(_ipm(national_key=key)), Kind.NFSE_IPM)
    assert document.access_key == key
    other = _national_key(_TAKER, 4521)
    document = one_document(ipm_xml(_ipm(national_key=other)), Kind.NFSE_IPM)
    assert document.access_key is None
    assert [warning.code for warning in document.warnings] == ["ACCESS_KEY_MISMATCH"]


def test_ipm_receipt_and_request_are_not_notes() -> None:
    (receipt,) = parse_fiscal(ipm_receipt_xml(4521))
    assert receipt.kind is Kind.NFSE_IPM
    assert receipt.error is not None
    assert receipt.error.code == "UNSUPPORTED_LAYOUT"
    assert "4521" in receipt.error.message
    request = ipm_xml(_ipm()).replace(b"<numero_nfse>4521</numero_nfse>", b"")
    (result,) = parse_fiscal(request)
    assert result.error is not None
    assert result.error.code == "UNSUPPORTED_LAYOUT"
    assert result.error.location.path == "/nfse"


def test_ipm_bad_amount_is_located() -> None:
    (result,) = parse_fiscal(ipm_xml(_ipm()).replace(b"1.250,90</valor_total>", b"x</valor_total>"))
    assert result.error is not None
    assert result.error.code == "INVALID_VALUE"
    assert result.error.location.path == "/nfse/nf/valor_total"


def test_ipm_sniffing_takes_nothing_from_the_other_layouts() -> None:
    assert sniff(ipm_xml(_ipm())) is Kind.NFSE_IPM
    assert sniff(abrasf_xml(_abrasf())) is Kind.NFSE_ABRASF
    assert sniff(_ABRASF_1.encode()) is Kind.NFSE_ABRASF
    assert sniff(nfe_xml(random_nfe(random.Random(4)))) is Kind.NFE
    # An ABRASF note in a lower-case <nfse> wrapper stays ABRASF.
    assert sniff(b"<nfse>" + _abrasf_2("") + b"</nfse>") is Kind.NFSE_ABRASF
