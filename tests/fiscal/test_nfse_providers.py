"""NFS-e as municipal providers return it beyond the ABRASF schema: Publica's month-only
competence and withheld ISS, Betha v1's ComplNfse, substituted notes, RPS sent as cancelled,
and responses that hold no note. Each test builds its provider's XML here."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from backend.fiscal.model import Status
from backend.fiscal.testing.generators import GeneratedAbrasf, abrasf_xml, make_cnpj
from backend.ingest import Kind, parse_fiscal, sniff
from tests.fiscal.helpers import one_document

_PROVIDER = make_cnpj(random.Random(41))
_TAKER = make_cnpj(random.Random(42))


def _abrasf_1(
    *,
    root: str = "GerarNfseResposta",
    namespace: str = "http://www.publica.inf.br",
    comp: str = "CompNfse",
    competence: str = "2012-01",
    iss: str = "0.0",
    withheld_iss: str = "49.0",
    net: str | None = None,
    after_nfse: str = "",
    in_note: str = "",
) -> bytes:
    """An ABRASF 1.0 response as Publica (and, with ``comp="ComplNfse"``, Betha v1) sends
    it: 1000.00 of services, 10.00 of each federal withholding and of other withholdings,
    10.00 of each discount, ISS withheld (``IssRetido`` 1)."""
    net_tag = "" if net is None else f"<ValorLiquidoNfse>{net}</ValorLiquidoNfse>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{namespace}"><ListaNfse>'
        f"<{comp}><Nfse><InfNfse><Numero>201100000000093</Numero>"
        "<CodigoVerificacao>MDE5-MTUW</CodigoVerificacao>"
        "<DataEmissao>2012-01-17T16:13:31</DataEmissao><IdentificacaoRps><Numero>1</Numero>"
        "<Serie>TY</Serie><Tipo>1</Tipo></IdentificacaoRps>"
        f"<DataEmissaoRps>2012-01-15</DataEmissaoRps><Competencia>{competence}</Competencia>"
        f"{in_note}<Servico><Valores><ValorServicos>1000.0</ValorServicos>"
        "<ValorDeducoes>10.0</ValorDeducoes><ValorPis>10.0</ValorPis>"
        "<ValorCofins>10.0</ValorCofins><ValorInss>10.0</ValorInss><ValorIr>10.0</ValorIr>"
        f"<ValorCsll>10.0</ValorCsll><IssRetido>1</IssRetido><ValorIss>{iss}</ValorIss>"
        f"<ValorIssRetido>{withheld_iss}</ValorIssRetido><OutrasRetencoes>10.0</OutrasRetencoes>"
        f"<BaseCalculo>980.0</BaseCalculo><Aliquota>5.0</Aliquota>{net_tag}"
        "<DescontoIncondicionado>10.0</DescontoIncondicionado>"
        "<DescontoCondicionado>10.0</DescontoCondicionado></Valores>"
        "<ItemListaServico>1101</ItemListaServico><Discriminacao>Sistemas</Discriminacao>"
        "<CodigoMunicipio>4202404</CodigoMunicipio></Servico><PrestadorServico>"
        f"<IdentificacaoPrestador><Cnpj>{_PROVIDER}</Cnpj>"
        "<InscricaoMunicipal>56</InscricaoMunicipal></IdentificacaoPrestador>"
        "<RazaoSocial>Prestadora Ltda</RazaoSocial></PrestadorServico><TomadorServico>"
        f"<IdentificacaoTomador><CpfCnpj><Cnpj>{_TAKER}</Cnpj></CpfCnpj>"
        "</IdentificacaoTomador><RazaoSocial>Tomadora SA</RazaoSocial></TomadorServico>"
        f"</InfNfse></Nfse>{after_nfse}</{comp}></ListaNfse></{root}>"
    ).encode()


def test_publica_month_competence_and_iss_only_in_valor_iss_retido() -> None:
    document = one_document(_abrasf_1(net="871.0"), Kind.NFSE_ABRASF)
    assert document.layout == "nfse-abrasf-1"
    assert document.service is not None
    assert document.service.competence == date(2012, 1, 1)
    assert document.service.iss_withheld is True
    assert document.service.iss_amount == Decimal("49.0")
    assert document.totals.iss == Decimal("49.0")
    assert document.totals.total == Decimal("871.0")
    assert document.status is Status.AUTHORIZED


def test_withheld_iss_from_valor_iss_retido_enters_the_computed_net() -> None:
    # Without ValorLiquidoNfse: 1000 - 20 discounts - 60 withholdings - 49 withheld ISS.
    document = one_document(_abrasf_1(net=None), Kind.NFSE_ABRASF)
    assert document.totals.total == Decimal("871.0")
    assert document.warnings == ()


def test_zero_net_on_a_note_with_a_value_is_computed_with_a_warning() -> None:
    document = one_document(_abrasf_1(net="0"), Kind.NFSE_ABRASF)
    assert document.totals.total == Decimal("871.0")
    (warning,) = document.warnings
    assert warning.code == "TOTALS_MISMATCH"
    assert warning.path.endswith("/ValorLiquidoNfse")
    assert not one_document(_abrasf_1(net="871.0"), Kind.NFSE_ABRASF).warnings


def test_valor_iss_wins_when_present() -> None:
    document = one_document(
        _abrasf_1(iss="49.0", withheld_iss="49.0", net="871.0"), Kind.NFSE_ABRASF
    )
    assert document.totals.iss == Decimal("49.0")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2012-01", date(2012, 1, 1)),
        ("01/2012", date(2012, 1, 1)),
        ("2012-01-01T00:00:00", date(2012, 1, 1)),
        ("2012-02-15", date(2012, 2, 15)),
    ],
)
def test_competence_forms(written: str, expected: date) -> None:
    document = one_document(_abrasf_1(competence=written), Kind.NFSE_ABRASF)
    assert document.service is not None
    assert document.service.competence == expected


def test_impossible_month_competence_is_located() -> None:
    (result,) = parse_fiscal(_abrasf_1(competence="2012-13"))
    assert result.error is not None
    assert result.error.code == "INVALID_VALUE"
    assert result.error.location.path.endswith("/Competencia")


def test_betha_v1_compl_nfse_cancelled() -> None:
    cancellation = (
        "<NfseCancelamento><Confirmacao><Pedido><InfPedidoCancelamento>"
        "<CodigoCancelamento>1</CodigoCancelamento></InfPedidoCancelamento></Pedido>"
        "<DataHora>2012-01-20T10:00:00</DataHora></Confirmacao></NfseCancelamento>"
    )
    data = _abrasf_1(
        root="ConsultarNfseResposta",
        namespace="http://www.betha.com.br/e-nota-contribuinte-ws",
        comp="ComplNfse",
        after_nfse=cancellation,
    )
    assert sniff(data) is Kind.NFSE_ABRASF
    assert one_document(data, Kind.NFSE_ABRASF).status is Status.CANCELLED
    assert one_document(_abrasf_1(comp="ComplNfse"), Kind.NFSE_ABRASF).status is Status.AUTHORIZED


def test_substituted_note_is_cancelled_and_its_substitute_is_not() -> None:
    substitution = (
        "<NfseSubstituicao><SubstituicaoNfse><NfseSubstituidora>201100000000094"
        "</NfseSubstituidora></SubstituicaoNfse></NfseSubstituicao>"
    )
    assert (
        one_document(_abrasf_1(after_nfse=substitution), Kind.NFSE_ABRASF).status
        is Status.CANCELLED
    )
    substitute = _abrasf_1(in_note="<NfseSubstituida>201100000000092</NfseSubstituida>")
    assert one_document(substitute, Kind.NFSE_ABRASF).status is Status.AUTHORIZED


def test_rps_sent_as_cancelled_gives_a_cancelled_note() -> None:
    note = GeneratedAbrasf(
        number=18,
        provider_cnpj=_PROVIDER,
        taker_cpf="52998224725",
        services=Decimal("10.00"),
        iss_rate=Decimal("2.00"),
        iss_withheld=False,
    )
    data = abrasf_xml(note).replace(b"<Status>1</Status>", b"<Status>2</Status>")
    assert one_document(data, Kind.NFSE_ABRASF).status is Status.CANCELLED
    assert one_document(abrasf_xml(note), Kind.NFSE_ABRASF).status is Status.AUTHORIZED


def test_response_without_a_note_quotes_the_provider() -> None:
    data = (
        b'<ConsultarNfseRpsResposta xmlns="http://www.abrasf.org.br/nfse.xsd">'
        b"<ListaMensagemRetorno><MensagemRetorno><Codigo>E10</Codigo>"
        b"<Mensagem>RPS ja informado.</Mensagem><Correcao>Envie outro numero</Correcao>"
        b"</MensagemRetorno></ListaMensagemRetorno></ConsultarNfseRpsResposta>"
    )
    (result,) = parse_fiscal(data)
    assert result.error is not None
    assert result.error.code == "MISSING_FIELD"
    assert "<ConsultarNfseRpsResposta>" in result.error.message
    assert "E10 - RPS ja informado. - Envie outro numero" in result.error.message


def test_soap_answer_without_a_note_names_the_message_inside() -> None:
    data = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b'<CancelarNfseResposta xmlns="http://www.abrasf.org.br/nfse.xsd"><RetCancelamento>'
        b"<NfseCancelamento><Confirmacao><DataHora>2026-09-02T10:00:00</DataHora>"
        b"</Confirmacao></NfseCancelamento></RetCancelamento></CancelarNfseResposta>"
        b"</soap:Body></soap:Envelope>"
    )
    (result,) = parse_fiscal(data)
    assert result.error is not None
    assert result.error.code == "MISSING_FIELD"
    assert "<CancelarNfseResposta>" in result.error.message
