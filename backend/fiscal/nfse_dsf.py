"""NFS-e of the DSF layout (Campinas, Belém, Sorocaba, ... : RetornoConsultaNFSeRPS/Nota and
the RetornoConsultaLote/ConsultaNFSe summary).

DSF records name the provider by municipal registration only; the CNPJ comes from the
message header (CPFCNPJRemetente), with a warning saying so. Values in the federal fields are
withholdings; TipoRecolhimento R means the ISS is withheld by the taker. City codes are SIAFI
codes, not IBGE, and date-times carry no offset.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.model import (
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Item,
    Party,
    Service,
    Status,
    Totals,
)
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.parties import typed_document
from backend.fiscal.values import to_datetime, to_decimal
from backend.fiscal.xmlwalk import (
    Element,
    Fields,
    children_named,
    descendants_named,
    index,
    local_name,
    text,
)

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
# The children that make a record a note rather than a reference to one.
_NOTE_FIELDS = ("ValorTotal", "Itens")


def parse_dsf_tree(root: Element) -> list[FiscalDocument]:
    """Every Nota or ConsultaNFSe record in a DSF response."""
    header = index(next(descendants_named(root, "Cabecalho"), None))
    sender = text(header, "CPFCNPJRemetente")
    records = [*descendants_named(root, "Nota"), *descendants_named(root, "ConsultaNFSe")]
    # Requests (ReqCancelamentoNFSe, ReqConsultaNFSeRPS) and cancellation receipts
    # (RetornoCancelamentoNFSe) hold Nota records too, which only name a note by provider,
    # number and verification code: a note is a record that carries its amounts.
    notes = [fields for fields in map(index, records) if _is_note(fields)]
    if not notes:
        raise _no_note(root, references=bool(records))
    return [_record(fields, sender, f"/Nota[{n}]") for n, fields in enumerate(notes, 1)]


def _no_note(root: Element, *, references: bool) -> ParseError:
    """The error for a DSF message without notes, with the municipality's own error."""
    name = local_name(root)
    if references:
        code = "UNSUPPORTED_LAYOUT"
        message = (
            f"the DSF message <{name}> only refers to notes by number "
            "(a request or a cancellation receipt); it carries no note"
        )
    else:
        code, message = "MISSING_FIELD", f"the DSF message <{name}> carries no Nota record"
    error = index(next(descendants_named(root, "Erro"), None))
    if error:
        message += (
            f" (the municipality answered {text(error, 'Codigo')}: {text(error, 'Descricao')})"
        )
    return ParseError(code, message, Location(path=f"/{name}"))


def _is_note(fields: Fields) -> bool:
    return any(name in fields for name in _NOTE_FIELDS)


def _record(fields: Fields, sender: str | None, path: str) -> FiscalDocument:
    number = text(fields, "NumeroNota") or text(fields, "NumeroNFe")
    if number is None:
        raise ParseError("MISSING_FIELD", "the record has no number", Location(path=path))
    items = tuple(
        Item(
            number=position,
            description=text(item, "DiscriminacaoServico"),
            quantity=to_decimal(text(item, "Quantidade"), f"{path}/Itens/Item/Quantidade"),
            unit_price=to_decimal(text(item, "ValorUnitario"), f"{path}/Itens/Item/ValorUnitario"),
            total=to_decimal(text(item, "ValorTotal"), f"{path}/Itens/Item/ValorTotal"),
        )
        for position, item in enumerate(
            (index(i) for i in children_named(fields.get("Itens"), "Item")), 1
        )
    )
    services = to_decimal(text(fields, "ValorTotal"), f"{path}/ValorTotal")
    if services is None:
        services = sum((item.total or _ZERO for item in items), _ZERO)
    deductions = to_decimal(text(fields, "ValorDeduzir"), f"{path}/ValorDeduzir")
    rate = to_decimal(
        text(fields, "AliquotaAtividade") or text(fields, "Aliquota"), f"{path}/Aliquota"
    )
    iss = None
    if rate is not None:
        iss = ((services - (deductions or _ZERO)) * rate / _HUNDRED).quantize(_CENT, ROUND_HALF_UP)
    withheld_iss = text(fields, "TipoRecolhimento") == "R"
    withholdings = withholding_taxes(
        {
            kind: to_decimal(text(fields, tag), f"{path}/{tag}")
            for kind, tag in (
                ("pis", "ValorPIS"),
                ("cofins", "ValorCOFINS"),
                ("inss", "ValorINSS"),
                ("irrf", "ValorIR"),
                ("csll", "ValorCSLL"),
            )
        }
    )
    net = services - (total_of(withholdings) or _ZERO) - (iss if withheld_iss and iss else _ZERO)
    provider_document = text(fields, "CPFCNPJPrestador") or sender
    warnings = []
    if text(fields, "CPFCNPJPrestador") is None and sender is not None:
        warnings.append(
            DocumentWarning(
                "EMITTER_INFERRED",
                "the provider's CNPJ was taken from the message header (CPFCNPJRemetente)",
                "/Cabecalho/CPFCNPJRemetente",
            )
        )
    provider_document, provider_type = typed_document(provider_document)
    taker, taker_type = typed_document(text(fields, "CPFCNPJTomador"))
    issued = text(fields, "DataEmissao") or text(fields, "DataEmissaoRPS")
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout="nfse-dsf",
        access_key=None,
        number=number,
        series=text(fields, "SeriePrestacao") or text(fields, "SerieRPS"),
        issued_at=to_datetime(issued, f"{path}/DataEmissaoRPS"),
        emitter=Party(
            document=provider_document,
            document_type=provider_type,
            name=text(fields, "RazaoSocialPrestador"),
            municipal_registration=text(fields, "InscricaoMunicipalPrestador")
            or text(fields, "InscricaoPrestador"),
        ),
        receiver=Party(
            document=taker,
            document_type=taker_type,
            name=text(fields, "RazaoSocialTomador"),
            email=text(fields, "EmailTomador"),
        )
        if taker or text(fields, "RazaoSocialTomador")
        else None,
        totals=Totals(
            total=net,
            services=services,
            deductions=deductions,
            iss=iss,
            withheld=total_of(withholdings),
        ),
        status=Status.CANCELLED if text(fields, "SituacaoRPS") == "C" else Status.AUTHORIZED,
        items=items,
        service=Service(
            code=text(fields, "CodigoAtividade"),
            iss_rate=rate,
            iss_amount=iss,
            iss_withheld=withheld_iss,
            municipality_code=text(fields, "MunicipioPrestacao"),
            verification_code=text(fields, "CodigoVerificacao"),
            rps_number=text(fields, "NumeroRPS"),
            rps_series=text(fields, "SerieRPS"),
            withholdings=withholdings,
        ),
        warnings=tuple(warnings),
    )
