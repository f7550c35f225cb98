"""NF-e (model 55) and NFC-e (model 65), layouts 3.10 and 4.00, including the 2026 tax
reform groups (IBSCBS, IS, IBSCBSTot, ISTot).

Accepts nfeProc (NFe + protNFe, possibly with retEvento), a bare NFe, and enviNFe batches.

This is the hot path of bulk ingestion, so it is written for speed (docs/fiscal.md,
"Performance"): every group is read in one pass over its children into a dict keyed by
the child's qualified (Clark) tag, and fields are looked up with tags precomputed once per
namespace (``_Tags``), so no ``{ns}`` string is built and no XPath/find runs per field.
Items, by far the bulk of a document, dispatch their tax groups through a dict. Decimals
are built straight from the text; only when that fails is the document read again with
the lenient converters of ``values`` (``1.234,56``, blank values) and exact error paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from lxml import etree

from backend.core.errors import Location, ParseError
from backend.fiscal.keycheck import check_key, checked_key, key_from_id
from backend.fiscal.model import (
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
)
from backend.fiscal.parties import document_of, nfe_party
from backend.fiscal.protocols import is_registered_cancellation, parse_protocol, status_from_code
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import (
    MAX_ADJUSTED_EXPONENT,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
)
from backend.fiscal.xmlwalk import (
    Element,
    children_named,
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
# Tolerance for totals cross-checks: rounding per item may differ by a few cents.
_TOLERANCE = Decimal("0.05")

# Converts the text of a numeric field (named for error messages) into a Decimal.
_Decimal = Callable[[str | None, str], Decimal | None]
# Fields read from one group: qualified tag -> raw text (None for empty or nested groups).
_Texts = dict[object, str | None]

# Field lists of the groups read on every item; _Tags qualifies them once per namespace.
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
# IPI, PIS, COFINS and their ST groups: (kind, rate field, amount field).
_SIMPLE_TAXES = {
    "IPI": ("ipi", "pIPI", "vIPI"),
    "PIS": ("pis", "pPIS", "vPIS"),
    "COFINS": ("cofins", "pCOFINS", "vCOFINS"),
    "PISST": ("pisst", "pPIS", "vPIS"),
    "COFINSST": ("cofinsst", "pCOFINS", "vCOFINS"),
}
# The reform's IBS/CBS subgroups of gIBSCBS: (kind, group, rate field, amount field).
_IBS_CBS = (
    ("ibs_uf", "gIBSUF", "pIBSUF", "vIBSUF"),
    ("ibs_mun", "gIBSMun", "pIBSMun", "vIBSMun"),
    ("cbs", "gCBS", "pCBS", "vCBS"),
)
# Groups repeated under one parent: error paths number them (det[3]) like XPath does.
_REPEATED = frozenset({"det", "dup", "detPag", "pag", "vol", "NFref"})


class _Tags:
    """The qualified tags of the NF-e fields for one namespace ("{uri}" or "" for none).

    The schema puts the whole NF-e in one namespace, so a group's children share the
    namespace of infNFe; the dispatch tables are built once per namespace and cached.
    """

    __slots__ = (
        "cobr",
        "cst",
        "dest",
        "det",
        "emit",
        "g_cbs",
        "g_ibs",
        "groups",
        "ibs_cbs",
        "ibs_cbs_fields",
        "ibs_cbs_tot",
        "icms_fields",
        "icms_tot",
        "icms_tot_fields",
        "ide",
        "ide_fields",
        "ii",
        "imposto",
        "inf_adic",
        "is_fields",
        "is_tot",
        "issqn",
        "issqn_tot",
        "nfref",
        "ns",
        "pag",
        "prod",
        "prod_fields",
        "ret_trib",
        "simple",
        "taxes",
        "total",
        "transp",
        "v_bc",
        "v_cbs",
        "v_ibs",
        "v_is",
        "v_iss",
        "v_serv",
        "vnf_tot",
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
        self.ibs_cbs_fields = q("CST", "cClassTrib", "gIBSCBS")
        self.ibs_cbs = tuple(
            (kind, group, ns + group, ns + rate, ns + amount, rate, amount)
            for kind, group, rate, amount in _IBS_CBS
        )
        self.simple = {
            ns + name: (kind, name, ns + rate, ns + amount, rate, amount)
            for name, (kind, rate, amount) in _SIMPLE_TAXES.items()
        }
        self.taxes: dict[object, str] = {
            ns + name: name for name in ("ICMS", *_SIMPLE_TAXES, "II", "ISSQN", "IS", "IBSCBS")
        }


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
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Parse every NF-e/NFC-e in a tree rooted at nfeProc, NFe, enviNFe or a wrapper."""
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
        return [_parse_nfe(nfe, fields.get("protNFe"), cancelled, check_signature)]
    if name == "NFe":
        return [_parse_nfe(root, None, False, check_signature)]
    documents = [
        _parse_nfe(nfe, None, False, check_signature) for nfe in descendants_named(root, "NFe")
    ]
    if not documents:
        raise ParseError("MISSING_FIELD", "no NFe element found", Location(path=f"/{name}"))
    return documents


def _parse_nfe(
    nfe: Element, prot: Element | None, cancelled: bool, check_signature: SignatureCheck
) -> FiscalDocument:
    nfe_fields = index(nfe)
    inf = require(nfe_fields.get("infNFe"), "infNFe", "/NFe")
    signature = signature_status(nfe_fields.get("Signature"), inf, check_signature)
    try:
        return _document(inf, prot, cancelled, signature, _decimal)
    except InvalidOperation:
        # A number the fast path does not take: read again with the lenient converter,
        # which accepts "1.234,56" and blank values and names the path of a bad value.
        return _document(inf, prot, cancelled, signature, _LenientDecimal(inf))


def _decimal(value: str | None, name: str) -> Decimal | None:
    """The fast path: a plain number in range, else InvalidOperation (``name`` is unused)."""
    if value is None:
        return None
    number = Decimal(value)
    if number.is_finite() and number.adjusted() <= MAX_ADJUSTED_EXPONENT:
        return number
    raise InvalidOperation


class _LenientDecimal:
    """``values.to_decimal``, with the path of a bad value found in the tree: the slow
    path, only taken for documents the fast one refuses."""

    def __init__(self, inf: Element) -> None:
        self._inf = inf

    def __call__(self, value: str | None, name: str) -> Decimal | None:
        try:
            return to_decimal(value, name)
        except ParseError as error:
            path = _path_of(self._inf, name, value)
            raise ParseError(
                error.code, error.message.replace(name, path, 1), Location(path=path)
            ) from None


def _path_of(inf: Element, name: str, value: str | None) -> str:
    """Where the first ``name`` element with text ``value`` is, as /NFe/infNFe/det[2]/..."""
    for element in inf.iter(etree.Element):
        if local_name(element) == name and element.text == value:
            steps = []
            node: Element | None = element
            while node is not None:
                step = local_name(node)
                parent = node.getparent()
                if step in _REPEATED and parent is not None:
                    position = list(parent.iterchildren(node.tag)).index(node) + 1
                    step = f"{step}[{position}]"
                steps.append(step)
                node = None if step == "NFe" else parent
            return "/" + "/".join(reversed(steps))
    return name


def _document(
    inf: Element,
    prot: Element | None,
    cancelled: bool,
    signature: SignatureStatus,
    dec: _Decimal,
) -> FiscalDocument:
    t = _tags_for(inf)
    # Filtered in C: the many det (and autXML, pag...) children get no Python proxy here.
    groups: dict[object, Element] = {child.tag: child for child in inf.iterchildren(*t.groups)}
    ide_element = groups.get(t.ide)
    if ide_element is None:
        raise ParseError(
            "MISSING_FIELD", "required element ide is missing", Location(path="/NFe/infNFe")
        )
    ide: _Texts = {child.tag: child.text for child in ide_element}
    (
        uf_code, code, nature, model, series, number, issued, issued_date, exit_, exit_date,
        operation_type, emission_type, environment, purpose,
    ) = map(_clean, map(ide.get, t.ide_fields))  # fmt: skip
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
    emitter = nfe_party(groups.get(t.emit), "enderEmit")
    if emitter is None:
        raise ParseError(
            "MISSING_FIELD", "required element emit is missing", Location(path="/NFe/infNFe")
        )
    access_key = checked_key(key_from_id(inf.get("Id")))
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
        [_item(det, position, t, dec) for position, det in enumerate(inf.iterchildren(t.det), 1)]
    )
    totals, total_warnings = _totals(groups.get(t.total), t, dec)
    warnings.extend(total_warnings)
    protocol = parse_protocol(prot, "/nfeProc/protNFe")
    cobr = groups.get(t.cobr)
    info = index(groups.get(t.inf_adic))
    return FiscalDocument(
        kind=kind,
        layout=f"nfe-{inf.get('versao') or '4.00'}",
        access_key=access_key,
        number=number,
        series=series,
        issued_at=issued_at,
        emitter=emitter,
        receiver=nfe_party(groups.get(t.dest), "enderDest"),
        totals=totals,
        model=model,
        exit_at=to_datetime(exit_ or exit_date, "/NFe/infNFe/ide/dhSaiEnt"),
        operation_nature=nature,
        operation_type=_OPERATION_TYPES.get(operation_type or ""),
        purpose=purpose,
        environment=_ENVIRONMENTS.get(environment or ""),
        status=_status(protocol, cancelled),
        items=items,
        billing=_billing(cobr, dec),
        installments=_installments(cobr, dec),
        payments=_payments(inf.iterchildren(t.pag), dec),
        transport=_transport(groups.get(t.transp), dec),
        references=_references(ide_element.iterchildren(t.nfref)),
        protocol=protocol,
        additional_info=text(info, "infCpl"),
        fisco_info=text(info, "infAdFisco"),
        signature=signature,
        warnings=tuple(warnings),
    )


def _clean(value: str | None) -> str | None:
    """Stripped text, or None when empty (what ``xmlwalk.index`` gives for other groups)."""
    if value is None:
        return None
    return value.strip() or None


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


def _item(det: Element, position: int, t: _Tags, dec: _Decimal) -> Item:
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
    prod: _Texts = {child.tag: child.text for child in prod_element}
    (
        code, gtin, description, ncm, cest, cfop, unit, quantity, unit_price, total, discount,
    ) = map(prod.get, t.prod_fields)  # fmt: skip
    raw_number = det.get("nItem")
    number = (
        int(raw_number)
        if raw_number is not None and raw_number.isdigit()
        else to_int(raw_number, f"/NFe/infNFe/det[{position}]/@nItem")
    ) or position
    gtin = _clean(gtin)
    # Positional arguments: a frozen dataclass is built several times faster that way.
    return Item(
        number,
        _clean(code),
        None if gtin is None or gtin.upper() == "SEM GTIN" else gtin,
        _clean(description),
        _clean(ncm),
        _clean(cest),
        _clean(cfop),
        _clean(unit),
        dec(quantity, "qCom"),
        dec(unit_price, "vUnCom"),
        dec(total, "vProd"),
        dec(discount, "vDesc"),
        () if imposto is None else _item_taxes(imposto, t, dec),
    )


def _item_taxes(imposto: Element, t: _Tags, dec: _Decimal) -> tuple[Tax, ...]:
    taxes: list[Tax] = []
    for group in imposto:
        name = t.taxes.get(group.tag)
        if name is None:
            continue
        if name == "ICMS":
            for inner in group:
                _icms(inner, t, dec, taxes)
        elif name == "II":
            fields: _Texts = {child.tag: child.text for child in group}
            base, amount = map(fields.get, t.ii)
            taxes.append(Tax("ii", "II", None, dec(base, "vBC"), None, dec(amount, "vII")))
        elif name == "ISSQN":
            fields = {child.tag: child.text for child in group}
            base, rate, amount = map(fields.get, t.issqn)
            taxes.append(
                Tax(
                    "issqn",
                    "ISSQN",
                    None,
                    dec(base, "vBC"),
                    dec(rate, "vAliq"),
                    dec(amount, "vISSQN"),
                )
            )
        elif name == "IS":
            _selective_tax(group, t, dec, taxes)
        elif name == "IBSCBS":
            _ibs_cbs(group, t, dec, taxes)
        else:
            _simple_tax(group, t.simple[group.tag], t, dec, taxes)
    return tuple(taxes)


def _icms(group: Element, t: _Tags, dec: _Decimal, taxes: list[Tax]) -> None:
    """One ICMS group (ICMS00, ICMS10, ICMSSN102, ...): the ICMS itself, and its ST and
    FCP parts when the group carries them."""
    name = local_name(group)
    if not name:
        return
    fields: _Texts = {child.tag: child.text for child in group}
    (
        cst, csosn, origin, base, rate, amount, st_amount, st_base, st_rate, fcp, fcp_base,
        fcp_rate,
    ) = map(fields.get, t.icms_fields)  # fmt: skip
    cst = _clean(cst) or _clean(csosn)
    origin = _clean(origin)
    taxes.append(
        Tax("icms", name, cst, dec(base, "vBC"), dec(rate, "pICMS"), dec(amount, "vICMS"), origin)
    )
    st = dec(st_amount, "vICMSST")
    if st is not None:
        taxes.append(
            Tax(
                "icms_st",
                name,
                cst,
                dec(st_base, "vBCST"),
                dec(st_rate, "pICMSST"),
                st,
                origin,
            )
        )
    fcp_amount = dec(fcp, "vFCP")
    if fcp_amount is not None:
        taxes.append(
            Tax("fcp", name, cst, dec(fcp_base, "vBCFCP"), dec(fcp_rate, "pFCP"), fcp_amount)
        )


def _simple_tax(
    element: Element,
    spec: tuple[str, str, str, str, str, str],
    t: _Tags,
    dec: _Decimal,
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
    spec: tuple[str, str, str, str, str, str],
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
) -> None:
    kind, _, rate_tag, amount_tag, rate_name, amount_name = spec
    fields: _Texts = {child.tag: child.text for child in group}
    taxes.append(
        Tax(
            kind,
            name,
            _clean(fields.get(t.cst)),
            dec(fields.get(t.v_bc), "vBC"),
            dec(fields.get(rate_tag), rate_name),
            dec(fields.get(amount_tag), amount_name),
        )
    )


def _selective_tax(element: Element, t: _Tags, dec: _Decimal, taxes: list[Tax]) -> None:
    fields: _Texts = {child.tag: child.text for child in element}
    cst, base, rate, amount, class_code = map(fields.get, t.is_fields)
    taxes.append(
        Tax(
            "is",
            "IS",
            _clean(cst),
            dec(base, "vBCIS"),
            dec(rate, "pIS"),
            dec(amount, "vIS"),
            None,
            _clean(class_code),
        )
    )


def _ibs_cbs(element: Element, t: _Tags, dec: _Decimal, taxes: list[Tax]) -> None:
    fields = {child.tag: child for child in element}
    cst_element, class_element, group = map(fields.get, t.ibs_cbs_fields)
    if group is None:
        return
    cst = None if cst_element is None else _clean(cst_element.text)
    class_code = None if class_element is None else _clean(class_element.text)
    gfields = {child.tag: child for child in group}
    base_element = gfields.get(t.v_bc)
    base = None if base_element is None else dec(base_element.text, "vBC")
    for kind, name, tag, rate_tag, amount_tag, rate_name, amount_name in t.ibs_cbs:
        sub = gfields.get(tag)
        if sub is None:
            continue
        sfields: _Texts = {child.tag: child.text for child in sub}
        taxes.append(
            Tax(
                kind,
                name,
                cst,
                base,
                dec(sfields.get(rate_tag), rate_name),
                dec(sfields.get(amount_tag), amount_name),
                None,
                class_code,
            )
        )


def _totals(total: Element | None, t: _Tags, dec: _Decimal) -> tuple[Totals, list[DocumentWarning]]:
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
    icms: _Texts = {child.tag: child.text for child in icms_element}
    (
        vnf, products, discount, freight, insurance, other, icms_base, icms_amount, icms_st,
        fcp, ipi, ii, pis, cofins, approximate, fcp_st, ipi_returned, exempted,
    ) = map(dec, map(icms.get, t.icms_tot_fields), _ICMS_TOT)  # fmt: skip
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
            withheld_total += dec(child.text, local_name(child)) or _ZERO
    reform_element = groups.get(t.ibs_cbs_tot)
    reform = {} if reform_element is None else {child.tag: child for child in reform_element}
    selective = _leaf_texts(groups.get(t.is_tot))
    reform_total = groups.get(t.vnf_tot)
    totals = Totals(
        total=vnf,
        products=products,
        services=dec(iss.get(t.v_serv), "vServ"),
        discount=discount,
        freight=freight,
        insurance=insurance,
        other=other,
        icms_base=icms_base,
        icms=icms_amount,
        icms_st=icms_st,
        fcp=fcp,
        ipi=ipi,
        ii=ii,
        pis=pis,
        cofins=cofins,
        iss=dec(iss.get(t.v_iss), "vISS"),
        ibs=dec(_leaf_texts(reform.get(t.g_ibs)).get(t.v_ibs), "vIBS"),
        cbs=dec(_leaf_texts(reform.get(t.g_cbs)).get(t.v_cbs), "vCBS"),
        selective_tax=dec(selective.get(t.v_is), "vIS"),
        withheld=withheld_total,
        approximate_taxes=approximate,
        total_with_reform_taxes=None if reform_total is None else dec(reform_total.text, "vNFTot"),
    )
    return totals, _check_vnf(totals, exempted, (fcp_st, ipi_returned))


def _leaf_texts(element: Element | None) -> _Texts:
    return {} if element is None else {child.tag: child.text for child in element}


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
    if abs(expected - totals.total) <= _TOLERANCE or abs(expected - deson - totals.total) <= (
        _TOLERANCE
    ):
        return []
    return [
        DocumentWarning(
            "TOTALS_MISMATCH",
            f"vNF is {totals.total} but its parts add up to {expected - deson}",
            "/NFe/infNFe/total/ICMSTot/vNF",
        )
    ]


def _billing(cobr: Element | None, dec: _Decimal) -> Billing | None:
    fat = index(cobr).get("fat")
    if fat is None:
        return None
    fields = index(fat)
    return Billing(
        number=text(fields, "nFat"),
        original=dec(text(fields, "vOrig"), "vOrig"),
        discount=dec(text(fields, "vDesc"), "vDesc"),
        net=dec(text(fields, "vLiq"), "vLiq"),
    )


def _installments(cobr: Element | None, dec: _Decimal) -> tuple[Installment, ...]:
    result = []
    for position, dup in enumerate(children_named(cobr, "dup"), 1):
        fields = index(dup)
        path = f"/NFe/infNFe/cobr/dup[{position}]"
        amount = dec(text(fields, "vDup"), "vDup")
        if amount is None:
            raise ParseError("MISSING_FIELD", "installment without vDup", Location(path=path))
        result.append(
            Installment(
                number=text(fields, "nDup"),
                due_date=to_date(text(fields, "dVenc"), f"{path}/dVenc"),
                amount=amount,
            )
        )
    return tuple(result)


def _payments(pags: Iterator[Element], dec: _Decimal) -> tuple[Payment, ...]:
    result = []
    for pag in pags:
        details = list(children_named(pag, "detPag"))
        # Layout 3.10 repeats pag with the fields inline; 4.00 nests them in detPag.
        for detail in details or [pag]:
            fields = index(detail)
            amount = dec(text(fields, "vPag"), "vPag")
            if amount is None:
                continue
            card = index(fields.get("card"))
            result.append(
                Payment(
                    method=text(fields, "tPag"),
                    amount=amount,
                    indicator=text(fields, "indPag"),
                    description=text(fields, "xPag"),
                    card_acquirer=text(card, "CNPJ"),
                    card_brand=text(card, "tBand"),
                    card_authorization=text(card, "cAut"),
                )
            )
    return tuple(result)


def _transport(transp: Element | None, dec: _Decimal) -> Transport | None:
    if transp is None:
        return None
    fields = index(transp)
    carrier_fields = index(fields.get("transporta"))
    carrier = None
    if carrier_fields:
        document, document_type = document_of(carrier_fields)
        carrier = Party(
            document=document,
            document_type=document_type,
            name=text(carrier_fields, "xNome"),
            state_registration=text(carrier_fields, "IE"),
        )
    volumes = gross = net = None
    for vol in children_named(transp, "vol"):
        vfields = index(vol)
        volumes = _add(volumes, dec(text(vfields, "qVol"), "qVol"))
        gross = _add(gross, dec(text(vfields, "pesoB"), "pesoB"))
        net = _add(net, dec(text(vfields, "pesoL"), "pesoL"))
    return Transport(
        modality=text(fields, "modFrete"),
        carrier=carrier,
        vehicle_plate=text(index(fields.get("veicTransp")), "placa"),
        volumes=volumes,
        gross_weight=gross,
        net_weight=net,
    )


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
