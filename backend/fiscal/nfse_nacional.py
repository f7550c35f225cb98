"""NFS-e Padrão Nacional (Sefin Nacional, layout 1.0x): NFSe/infNFSe with its DPS, or a bare
DPS (the taxpayer's declaration before the NFS-e number exists)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.ids import is_valid_national_nfse_key, strip_document
from backend.fiscal.model import (
    Address,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Party,
    Service,
    Status,
    Totals,
)
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.parties import document_of, nfe_address
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import TOTALS_TOLERANCE, to_date, to_datetime, to_decimal
from backend.fiscal.xmlwalk import Element, descendants_named, index, local_name, text

_ENVIRONMENTS = {"1": "production", "2": "homologation"}
# cStat of a generated NFS-e: 100 normal, 101 substitute, 102 court order, 103 "avulsa",
# 107 issued by a MEI (individual micro-entrepreneur) through the national issuer.
_GENERATED = frozenset({"100", "101", "102", "103", "107"})
# tpRetISSQN: 1 not withheld, 2 withheld by the taker, 3 withheld by the intermediary.
_WITHHELD = {"1": False, "2": True, "3": True}


def parse_nfse_nacional_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Every NFSe (or bare DPS) in the tree."""
    documents = [_nfse(nfse, check_signature) for nfse in descendants_named(root, "NFSe")]
    if not documents and local_name(root) == "DPS":
        documents.append(_dps_only(root, check_signature))
    if not documents:
        raise ParseError("MISSING_FIELD", "no NFSe or DPS element found", Location(path="/"))
    return documents


def _nfse(nfse: Element, check_signature: SignatureCheck) -> FiscalDocument:
    outer = index(nfse)
    inf = outer.get("infNFSe")
    if inf is None:
        raise ParseError(
            "MISSING_FIELD", "required element infNFSe is missing", Location(path="/NFSe")
        )
    fields = index(inf)
    path = "/NFSe/infNFSe"
    dps_element = fields.get("DPS")
    version = dps_element.get("versao") if dps_element is not None else None
    inf_dps = index(dps_element).get("infDPS")
    declared = _from_dps(inf_dps, version or "1.00")
    discounts = index(index(index(inf_dps).get("valores")).get("vDescCondIncond"))
    conditional = to_decimal(text(discounts, "vDescCond"), "/DPS/infDPS/valores/vDescCond")
    values = index(fields.get("valores"))
    key_text = inf.get("Id") or ""
    access_key = strip_document(key_text[3:]) if key_text.startswith("NFS") else None
    emit = fields.get("emit")
    # The NFS-e's own values (computed by the tax authority) win over the DPS's declaration.
    net = to_decimal(text(values, "vLiq"), f"{path}/valores/vLiq")
    iss = to_decimal(text(values, "vISSQN"), f"{path}/valores/vISSQN")
    withheld = to_decimal(text(values, "vTotalRet"), f"{path}/valores/vTotalRet")
    rate = to_decimal(text(values, "pAliqAplic"), f"{path}/valores/pAliqAplic")
    service = declared.service or Service()
    # The NFS-e is issued when the authority generates it (dhProc); dhEmi dates the DPS.
    issued_at = to_datetime(text(fields, "dhProc"), f"{path}/dhProc")
    return dataclasses.replace(
        declared,
        layout=f"nfse-nacional-{inf.get('versao') or nfse.get('versao') or '1.00'}",
        access_key=access_key,
        number=text(fields, "nNFSe"),
        issued_at=issued_at or declared.issued_at,
        emitter=_party(emit, "enderNac") if emit is not None else declared.emitter,
        totals=dataclasses.replace(
            declared.totals,
            total=declared.totals.total if net is None else net,
            iss=declared.totals.iss if iss is None else iss,
            withheld=declared.totals.withheld if withheld is None else withheld,
        ),
        environment=_ENVIRONMENTS.get(text(fields, "ambGer") or "") or declared.environment,
        status=Status.AUTHORIZED if text(fields, "cStat") in _GENERATED else Status.UNKNOWN,
        service=dataclasses.replace(
            service,
            description=service.description or text(fields, "xTribNac"),
            iss_rate=service.iss_rate if rate is None else rate,
            iss_amount=iss,
            municipality_code=text(fields, "cLocIncid") or service.municipality_code,
        ),
        signature=signature_status(outer.get("Signature"), inf, check_signature),
        warnings=(
            *declared.warnings,
            *_check_key(access_key),
            *_check_net(declared.totals, conditional, net, withheld),
        ),
    )


def _check_key(key: str | None) -> list[DocumentWarning]:
    """Like an NF-e's, a key with a wrong check digit or shape is kept and reported."""
    if key is None:
        return [DocumentWarning("ACCESS_KEY_MISSING", "the NFS-e has no key", "/NFSe/infNFSe/@Id")]
    if is_valid_national_nfse_key(key):
        return []
    return [
        DocumentWarning(
            "INVALID_ACCESS_KEY",
            f"NFS-e key {key} is not valid (check digit, length or characters)",
            "/NFSe/infNFSe/@Id",
        )
    ]


def _check_net(
    declared: Totals, conditional: Decimal | None, net: Decimal | None, withheld: Decimal | None
) -> list[DocumentWarning]:
    """vLiq = vServ - discounts - vTotalRet (which includes a withheld ISS). Issuers disagree
    on whether the conditional discount is deducted, so both readings are accepted."""
    if net is None or declared.services is None:
        return []
    expected = declared.services - (declared.discount or Decimal(0)) - (withheld or Decimal(0))
    with_conditional = expected + (conditional or Decimal(0))
    if min(abs(expected - net), abs(with_conditional - net)) <= TOTALS_TOLERANCE:
        return []
    return [
        DocumentWarning(
            "TOTALS_MISMATCH",
            f"vLiq is {net} but services minus discounts and withholdings is {expected}",
            "/NFSe/infNFSe/valores/vLiq",
        )
    ]


def _dps_only(dps: Element, check_signature: SignatureCheck) -> FiscalDocument:
    fields = index(dps)
    inf = fields.get("infDPS")
    if inf is None:
        raise ParseError(
            "MISSING_FIELD", "required element infDPS is missing", Location(path="/DPS")
        )
    document = _from_dps(inf, dps.get("versao") or "1.00")
    return dataclasses.replace(
        document,
        signature=signature_status(fields.get("Signature"), inf, check_signature),
        warnings=(
            *document.warnings,
            DocumentWarning(
                "NFSE_DPS_ONLY", "a DPS without its NFS-e: no NFS-e number yet", "/DPS"
            ),
        ),
    )


def _from_dps(inf_dps: Element | None, version: str) -> FiscalDocument:
    """The DPS part as a document; the NFS-e wrapper then adds number, key and final values."""
    path = "/DPS/infDPS"
    fields = index(inf_dps)
    if not fields:
        raise ParseError("MISSING_FIELD", "required element infDPS is missing", Location(path=path))
    serv = index(fields.get("serv"))
    cserv = index(serv.get("cServ"))
    values = index(fields.get("valores"))
    vpath = f"{path}/valores"
    services = to_decimal(text(index(values.get("vServPrest")), "vServ"), f"{vpath}/vServ")
    if services is None:
        raise ParseError(
            "MISSING_FIELD",
            "required field vServ is missing",
            Location(path=f"{vpath}/vServPrest/vServ"),
        )
    discounts = index(values.get("vDescCondIncond"))
    unconditional = to_decimal(text(discounts, "vDescIncond"), f"{vpath}/vDescIncond")
    conditional = to_decimal(text(discounts, "vDescCond"), f"{vpath}/vDescCond")
    # Both discounts reduce the amount due (only the unconditional one reduces the ISS base).
    discount = (
        None
        if unconditional is None and conditional is None
        else ((unconditional or Decimal(0)) + (conditional or Decimal(0)))
    )
    deductions = to_decimal(text(index(values.get("vDedRed")), "vDR"), f"{vpath}/vDedRed/vDR")
    trib = index(values.get("trib"))
    mun = index(trib.get("tribMun"))
    fed = index(trib.get("tribFed"))
    piscofins = index(fed.get("piscofins"))
    withholdings = withholding_taxes(
        {
            "inss": to_decimal(text(fed, "vRetCP"), f"{vpath}/trib/tribFed/vRetCP"),
            "irrf": to_decimal(text(fed, "vRetIRRF"), f"{vpath}/trib/tribFed/vRetIRRF"),
            "csll": to_decimal(text(fed, "vRetCSLL"), f"{vpath}/trib/tribFed/vRetCSLL"),
            "pis": to_decimal(text(piscofins, "vPis"), f"{vpath}/trib/tribFed/piscofins/vPis")
            if text(fed, "tpRetPisCofins") == "1"
            else None,
            "cofins": to_decimal(
                text(piscofins, "vCofins"), f"{vpath}/trib/tribFed/piscofins/vCofins"
            )
            if text(fed, "tpRetPisCofins") == "1"
            else None,
        }
    )
    iss_rate = to_decimal(text(mun, "pAliq"), f"{vpath}/trib/tribMun/pAliq")
    withheld_total = total_of(withholdings)
    net = services - (discount or Decimal(0)) - (withheld_total or Decimal(0))
    other = []
    interm = fields.get("interm")
    if interm is not None:
        other.append(("intermediary", _party(interm, "end")))
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout=f"nfse-nacional-dps-{version}",
        access_key=None,
        number=None,
        series=text(fields, "serie"),
        issued_at=to_datetime(text(fields, "dhEmi"), f"{path}/dhEmi"),
        emitter=_party(fields.get("prest"), "end"),
        receiver=_party(fields.get("toma"), "end") if "toma" in fields else None,
        other_parties=tuple(other),
        totals=Totals(
            total=net,
            services=services,
            discount=discount,
            deductions=deductions,
            withheld=withheld_total,
        ),
        environment=_ENVIRONMENTS.get(text(fields, "tpAmb") or ""),
        service=Service(
            national_code=text(cserv, "cTribNac"),
            municipal_code=text(cserv, "cTribMun"),
            description=text(cserv, "xDescServ"),
            iss_rate=iss_rate,
            iss_withheld=_WITHHELD.get(text(mun, "tpRetISSQN") or ""),
            municipality_code=text(index(serv.get("locPrest")), "cLocPrestacao"),
            competence=to_date(text(fields, "dCompet"), f"{path}/dCompet"),
            rps_number=text(fields, "nDPS"),
            rps_series=text(fields, "serie"),
            withholdings=withholdings,
        ),
    )


def _party(element: Element | None, address_tag: str) -> Party:
    fields = index(element)
    document, document_type = document_of(fields)
    address_element = fields.get(address_tag)
    address: Address | None = None
    if address_element is not None:
        address = nfe_address(address_element)
        national = index(address_element).get("endNac")
        if national is not None and address is not None:
            inner = nfe_address(national)
            address = Address(
                street=address.street,
                number=address.number,
                complement=address.complement,
                district=address.district,
                municipality_code=inner.municipality_code if inner else None,
                uf=address.uf,
                zip_code=inner.zip_code if inner else None,
            )
    return Party(
        document=document,
        document_type=document_type,
        name=text(fields, "xNome"),
        trade_name=text(fields, "xFant"),
        municipal_registration=text(fields, "IM"),
        address=address,
        email=text(fields, "email"),
        phone=text(fields, "fone"),
    )
