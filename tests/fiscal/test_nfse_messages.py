"""Municipal messages that name notes without being notes: requests and receipts."""

from __future__ import annotations

from backend.ingest import Kind, parse_fiscal

_DSF_NS = "http://localhost:8080/WsNFe2/lote"


def _reference(number: int, extra: str = "") -> str:
    """A Nota record naming a note by provider, number and verification code only."""
    return (
        "<Nota><InscricaoMunicipalPrestador>000099210</InscricaoMunicipalPrestador>"
        f"<NumeroNota>{number}</NumeroNota>"
        f"<CodigoVerificacao>f4bfffea6f177a887e</CodigoVerificacao>{extra}</Nota>"
    )


def _dsf(root: str, body: str) -> bytes:
    header = (
        "<Cabecalho><CodCidade>6291</CodCidade><Sucesso>true</Sucesso>"
        "<CPFCNPJRemetente>56028251000139</CPFCNPJRemetente><Versao>1</Versao></Cabecalho>"
    )
    return f'<ns1:{root} xmlns:ns1="{_DSF_NS}">{header}{body}</ns1:{root}>'.encode()


def test_dsf_cancellation_receipt_is_not_a_note() -> None:
    notes = _reference(5) + _reference(6)
    data = _dsf("RetornoCancelamentoNFSe", f"<NotasCanceladas>{notes}</NotasCanceladas>")
    (result,) = parse_fiscal(data)
    assert result.kind is Kind.NFSE_DSF
    assert not result.records
    assert result.error is not None
    assert result.error.code == "UNSUPPORTED_LAYOUT"
    assert "<RetornoCancelamentoNFSe>" in result.error.message
    assert result.error.location.path == "/RetornoCancelamentoNFSe"


def test_dsf_requests_are_not_notes() -> None:
    cancel = "<Lote>" + _reference(7, "<MotivoCancelamento>x</MotivoCancelamento>") + "</Lote>"
    query = "<Lote><NotaConsulta>" + _reference(1) + "</NotaConsulta></Lote>"
    for root, body in (("ReqCancelamentoNFSe", cancel), ("ReqConsultaNFSeRPS", query)):
        (result,) = parse_fiscal(_dsf(root, body))
        assert not result.records
        assert result.error is not None
        assert result.error.code == "UNSUPPORTED_LAYOUT"


def test_dsf_refusal_carries_the_municipality_error() -> None:
    errors = (
        "<Alertas /><Erros><Erro><Codigo>1428</Codigo>"
        "<Descricao>Certificado Invalido.</Descricao></Erro></Erros>"
    )
    (result,) = parse_fiscal(_dsf("RetornoConsultaLote", errors))
    assert result.error is not None
    assert result.error.code == "MISSING_FIELD"
    assert "1428: Certificado Invalido." in result.error.message


def test_dsf_notes_beside_references_are_kept() -> None:
    note = (
        "<Nota><NumeroNota>9</NumeroNota><InscricaoMunicipalPrestador>1</InscricaoMunicipalPrestador>"
        "<DataEmissaoRPS>2010-02-23T00:00:00</DataEmissaoRPS><ValorTotal>100.00</ValorTotal></Nota>"
    )
    data = _dsf("RetornoConsultaNFSeRPS", f"<Notas>{note}{_reference(5)}</Notas>")
    (result,) = parse_fiscal(data)
    assert result.error is None
    assert [d.number for d in result.records] == ["9"]
