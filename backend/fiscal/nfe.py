"""NF-e (model 55) and NFC-e (model 65), layouts 3.10 and 4.00, including the 2026 tax
reform groups (IBSCBS, IS, IBSCBSTot, ISTot).

Accepts nfeProc (NFe + protNFe, possibly with retEvento), a bare NFe, and enviNFe batches.

This is the hot path of bulk ingestion, so it is written for speed (docs/fiscal.md,
"Performance"): every group is read in one pass over its children into a dict keyed by
the child's qualified (Clark) tag, built in C by ``dict(map(TAG_TEXT, group))``, and
fields are looked up with tags precomputed once per namespace (``_Tags``), so no ``{ns}``
string is built and no XPath/find runs per field. Items, by far the bulk of a document,
dispatch their tax groups through a dict. Decimals are built straight from the text; only
when that fails is the document read again with the lenient converters of ``values``
(``1.234,56``, blank values) and exact error paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from lxml import etree

from backend.core.errors import Location, ParseError
from backend.fiscal.keycheck import check_key, checked_key, key_from_id
from backend.fiscal.model import (
    CONFIDENCE_XML,
    Billing,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Installment,
    Item,
    Party,
    Payment,
    Protocol,
    Reference,
    SignatureStatus,
    Status,
    Tax,
    Totals,
    Transport,
    new_address,
    new_fiscal_document,
    new_item,
    new_party,
    new_tax,
    new_totals,
)
from backend.fiscal.nfe_reform import ReformTags, check_reform_totals, read_ibs_cbs
from backend.fiscal.parties import DOCUMENT_FIELDS, document_of
from backend.fiscal.protocols import is_registered_cancellation, parse_protocol, status_from_code
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import (
    TOTALS_TOLERANCE,
    DecimalCache,
    DecimalReader,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
)
from backend.fiscal.xmlwalk import (
    TAG_TEXT,
    Element,
    Texts,
    children_named,
    clean,
    descendants_named,
    index,
    local_name,
    require,
    text,
)

_ENVIRONMENTS = {"1": "production", "2": "homologation"}
_OPERATION_TYPES = {"0": "entry", "1": "exit"}
_KINDS = {"55": DocumentKind.NFE, "65": DocumentKind.NFCE}
_ZERO = Decimal(0)

# The fast path's numbers: see values.DecimalCache.
_DECIMALS = DecimalCache()
# First letters of the numeric NF-e fields (vProd, pICMS, qCom, pesoB): error paths look
# for a bad number among these first.
_NUMERIC_INITIALS = frozenset("vpq")

# Field lists of the groups read on every document or item; _Tags qualifies them once per
# namespace.
_IDE = (
    "cUF", "cNF", "natOp", "mod", "serie", "nNF", "dhEmi", "dEmi", "dhSaiEnt", "dSaiEnt",
    "tpNF", "tpEmis", "tpAmb", "finNFe",
)  # fmt: skip
_PROD = (
    "cProd", "cEAN", "xProd", "NCM", "CEST", "CFOP", "uCom", "qCom", "vUnCom", "vProd", "vDesc",
)  # fmt: skip
_ICMS = (
    "CST", "CSOSN", "orig", "vBC", "pICMS", "vICMS", "vICMSST", "vBCST", "pICMSST", "vFCP",
    "vBCFCP", "pFCP",
)  # fmt: skip
_ICMS_TOT = (
    "vNF", "vProd", "vDesc", "vFrete", "vSeg", "vOutro", "vBC", "vICMS", "vST", "vFCP", "vIPI",
    "vII", "vPIS", "vCOFINS", "vTotTrib", "vFCPST", "vIPIDevol", "vICMSDeson",
)  # fmt: skip
# Party fields after the document, in Party's order, then the address in Address's order
# (with the phone that some emitters put in the address).
_PARTY = ("xNome", "xFant", "IE", "IM", "email", "fone")
_ADDRESS = (
    "xLgr", "nro", "xCpl", "xBairro", "cMun", "xMun", "UF", "CEP", "cPais", "xPais", "fone",
)  # fmt: skip
_CARD = ("CNPJ", "tBand", "cAut")
# IPI, PIS, COFINS and their ST groups: (kind, rate field, amount field).
_SIMPLE_TAXES = {
    "IPI": ("ipi", "pIPI", "vIPI"),
    "PIS": ("pis", "pPIS", "vPIS"),
    "COFINS": ("cofins", "pCOFINS", "vCOFINS"),
    "PISST": ("pisst", "pPIS", "vPIS"),
    "COFINSST": ("cofinsst", "pCOFINS", "vCOFINS"),
}
# Groups repeated under one parent: error paths number them (det[3]) like XPath does.
_REPEATED = frozenset({"det", "dup", "detPag", "pag", "vol", "NFref"})


class _Tags:
    """The qualified tags of the NF-e fields for one namespace ("{uri}" or "" for none).

    The schema puts the whole NF-e in one namespace, so a group's children share the
    namespace of infNFe; the dispatch tables are built once per namespace and cached.
    """

    __slots__ = (
        "address_fields",
        "card",
        "card_fields",
        "cobr",
        "cpf_cnpj",
        "cst",
        "dest",
        "det",
        "det_pag",
        "documents",
        "dup",
        "dup_fields",
        "emit",
        "ender_dest",
        "ender_emit",
        "fat",
        "fat_fields",
        "g_cbs",
        "g_ibs",
        "groups",
        "ibs_cbs_tot",
        "icms_fields",
        "icms_tot",
        "icms_tot_fields",
        "ide",
        "ide_fields",
        "ii",
        "imposto",
        "inf_adic",
        "inf_adic_fields",
        "is_fields",
        "is_tot",
        "issqn",
        "issqn_tot",
        "nfref",
        "ns",
        "pag",
        "pag_fields",
        "party_fields",
        "prod",
        "prod_fields",
        "reform",
        "ret_trib",
        "simple",
        "taxes",
        "total",
        "transp",
        "transp_fields",
        "transporta",
        "v_bc",
        "v_cbs",
        "v_ibs",
        "v_is",
        "v_iss",
        "v_serv",
        "veic_transp",
        "vnf_tot",
        "vol",
        "vol_fields",
    )  # fmt: skip

    def __init__(self, ns: str) -> None:
        def q(*names: str) -> tuple[str, ...]:
            return tuple(ns + name for name in names)

        self.ns = ns
        (
            self.ide, self.emit, self.dest, self.det, self.total, self.transp, self.cobr,
            self.pag, self.inf_adic, self.prod, self.imposto, self.nfref,
        ) = q(
            "ide", "emit", "dest", "det", "total", "transp", "cobr", "pag", "infAdic", "prod",
            "imposto", "NFref",
        )  # fmt: skip
        self.groups = (
            self.ide,
            self.emit,
            self.dest,
            self.total,
            self.transp,
            self.cobr,
            self.inf_adic,
        )
        self.ide_fields = q(*_IDE)
        self.prod_fields = q(*_PROD)
        self.icms_fields = q(*_ICMS)
        self.icms_tot, self.issqn_tot, self.ret_trib, self.ibs_cbs_tot, self.is_tot = q(
            "ICMSTot", "ISSQNtot", "retTrib", "IBSCBSTot", "ISTot"
        )
        self.icms_tot_fields = q(*_ICMS_TOT)
        self.vnf_tot, self.v_serv, self.v_iss, self.g_ibs, self.v_ibs = q(
            "vNFTot", "vServ", "vISS", "gIBS", "vIBS"
        )
        self.g_cbs, self.v_cbs, self.v_is, self.cst, self.v_bc = q(
            "gCBS", "vCBS", "vIS", "CST", "vBC"
        )
        self.ii = q("vBC", "vII")
        self.issqn = q("vBC", "vAliq", "vISSQN")
        self.is_fields = q("CSTIS", "vBCIS", "pIS", "vIS", "cClassTribIS")
        self.reform = ReformTags(ns)
        self.simple = {
            ns + name: (kind, name, ns + rate, ns + amount)
            for name, (kind, rate, amount) in _SIMPLE_TAXES.items()
        }
        self.taxes: dict[object, str] = {
            ns + name: name for name in ("ICMS", *_SIMPLE_TAXES, "II", "ISSQN", "IS", "IBSCBS")
        }
        self.documents = tuple((ns + name, kind) for name, kind in DOCUMENT_FIELDS)
        self.cpf_cnpj, self.ender_emit, self.ender_dest = q("CpfCnpj", "enderEmit", "enderDest")
        self.party_fields = q(*_PARTY)
        self.address_fields = q(*_ADDRESS)
        self.transp_fields = q("modFrete")
        self.transporta, self.veic_transp, self.vol = q("transporta", "veicTransp", "vol")
        self.vol_fields = q("qVol", "pesoB", "pesoL")
        self.fat, self.dup, self.det_pag, self.card = q("fat", "dup", "detPag", "card")
        self.fat_fields = q("nFat", "vOrig", "vDesc", "vLiq")
        self.dup_fields = q("nDup", "dVenc", "vDup")
        self.pag_fields = q("tPag", "vPag", "indPag", "xPag")
        self.card_fields = q(*_CARD)
        self.inf_adic_fields = q("infCpl", "infAdFisco")


_TAGS: dict[str, _Tags] = {}


def _tags_for(element: Element) -> _Tags:
    tag = element.tag
    ns = tag[: tag.find("}") + 1] if isinstance(tag, str) and tag[:1] == "{" else ""
    tags = _TAGS.get(ns)
    if tags is None:
        tags = _Tags(ns)
        # Namespaces come from the input: keep a hostile stream from growing the cache.
        if len(_TAGS) < 16:
            _TAGS[ns] = tags
    return tags


def parse_nfe_tree(
    root: Element, *, check_signature: SignatureCheck = "full", source: bytes | None = None
) -> list[FiscalDocument]:
    """Parse every NF-e/NFC-e in a tree rooted at nfeProc, NFe, enviNFe or a wrapper.

    ``source``, the exact bytes the tree was parsed from
    (``backend.ingest.safe_xml.parse_xml_source``), lets the signature check hash a
    signed element's own bytes instead of canonicalising it; results are the same.
    """
    name = local_name(root)
    if name == "nfeProc":
        fields = index(root)
        nfe = require(fields.get("NFe"), "NFe", "/nfeProc")
        # Cancellation receipts sit beside protNFe, directly or inside procEventoNFe.
        cancelled = any(
            is_registered_cancellation(result)
            for child in root
            if local_name(child) in ("retEvento", "procEventoNFe")
            for result in (
                [child] if local_name(child) == "retEvento" else children_named(child, "retEvento")
            )
        )
        return [_parse_nfe(nfe, fields.get("protNFe"), cancelled, check_signature, source)]
    if name == "NFe":
        return [_parse_nfe(root, None, False, check_signature, source)]
    documents = [
        _parse_nfe(nfe, None, False, check_signature, source)
        for nfe in descendants_named(root, "NFe")
    ]
    if not documents:
        raise ParseError("MISSING_FIELD", "no NFe element found", Location(path=f"/{name}"))
    return documents


def _parse_nfe(
    nfe: Element,
    prot: Element | None,
    cancelled: bool,
    check_signature: SignatureCheck,
    source: bytes | None,
) -> FiscalDocument:
    nfe_fields = index(nfe)
    inf = require(nfe_fields.get("infNFe"), "infNFe", "/NFe")
    signature = signature_status(nfe_fields.get("Signature"), inf, check_signature, source)
    try:
        return _document(inf, prot, cancelled, signature, _DECIMALS.__getitem__)
    except InvalidOperation:
        # A number the fast path does not take: read again with the lenient converter,
        # which accepts "1.234,56" and blank values and names the path of a bad value.
        return _document(inf, prot, cancelled, signature, _LenientDecimal(inf))


class _LenientDecimal:
    """``values.to_decimal``, with the path of a bad value found in the tree: the slow
    path, only taken for documents the fast one (``_DECIMALS``) refuses."""

    def __init__(self, inf: Element) -> None:
        self._inf = inf

    def __call__(self, value: str | None) -> Decimal | None:
        try:
            return to_decimal(value, "")
        except ParseError:
            # Raises the same error again, now naming where the value is.
            return to_decimal(value, _path_of(self._inf, value))


def _path_of(inf: Element, value: str | None) -> str:
    """Where the first numeric-looking element (vProd, pICMS, qCom...) with text ``value``
    is, as /NFe/infNFe/det[2]/prod/vProd; any element with that text if none is."""
    found = None
    for element in inf.iter(etree.Element):
        if element.text == value and not len(element):
            if local_name(element)[:1] in _NUMERIC_INITIALS:
                found = element
                break
            if found is None:
                found = element
    if found is None:
        return "/NFe/infNFe"
    steps = []
    node: Element | None = found
    while node is not None:
        step = local_name(node)
        parent = node.getparent()
        if step in _REPEATED and parent is not None:
            position = list(parent.iterchildren(node.tag)).index(node) + 1
            step = f"{step}[{position}]"
        steps.append(step)
        node = None if step == "NFe" else parent
    return "/" + "/".join(reversed(steps))


def _document(
    inf: Element,
    prot: Element | None,
    cancelled: bool,
    signature: SignatureStatus,
    dec: DecimalReader,
) -> FiscalDocument:
    t = _tags_for(inf)
    # Filtered in C: the many det (and autXML, pag...) children get no Python proxy here.
    groups: dict[object, Element] = {child.tag: child for child in inf.iterchildren(*t.groups)}
    ide_element = groups.get(t.ide)
    if ide_element is None:
        raise ParseError(
            "MISSING_FIELD", "required element ide is missing", Location(path="/NFe/infNFe")
        )
    ide: Texts = dict(map(TAG_TEXT, ide_element))
    (
        uf_code, code, nature, model, series, number, issued, issued_date, exit_, exit_date,
        operation_type, emission_type, environment, purpose,
    ) = [(v and v.strip()) or None for v in map(ide.get, t.ide_fields)]  # fmt: skip
    if model is None:
        raise _missing("mod", "/NFe/infNFe/ide/mod")
    kind = _KINDS.get(model)
    if kind is None:
        raise ParseError(
            "UNSUPPORTED_LAYOUT",
            f"NF-e model {model} is not supported (expected 55 or 65)",
            Location(path="/NFe/infNFe/ide/mod"),
        )
    if number is None:
        raise _missing("nNF", "/NFe/infNFe/ide/nNF")
    issued_at = to_datetime(issued or issued_date, "/NFe/infNFe/ide/dhEmi")
    emitter = _party(groups.get(t.emit), t, t.ender_emit)
    if emitter is None:
        raise ParseError(
            "MISSING_FIELD", "required element emit is missing", Location(path="/NFe/infNFe")
        )
    access_key = checked_key(key_from_id(inf.get("Id")))
    if inf.get("versao", "").startswith("1."):
        # Keys of layout 1.10 had no tpEmis and a nine-digit cNF in those positions.
        emission_type = code = None
    warnings = check_key(
        access_key,
        uf_code=uf_code,
        issued_at=issued_at,
        issuer=emitter.document,
        model=model,
        series=series,
        number=number,
        emission_type=emission_type,
        code=code,
        path="/NFe/infNFe/@Id",
    )
    items = tuple(
        [
            _item(det, position, t, dec, warnings)
            for position, det in enumerate(inf.iterchildren(t.det), 1)
        ]
    )
    totals, total_warnings = _totals(groups.get(t.total), t, dec, items)
    warnings.extend(total_warnings)
    protocol = parse_protocol(prot, "/nfeProc/protNFe")
    cobr = groups.get(t.cobr)
    info = groups.get(t.inf_adic)
    additional_info = fisco_info = None
    if info is not None:
        additional_info, fisco_info = _first_texts(info, t.inf_adic_fields)
    return new_fiscal_document(
        kind,
        f"nfe-{inf.get('versao') or '4.00'}",
        access_key,
        number,
        series,
        issued_at,
        emitter,
        _party(groups.get(t.dest), t, t.ender_dest),
        totals,
        model,
        to_datetime(exit_ or exit_date, "/NFe/infNFe/ide/dhSaiEnt"),
        nature,
        _OPERATION_TYPES.get(operation_type or ""),
        purpose,
        _ENVIRONMENTS.get(environment or ""),
        _status(protocol, cancelled),
        (),
        items,
        None if cobr is None else _billing(cobr, t, dec),
        () if cobr is None else _installments(cobr, t, dec),
        _payments(inf.iterchildren(t.pag), t, dec),
        None if (transp := groups.get(t.transp)) is None else _transport(transp, t, dec),
        _references(ide_element.iterchildren(t.nfref)),
        protocol,
        None,
        additional_info,
        fisco_info,
        signature,
        CONFIDENCE_XML,
        tuple(warnings),
    )


def _first_texts(element: Element, tags: tuple[str, ...]) -> list[str | None]:
    """The stripped, non-empty texts of the first child with each tag, like ``xmlwalk.index``
    (reading the children backwards lets the first of repeated tags win)."""
    fields: Texts = dict(map(TAG_TEXT, reversed(element)))
    # A comprehension rather than map(_clean, ...): no Python call per field.
    return [(v and v.strip()) or None for v in map(fields.get, tags)]


def _missing(name: str, path: str) -> ParseError:
    return ParseError(
        "MISSING_FIELD", f"required field {name} is missing or empty", Location(path=path)
    )


def _status(protocol: Protocol | None, cancelled: bool) -> Status:
    if cancelled:
        return Status.CANCELLED
    if protocol is None:
        return Status.UNKNOWN
    return status_from_code(protocol.status_code)


def _party(element: Element | None, t: _Tags, address_tag: str) -> Party | None:
    """emit or dest: the document (CNPJ, CPF or a foreign id), names, registrations and
    the address; the first of repeated children wins, as in ``parties.nfe_party``."""
    if element is None:
        return None
    fields: Texts = dict(map(TAG_TEXT, reversed(element)))
    document = document_type = None
    for tag, kind in t.documents:
        value = fields.get(tag)
        if value is not None and (value := value.strip()):
            document, document_type = (value.upper() if kind == "cnpj" else value), kind
            break
    else:
        nested = next(element.iterchildren(t.cpf_cnpj), None)
        if nested is not None:
            document, document_type = document_of(index(nested))
    name, trade_name, state_registration, municipal_registration, email, phone = [
        (v and v.strip()) or None for v in map(fields.get, t.party_fields)
    ]
    address = None
    address_element = next(element.iterchildren(address_tag), None)
    if address_element is not None:
        parts = _first_texts(address_element, t.address_fields)
        address = new_address(*parts[:10])
        if phone is None:
            phone = parts[10]
    return new_party(
        document,
        document_type,
        name,
        trade_name,
        state_registration,
        municipal_registration,
        address,
        email,
        phone,
    )


def _item(
    det: Element, position: int, t: _Tags, dec: DecimalReader, warnings: list[DocumentWarning]
) -> Item:
    prod_element = imposto = None
    for child in det:
        tag = child.tag
        if tag == t.prod:
            prod_element = child
        elif tag == t.imposto:
            imposto = child
    if prod_element is None:
        raise ParseError(
            "MISSING_FIELD",
            "required element prod is missing",
            Location(path=f"/NFe/infNFe/det[{position}]"),
        )
    prod: Texts = dict(map(TAG_TEXT, prod_element))
    (
        code, gtin, description, ncm, cest, cfop, unit, quantity, unit_price, total, discount,
    ) = map(prod.get, t.prod_fields)  # fmt: skip
    raw_number = det.get("nItem")
    number = (
        int(raw_number)
        if raw_number is not None and raw_number.isdigit()
        else to_int(raw_number, f"/NFe/infNFe/det[{position}]/@nItem")
    ) or position
    gtin = clean(gtin)
    return new_item(
        number,
        clean(code),
        None if gtin is None or gtin.upper() == "SEM GTIN" else gtin,
        clean(description),
        clean(ncm),
        clean(cest),
        clean(cfop),
        clean(unit),
        dec(quantity),
        dec(unit_price),
        dec(total),
        dec(discount),
        () if imposto is None else _item_taxes(imposto, t, dec, position, warnings),
    )


def _item_taxes(
    imposto: Element, t: _Tags, dec: DecimalReader, position: int, warnings: list[DocumentWarning]
) -> tuple[Tax, ...]:
    taxes: list[Tax] = []
    for group in imposto:
        tag = group.tag
        name = t.taxes.get(tag)
        if name is None:
            continue
        if name == "ICMS":
            for inner in group:
                _icms(inner, t, dec, taxes)
        elif name == "II":
            fields: Texts = dict(map(TAG_TEXT, group))
            base, amount = map(fields.get, t.ii)
            taxes.append(new_tax("ii", "II", None, dec(base), None, dec(amount)))
        elif name == "ISSQN":
            fields = dict(map(TAG_TEXT, group))
            base, rate, amount = map(fields.get, t.issqn)
            taxes.append(
                new_tax(
                    "issqn",
                    "ISSQN",
                    None,
                    dec(base),
                    dec(rate),
                    dec(amount),
                )
            )
        elif name == "IS":
            _selective_tax(group, t, dec, taxes)
        elif name == "IBSCBS":
            read_ibs_cbs(group, t.reform, dec, taxes, position, warnings)
        else:
            _simple_tax(group, t.simple[tag], t, dec, taxes)
    return tuple(taxes)


def _icms(group: Element, t: _Tags, dec: DecimalReader, taxes: list[Tax]) -> None:
    """One ICMS group (ICMS00, ICMS10, ICMSSN102, ...): the ICMS itself, and its ST and
    FCP parts when the group carries them."""
    name = local_name(group)
    if not name:
        return
    fields: Texts = dict(map(TAG_TEXT, group))
    (
        cst, csosn, origin, base, rate, amount, st_amount, st_base, st_rate, fcp, fcp_base,
        fcp_rate,
    ) = map(fields.get, t.icms_fields)  # fmt: skip
    cst = clean(cst) or clean(csosn)
    origin = clean(origin)
    taxes.append(new_tax("icms", name, cst, dec(base), dec(rate), dec(amount), origin))
    st = dec(st_amount)
    if st is not None:
        taxes.append(
            new_tax(
                "icms_st",
                name,
                cst,
                dec(st_base),
                dec(st_rate),
                st,
                origin,
            )
        )
    fcp_amount = dec(fcp)
    if fcp_amount is not None:
        taxes.append(new_tax("fcp", name, cst, dec(fcp_base), dec(fcp_rate), fcp_amount))


def _simple_tax(
    element: Element,
    spec: tuple[str, str, str, str],
    t: _Tags,
    dec: DecimalReader,
    taxes: list[Tax],
) -> None:
    """IPI, PIS, COFINS (and their ST groups): one inner group with CST, vBC, rate, amount."""
    name = spec[1]
    # IPI/PIS/COFINS wrap one group (PISAliq, IPITrib, ...) beside a few leaves (cEnq);
    # PISST/COFINSST carry their fields directly.
    found = False
    for group in element:
        if len(group):
            found = True
            _simple_group(group, local_name(group), spec, t, dec, taxes)
    if not found:
        _simple_group(element, name, spec, t, dec, taxes)


def _simple_group(
    group: Element,
    name: str,
    spec: tuple[str, str, str, str],
    t: _Tags,
    dec: DecimalReader,
    taxes: list[Tax],
) -> None:
    kind, _, rate_tag, amount_tag = spec
    fields: Texts = dict(map(TAG_TEXT, group))
    cst = fields.get(t.cst)
    taxes.append(
        new_tax(
            kind,
            name,
            clean(cst),
            dec(fields.get(t.v_bc)),
            dec(fields.get(rate_tag)),
            dec(fields.get(amount_tag)),
        )
    )


def _selective_tax(element: Element, t: _Tags, dec: DecimalReader, taxes: list[Tax]) -> None:
    fields: Texts = dict(map(TAG_TEXT, element))
    cst, base, rate, amount, class_code = map(fields.get, t.is_fields)
    taxes.append(
        new_tax(
            "is",
            "IS",
            clean(cst),
            dec(base),
            dec(rate),
            dec(amount),
            None,
            clean(class_code),
        )
    )


def _totals(
    total: Element | None, t: _Tags, dec: DecimalReader, items: tuple[Item, ...]
) -> tuple[Totals, list[DocumentWarning]]:
    if total is None:
        raise ParseError(
            "MISSING_FIELD", "required element total is missing", Location(path="/NFe/infNFe")
        )
    groups = {child.tag: child for child in total}
    icms_element = groups.get(t.icms_tot)
    if icms_element is None:
        raise ParseError(
            "MISSING_FIELD",
            "required element ICMSTot is missing",
            Location(path="/NFe/infNFe/total"),
        )
    icms: Texts = dict(map(TAG_TEXT, icms_element))
    (
        vnf, products, discount, freight, insurance, other, icms_base, icms_amount, icms_st,
        fcp, ipi, ii, pis, cofins, approximate, fcp_st, ipi_returned, exempted,
    ) = map(dec, map(icms.get, t.icms_tot_fields))  # fmt: skip
    if vnf is None:
        raise ParseError(
            "MISSING_FIELD",
            "required field vNF is missing",
            Location(path="/NFe/infNFe/total/ICMSTot/vNF"),
        )
    iss = _leaf_texts(groups.get(t.issqn_tot))
    withheld = groups.get(t.ret_trib)
    withheld_total = None
    if withheld is not None and len(withheld):
        withheld_total = _ZERO
        for child in withheld:
            withheld_total += dec(child.text) or _ZERO
    reform_element = groups.get(t.ibs_cbs_tot)
    reform = {} if reform_element is None else {child.tag: child for child in reform_element}
    selective_element = groups.get(t.is_tot)
    selective = _leaf_texts(selective_element)
    reform_total = groups.get(t.vnf_tot)
    totals = new_totals(
        vnf,
        products,
        dec(iss.get(t.v_serv)),
        discount,
        freight,
        insurance,
        other,
        None,
        icms_base,
        icms_amount,
        icms_st,
        fcp,
        ipi,
        ii,
        pis,
        cofins,
        dec(iss.get(t.v_iss)),
        dec(_leaf_texts(reform.get(t.g_ibs)).get(t.v_ibs)),
        dec(_leaf_texts(reform.get(t.g_cbs)).get(t.v_cbs)),
        dec(selective.get(t.v_is)),
        withheld_total,
        approximate,
        None if reform_total is None else dec(reform_total.text),
    )
    warnings = _check_vnf(totals, exempted, (fcp_st, ipi_returned))
    if reform_element is not None or selective_element is not None:
        warnings.extend(
            check_reform_totals(reform_element, totals.selective_tax, items, t.reform, dec)
        )
    return totals, warnings


def _leaf_texts(element: Element | None) -> Texts:
    return {} if element is None else dict(map(TAG_TEXT, element))


def _check_vnf(
    totals: Totals, exempted_icms: Decimal | None, extras: tuple[Decimal | None, ...]
) -> list[DocumentWarning]:
    """vNF = vProd - vDesc - vICMSDeson + vST + vFCPST + vFrete + vSeg + vOutro + vII + vIPI
    + vIPIDevol + vServ (MOC rule). Since NT 2023.004 the exempted ICMS is deducted only when
    indDeduzDeson says so, so both readings are accepted."""
    if totals.products is None:
        return []
    added = (
        totals.icms_st,
        totals.freight,
        totals.insurance,
        totals.other,
        totals.ii,
        totals.ipi,
        totals.services,
        *extras,
    )
    expected = totals.products - (totals.discount or _ZERO)
    for value in added:
        if value is not None:
            expected += value
    deson = exempted_icms or _ZERO
    if abs(expected - totals.total) <= TOTALS_TOLERANCE or abs(expected - deson - totals.total) <= (
        TOTALS_TOLERANCE
    ):
        return []
    return [
        DocumentWarning(
            "TOTALS_MISMATCH",
            f"vNF is {totals.total} but its parts add up to {expected - deson}",
            "/NFe/infNFe/total/ICMSTot/vNF",
        )
    ]


def _billing(cobr: Element, t: _Tags, dec: DecimalReader) -> Billing | None:
    fat = next(cobr.iterchildren(t.fat), None)
    if fat is None:
        return None
    number, original, discount, net = _first_texts(fat, t.fat_fields)
    return Billing(number, dec(original), dec(discount), dec(net))


def _installments(cobr: Element, t: _Tags, dec: DecimalReader) -> tuple[Installment, ...]:
    result = []
    for position, dup in enumerate(cobr.iterchildren(t.dup), 1):
        number, due_date, raw_amount = _first_texts(dup, t.dup_fields)
        path = f"/NFe/infNFe/cobr/dup[{position}]"
        amount = dec(raw_amount)
        if amount is None:
            raise ParseError("MISSING_FIELD", "installment without vDup", Location(path=path))
        result.append(Installment(number, to_date(due_date, f"{path}/dVenc"), amount))
    return tuple(result)


def _payments(pags: Iterator[Element], t: _Tags, dec: DecimalReader) -> tuple[Payment, ...]:
    result = []
    for pag in pags:
        # Layout 3.10 repeats pag with the fields inline; 4.00 nests them in detPag.
        for detail in list(pag.iterchildren(t.det_pag)) or [pag]:
            method, raw_amount, indicator, description = _first_texts(detail, t.pag_fields)
            amount = dec(raw_amount)
            if amount is None:
                continue
            card = next(detail.iterchildren(t.card), None)
            acquirer = brand = authorization = None
            if card is not None:
                acquirer, brand, authorization = _first_texts(card, t.card_fields)
            result.append(
                Payment(method, amount, indicator, description, acquirer, brand, authorization)
            )
    return tuple(result)


def _transport(transp: Element, t: _Tags, dec: DecimalReader) -> Transport:
    (modality,) = _first_texts(transp, t.transp_fields)
    carrier = None
    carrier_element = next(transp.iterchildren(t.transporta), None)
    if carrier_element is not None and len(carrier_element):
        fields = index(carrier_element)
        document, document_type = document_of(fields)
        carrier = Party(
            document, document_type, text(fields, "xNome"), state_registration=text(fields, "IE")
        )
    volumes = gross = net = None
    for vol in transp.iterchildren(t.vol):
        count, gross_weight, net_weight = _first_texts(vol, t.vol_fields)
        volumes = _add(volumes, dec(count))
        gross = _add(gross, dec(gross_weight))
        net = _add(net, dec(net_weight))
    plate = text(index(next(transp.iterchildren(t.veic_transp), None)), "placa")
    return Transport(modality, carrier, plate, volumes, gross, net)


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return value if total is None else total + value


# Referenced document groups inside NFref and what they point to.
_REFERENCE_KINDS = {
    "refNFe": "nfe",
    "refNFeSig": "nfe",
    "refCTe": "cte",
    "refNF": "nf",
    "refNFP": "nfp",
    "refECF": "ecf",
}


def _references(nfrefs: Iterator[Element]) -> tuple[Reference, ...]:
    result = []
    for nfref in nfrefs:
        for ref in nfref:
            kind = _REFERENCE_KINDS.get(local_name(ref))
            if kind is None:
                continue
            value = (ref.text or "").strip()
            if value:
                result.append(Reference(kind=kind, access_key=value))
            else:
                parts = index(ref)
                description = " ".join(
                    f"{key}={(element.text or '').strip()}" for key, element in parts.items()
                )
                result.append(Reference(kind=kind, description=description))
    return tuple(result)
