"""NFS-e ABRASF 1.0 and 2.0x (CompNfse/Nfse/InfNfse), with the variations municipalities ship:
values under Servico/Valores (1.0) or ValoresNfse + DeclaracaoPrestacaoServico (2.0x), taker
as TomadorServico or Tomador, documents as Cnpj/Cpf directly or inside CpfCnpj.

ABRASF date-times carry no UTC offset, so ``issued_at`` is naive here. ``Aliquota`` is kept
as written: some municipalities send a fraction (0.05), others a percentage (5.00).
"""

from __future__ import annotations

from decimal import Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.model import (
    Address,
    DocumentKind,
    FiscalDocument,
    Party,
    Service,
    Status,
    Totals,
)
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import to_date, to_datetime, to_decimal
from backend.fiscal.xmlwalk import Element, descendants_named, first_descendant, index, text

_ZERO = Decimal(0)


def parse_abrasf_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Every InfNfse in the tree (ListaNfse batches, CompNfse, SOAP responses)."""
    documents = []
    for position, inf in enumerate(_infs(root), 1):
        documents.append(_nfse(inf, f"/CompNfse[{position}]/Nfse/InfNfse", check_signature))
    if not documents:
        raise ParseError("MISSING_FIELD", "no InfNfse element found", Location(path="/"))
    return documents


def _infs(root: Element) -> list[Element]:
    return [*descendants_named(root, "InfNfse"), *descendants_named(root, "infNfse")]


def _nfse(inf: Element, path: str, check_signature: SignatureCheck) -> FiscalDocument:
    fields = index(inf)
    number = text(fields, "Numero")
    if number is None:
        raise ParseError("MISSING_FIELD", "required field Numero is missing", Location(path=path))
    declaration = first_descendant(inf, "InfDeclaracaoPrestacaoServico")
    scope = declaration if declaration is not None else inf
    service_element = first_descendant(scope, "Servico")
    service = index(service_element)
    # 2.0x: final values in ValoresNfse; declared values in Servico/Valores. 1.0: only Valores.
    final = index(fields.get("ValoresNfse"))
    declared = index(service.get("Valores"))

    def value(name: str) -> Decimal | None:
        found = text(final, name) or text(declared, name)
        return to_decimal(found, f"{path}/{name}")

    services = value("ValorServicos")
    if services is None:
        raise ParseError(
            "MISSING_FIELD",
            "required field ValorServicos is missing",
            Location(path=f"{path}/Servico/Valores/ValorServicos"),
        )
    withholdings = withholding_taxes(
        {
            "pis": value("ValorPis"),
            "cofins": value("ValorCofins"),
            "inss": value("ValorInss"),
            "irrf": value("ValorIr"),
            "csll": value("ValorCsll"),
            "other": value("OutrasRetencoes"),
        }
    )
    iss_withheld_code = text(declared, "IssRetido") or text(service, "IssRetido")
    iss_withheld = {"1": True, "2": False}.get(iss_withheld_code or "")
    iss = value("ValorIss")
    net = value("ValorLiquidoNfse")
    discount = value("DescontoIncondicionado")
    if net is None:
        net = services - (discount or _ZERO) - (total_of(withholdings) or _ZERO)
        if iss_withheld and iss is not None:
            net -= iss
    rps = index(first_descendant(scope, "IdentificacaoRps"))
    provider = fields.get("PrestadorServico")
    if provider is None:
        provider = first_descendant(scope, "Prestador")
    taker = first_descendant(scope, "TomadorServico")
    if taker is None:
        taker = first_descendant(scope, "Tomador")
    emitter = _party(provider)
    competence = text(fields, "Competencia") or text(index(declaration), "Competencia")
    nfse = inf.getparent()
    comp = nfse.getparent() if nfse is not None else None
    # CompNfse carries NfseCancelamento beside Nfse once the NFS-e is cancelled.
    cancelled = comp is not None and first_descendant(comp, "NfseCancelamento") is not None
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout="nfse-abrasf-2" if declaration is not None else "nfse-abrasf-1",
        access_key=None,
        number=number,
        series=text(rps, "Serie"),
        issued_at=to_datetime(text(fields, "DataEmissao"), f"{path}/DataEmissao"),
        emitter=emitter,
        receiver=_party(taker) if taker is not None else None,
        totals=Totals(
            total=net,
            services=services,
            discount=discount,
            deductions=value("ValorDeducoes"),
            iss=iss,
            withheld=total_of(withholdings),
        ),
        status=Status.CANCELLED if cancelled else Status.AUTHORIZED,
        service=Service(
            code=text(service, "ItemListaServico"),
            municipal_code=text(service, "CodigoTributacaoMunicipio"),
            description=text(service, "Discriminacao"),
            iss_rate=value("Aliquota"),
            iss_amount=iss,
            iss_withheld=iss_withheld,
            municipality_code=text(service, "CodigoMunicipio"),
            competence=to_date(competence, f"{path}/Competencia"),
            verification_code=text(fields, "CodigoVerificacao"),
            rps_number=text(rps, "Numero"),
            rps_series=text(rps, "Serie"),
            withholdings=withholdings,
        ),
        signature=signature_status(index(nfse).get("Signature"), inf, check_signature),
    )


def _party(element: Element | None) -> Party:
    if element is None:
        return Party()
    cnpj = first_descendant(element, "Cnpj")
    cpf = first_descendant(element, "Cpf")
    document, document_type = None, None
    if cnpj is not None and (cnpj.text or "").strip():
        document, document_type = (cnpj.text or "").strip().upper(), "cnpj"
    elif cpf is not None and (cpf.text or "").strip():
        document, document_type = (cpf.text or "").strip(), "cpf"
    fields = index(element)
    registration = first_descendant(element, "InscricaoMunicipal")
    contact = index(fields.get("Contato"))
    return Party(
        document=document,
        document_type=document_type,
        name=text(fields, "RazaoSocial"),
        trade_name=text(fields, "NomeFantasia"),
        municipal_registration=(registration.text or "").strip() or None
        if registration is not None
        else None,
        address=_address(fields.get("Endereco")),
        email=text(contact, "Email"),
        phone=text(contact, "Telefone"),
    )


def _address(element: Element | None) -> Address | None:
    if element is None:
        return None
    fields = index(element)
    return Address(
        street=text(fields, "Endereco"),
        number=text(fields, "Numero"),
        complement=text(fields, "Complemento"),
        district=text(fields, "Bairro"),
        municipality_code=text(fields, "CodigoMunicipio"),
        uf=text(fields, "Uf"),
        zip_code=text(fields, "Cep"),
    )
