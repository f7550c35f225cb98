"""CT-e (model 57) layouts 3.00 and 4.00: cteProc (CTe + protCTe, possibly with a registered
cancellation) or a bare CTe; CT-e OS (model 67, cteOSProc/CTeOS) and CT-e Simplificado
(cteSimpProc/CTeSimp: one ``det`` per delivery, totals in infCte/total). The receiver in the
canonical model is the payer (tomador), because that is who settles the freight; sender and
recipient are kept as other parties. The freight invoice's duplicatas (cobr/dup) are the
installments."""

from __future__ import annotations

from backend.core.errors import Location, ParseError
from backend.fiscal.keycheck import check_key, checked_key, key_from_id
from backend.fiscal.model import (
    Billing,
    DocumentKind,
    FiscalDocument,
    Installment,
    Party,
    Reference,
    Status,
    Tax,
    Totals,
)
from backend.fiscal.parties import nfe_party
from backend.fiscal.protocols import is_registered_cancellation, parse_protocol, status_from_code
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import to_date, to_datetime, to_decimal
from backend.fiscal.xmlwalk import (
    Element,
    Fields,
    descendants_named,
    index,
    local_name,
    require,
    require_text,
    text,
)

_ENVIRONMENTS = {"1": "production", "2": "homologation"}
# toma3/toma4 code -> the party that pays: 0 sender, 1 shipper, 2 receiver, 3 recipient.
_PAYER_ROLES = {"0": "sender", "1": "shipper", "2": "receiving_agent", "3": "recipient"}
_PARTY_TAGS = (
    ("rem", "enderReme", "sender"),
    ("exped", "enderExped", "shipper"),
    ("receb", "enderReceb", "receiving_agent"),
    ("dest", "enderDest", "recipient"),
)
# Authorized files (CT-e + protocol) and the documents they wrap, per layout.
_PROC_ROOTS = frozenset({"cteProc", "cteOSProc", "cteSimpProc"})
_DOCUMENT_TAGS = ("CTe", "CTeOS", "CTeSimp")


def parse_cte_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Parse every CT-e (model 57), CT-e OS (model 67) or CT-e Simplificado in a tree rooted
    at their authorized files (cteProc, cteOSProc, cteSimpProc), the bare documents or a
    wrapper."""
    name = local_name(root)
    if name in _PROC_ROOTS:
        fields = index(root)
        cte = next((fields.get(tag) for tag in _DOCUMENT_TAGS if tag in fields), None)
        cte = require(cte, "CTe", f"/{name}")
        cancelled = any(
            is_registered_cancellation(r) for r in descendants_named(root, "retEventoCTe")
        )
        return [_parse(cte, fields.get("protCTe"), cancelled, check_signature)]
    documents = [
        _parse(cte, None, False, check_signature)
        for tag in _DOCUMENT_TAGS
        for cte in descendants_named(root, tag)
    ]
    if not documents:
        raise ParseError("MISSING_FIELD", "no CTe element found", Location(path=f"/{name}"))
    return documents


def _parse(
    cte: Element, prot: Element | None, cancelled: bool, check_signature: SignatureCheck
) -> FiscalDocument:
    outer = index(cte)
    inf = require(outer.get("infCte"), "infCte", "/CTe")
    fields = index(inf)
    path = "/CTe/infCte"
    ide = index(require(fields.get("ide"), "ide", path))
    issued_at = to_datetime(text(ide, "dhEmi"), f"{path}/ide/dhEmi")
    number = require_text(ide, "nCT", f"{path}/ide")
    series = text(ide, "serie")
    emitter = nfe_party(fields.get("emit"), "enderEmit")
    if emitter is None:
        raise ParseError("MISSING_FIELD", "required element emit is missing", Location(path=path))
    key = checked_key(key_from_id(inf.get("Id")))
    warnings = check_key(
        key,
        uf_code=text(ide, "cUF"),
        issued_at=issued_at,
        issuer=emitter.document,
        model=text(ide, "mod"),
        series=series,
        number=number,
        emission_type=text(ide, "tpEmis"),
        code=text(ide, "cCT"),
        path=f"{path}/@Id",
    )
    parties: dict[str, Party] = {}
    for tag, address_tag, role in _PARTY_TAGS:
        party = nfe_party(fields.get(tag), address_tag)
        if party is not None:
            parties[role] = party
    # CT-e OS names its payer in infCte/toma; CT-e in ide/toma3 or ide/toma4.
    service_payer = nfe_party(fields.get("toma"), "enderToma")
    if service_payer is not None:
        parties["payer"] = service_payer
    payer = service_payer or _payer(ide, parties)
    # CT-e Simplificado totals its deliveries in infCte/total (vTPrest, vTRec).
    totals_tag = "vPrest" if "vPrest" in fields or "total" not in fields else "total"
    prest = index(require(fields.get(totals_tag), "vPrest", path))
    total = to_decimal(text(prest, "vTPrest"), f"{path}/{totals_tag}/vTPrest")
    if total is None:
        raise ParseError(
            "MISSING_FIELD",
            "required field vTPrest is missing",
            Location(path=f"{path}/{totals_tag}/vTPrest"),
        )
    received = text(prest, "vRec") or text(prest, "vTRec")
    icms = _icms(fields.get("imp"), f"{path}/imp/ICMS")
    protocol = parse_protocol(prot, "/cteProc/protCTe")
    if cancelled:
        status = Status.CANCELLED
    else:
        status = status_from_code(protocol.status_code) if protocol else Status.UNKNOWN
    # infDoc/infNFe/chave in CT-e; det/infNFe/chNFe in CT-e Simplificado.
    references = tuple(
        Reference(kind="nfe", access_key=key_text)
        for tag in ("chave", "chNFe")
        for element in descendants_named(inf, tag)
        if (key_text := (element.text or "").strip())
    )
    cobr = next(descendants_named(inf, "cobr"), None)
    return FiscalDocument(
        kind=DocumentKind.CTE,
        layout=f"cte-{inf.get('versao') or '4.00'}",
        access_key=key,
        number=number,
        series=series,
        issued_at=issued_at,
        emitter=emitter,
        receiver=payer,
        other_parties=tuple(parties.items()),
        totals=Totals(
            total=total,
            services=to_decimal(received, f"{path}/{totals_tag}/vRec"),
            icms_base=icms.base if icms else None,
            icms=icms.amount if icms else None,
        ),
        model=text(ide, "mod"),
        operation_nature=text(ide, "natOp"),
        environment=_ENVIRONMENTS.get(text(ide, "tpAmb") or ""),
        status=status,
        references=references,
        billing=_billing(cobr, path) if cobr is not None else None,
        installments=_installments(cobr, path) if cobr is not None else (),
        protocol=protocol,
        additional_info=text(index(fields.get("compl")), "xObs"),
        signature=signature_status(outer.get("Signature"), inf, check_signature),
        warnings=tuple(warnings),
    )


def _billing(cobr: Element, path: str) -> Billing | None:
    fat = index(cobr).get("fat")
    if fat is None:
        return None
    fields = index(fat)
    return Billing(
        number=text(fields, "nFat"),
        original=to_decimal(text(fields, "vOrig"), f"{path}/cobr/fat/vOrig"),
        discount=to_decimal(text(fields, "vDesc"), f"{path}/cobr/fat/vDesc"),
        net=to_decimal(text(fields, "vLiq"), f"{path}/cobr/fat/vLiq"),
    )


def _installments(cobr: Element, path: str) -> tuple[Installment, ...]:
    result = []
    for position, dup in enumerate(descendants_named(cobr, "dup"), 1):
        fields = index(dup)
        dup_path = f"{path}/cobr/dup[{position}]"
        amount = to_decimal(text(fields, "vDup"), f"{dup_path}/vDup")
        if amount is None:
            raise ParseError("MISSING_FIELD", "installment without vDup", Location(path=dup_path))
        due_date = to_date(text(fields, "dVenc"), f"{dup_path}/dVenc")
        result.append(Installment(text(fields, "nDup"), due_date, amount))
    return tuple(result)


def _payer(ide: Fields, parties: dict[str, Party]) -> Party | None:
    toma3 = ide.get("toma3")
    if toma3 is None:
        toma3 = ide.get("toma03")
    if toma3 is not None:
        return parties.get(_PAYER_ROLES.get(text(index(toma3), "toma") or "", ""))
    toma4 = ide.get("toma4")
    if toma4 is None:
        toma4 = ide.get("toma04")
    if toma4 is not None:
        payer = nfe_party(toma4, "enderToma")
        if payer is not None:
            parties["payer"] = payer
        return payer
    return None


def _icms(imp: Element | None, path: str) -> Tax | None:
    icms = index(imp).get("ICMS")
    if icms is None or not len(icms):
        return None
    group = icms[0]
    name = local_name(group)
    fields = index(group)
    return Tax(
        kind="icms",
        group=name,
        cst=text(fields, "CST"),
        base=to_decimal(text(fields, "vBC"), f"{path}/{name}/vBC"),
        rate=to_decimal(text(fields, "pICMS"), f"{path}/{name}/pICMS"),
        amount=to_decimal(text(fields, "vICMS"), f"{path}/{name}/vICMS"),
    )
