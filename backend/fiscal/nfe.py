"""NF-e (model 55) and NFC-e (model 65), layouts 3.10 and 4.00, including the 2026 tax
reform groups (IBSCBS, IS, IBSCBSTot, ISTot).

Accepts nfeProc (NFe + protNFe, possibly with retEvento), a bare NFe, and enviNFe batches.

This is the hot path of bulk ingestion, so it is written for speed (docs/fiscal.md,
"Performance"): every group is read in one pass over its children into a dict keyed by
the child's qualified (Clark) tag, built in C by ``dict(map(_TAG_TEXT, group))``, and
fields are looked up with tags precomputed once per namespace (``_Tags``), so no ``{ns}``
string is built and no XPath/find runs per field. Items, by far the bulk of a document,
dispatch their tax groups through a dict. Decimals are built straight from the text; only
when that fails is the document read again with the lenient converters of ``values``
(``1.234,56``, blank values) and exact error paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from operator import attrgetter

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
from backend.fiscal.parties import DOCUMENT_FIELDS, document_of
from backend.fiscal.protocols import is_registered_cancellation, parse_protocol, status_from_code
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import (
    DecimalCache,
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
# (tag, text) of an element: dict(map(_TAG_TEXT, group)) reads a whole group in C, about
# twice as fast as a comprehension over its children.
_TAG_TEXT = attrgetter("tag", "text")

# Converts the text of a numeric field (named for error messages) into a Decimal.
_Decimal = Callable[[str | None], Decimal | None]
# The fast path's numbers: see values.DecimalCache.
_DECIMALS = DecimalCache()
# First letters of the numeric NF-e fields (vProd, pICMS, qCom, pesoB): error paths look
# for a bad number among these first.
_NUMERIC_INITIALS = frozenset("vpq")
# Fields read from one group: qualified tag -> raw text (None for empty or nested groups).
_Texts = dict[object, str | None]

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
# The reform's IBS/CBS subgroups of gIBSCBS: (kind, group, rate field, amount field).
_IBS_CBS = (
    ("ibs_uf", "gIBSUF", "pIBSUF", "vIBSUF"),
    ("ibs_mun", "gIBSMun", "pIBSMun", "vIBSMun"),
    ("cbs", "gCBS", "pCBS", "vCBS"),
)
# Optional groups inside gIBSUF, gIBSMun and gCBS: group -> (kind suffix, rate field, amount
# field). gRed carries rates only: its entry keeps the reduced rate applied to the base.
_IBS_CBS_DETAILS = {
    "gDif": ("_deferred", "pDif", "vDif"),
    "gDevTrib": ("_returned", None, "vDevTrib"),
    "gRed": ("_reduced", "pAliqEfet", None),
}
# gTribRegular and gTribCompraGov (what the item would owe under the regular rules, or
# without the government-purchase reduction): group -> (kind suffix, ((kind, rate field,
# amount field), ...)).
_IBS_CBS_HYPOTHETICAL = {
    "gTribRegular": (
        "_regular",
        (
            ("ibs_uf", "pAliqEfetRegIBSUF", "vTribRegIBSUF"),
            ("ibs_mun", "pAliqEfetRegIBSMun", "vTribRegIBSMun"),
            ("cbs", "pAliqEfetRegCBS", "vTribRegCBS"),
        ),
    ),
    "gTribCompraGov": (
        "_government",
        (
            ("ibs_uf", "pAliqIBSUF", "vTribIBSUF"),
            ("ibs_mun", "pAliqIBSMun", "vTribIBSMun"),
            ("cbs", "pAliqCBS", "vTribCBS"),
        ),
    ),
}
# gIBSCBSMono (monophasic fuels): group -> ((kind, base field, rate field, amount field,
# sign in vTotIBSMonoItem/vTotCBSMonoItem), ...). The base is a quantity and the rate an
# ad rem amount per unit; taxes withheld earlier (gMonoRet) are not part of the item total.
_MONOPHASIC = {
    "gMonoPadrao": (
        ("ibs_mono", "qBCMono", "adRemIBS", "vIBSMono", 1),
        ("cbs_mono", "qBCMono", "adRemCBS", "vCBSMono", 1),
    ),
    "gMonoReten": (
        ("ibs_mono_withheld", "qBCMonoReten", "adRemIBSReten", "vIBSMonoReten", 1),
        ("cbs_mono_withheld", "qBCMonoReten", "adRemCBSReten", "vCBSMonoReten", 1),
    ),
    "gMonoRet": (
        ("ibs_mono_withheld_before", "qBCMonoRet", "adRemIBSRet", "vIBSMonoRet", 0),
        ("cbs_mono_withheld_before", "qBCMonoRet", "adRemCBSRet", "vCBSMonoRet", 0),
    ),
    "gMonoDif": (
        ("ibs_mono_deferred", None, "pDifIBS", "vIBSMonoDif", -1),
        ("cbs_mono_deferred", None, "pDifCBS", "vCBSMonoDif", -1),
    ),
}
# IBSCBS groups that carry bare amounts: group -> ((kind, amount field), ...).
_REFORM_AMOUNTS = {
    "gTransfCred": (("ibs_credit_transfer", "vIBS"), ("cbs_credit_transfer", "vCBS")),
    "gAjusteCompet": (("ibs_adjustment", "vIBS"), ("cbs_adjustment", "vCBS")),
    "gEstornoCred": (
        ("ibs_credit_reversal", "vIBSEstCred"),
        ("cbs_credit_reversal", "vCBSEstCred"),
    ),
    "gCredPresIBSZFM": (("ibs_zfm_presumed_credit", "vCredPresIBSZFM"),),
}
# gCredPresOper's subgroups: group -> tax (the kind is <tax>_presumed_credit, or
# <tax>_presumed_credit_suspended for vCredPresCondSus).
_PRESUMED_CREDIT = {"gIBSCredPres": "ibs", "gCBSCredPres": "cbs"}
# IBSCBSTot fields that add up the items' amounts of one kind: (path under IBSCBSTot, kind;
# vBC for vBCIBSCBS, the sum of the items' vBC).
_REFORM_TOTALS = (
    ("vBCIBSCBS", "vBC"),
    ("gIBS/gIBSUF/vDif", "ibs_uf_deferred"),
    ("gIBS/gIBSUF/vDevTrib", "ibs_uf_returned"),
    ("gIBS/gIBSUF/vIBSUF", "ibs_uf"),
    ("gIBS/gIBSMun/vDif", "ibs_mun_deferred"),
    ("gIBS/gIBSMun/vDevTrib", "ibs_mun_returned"),
    ("gIBS/gIBSMun/vIBSMun", "ibs_mun"),
    ("gIBS/vCredPres", "ibs_presumed_credit"),
    ("gIBS/vCredPresCondSus", "ibs_presumed_credit_suspended"),
    ("gCBS/vDif", "cbs_deferred"),
    ("gCBS/vDevTrib", "cbs_returned"),
    ("gCBS/vCBS", "cbs"),
    ("gCBS/vCredPres", "cbs_presumed_credit"),
    ("gCBS/vCredPresCondSus", "cbs_presumed_credit_suspended"),
    ("gMono/vIBSMono", "ibs_mono"),
    ("gMono/vCBSMono", "cbs_mono"),
    ("gMono/vIBSMonoReten", "ibs_mono_withheld"),
    ("gMono/vCBSMonoReten", "cbs_mono_withheld"),
    ("gMono/vIBSMonoRet", "ibs_mono_withheld_before"),
    ("gMono/vCBSMonoRet", "cbs_mono_withheld_before"),
    ("gEstornoCred/vIBSEstCred", "ibs_credit_reversal"),
    ("gEstornoCred/vCBSEstCred", "cbs_credit_reversal"),
)
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
        "g_ibs_mun",
        "g_ibs_uf",
        "groups",
        "ibs_cbs",
        "ibs_cbs_details",
        "ibs_cbs_fields",
        "ibs_cbs_hypothetical",
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
        "mono_totals",
        "monophasic",
        "nfref",
        "ns",
        "pag",
        "pag_fields",
        "party_fields",
        "presumed_credit",
        "presumed_credit_fields",
        "prod",
        "prod_fields",
        "reform_amounts",
        "reform_groups",
        "reform_totals",
        "regular_fields",
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
        "v_ibs_mun",
        "v_ibs_uf",
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
        self.ibs_cbs_fields = q("CST", "cClassTrib")
        self.reform_groups: dict[object, str] = {
            ns + name: name
            for name in ("gIBSCBS", "gIBSCBSMono", "gCredPresOper", *_REFORM_AMOUNTS)
        }
        self.ibs_cbs = tuple(
            (kind, group, ns + group, ns + rate, ns + amount)
            for kind, group, rate, amount in _IBS_CBS
        )
        self.ibs_cbs_details = {
            kind: {
                ns + name: (kind + suffix, name, rate and ns + rate, amount and ns + amount)
                for name, (suffix, rate, amount) in _IBS_CBS_DETAILS.items()
            }
            for kind, _, _, _ in _IBS_CBS
        }
        self.ibs_cbs_hypothetical = tuple(
            (
                ns + name,
                name,
                tuple((kind + suffix, ns + rate, ns + amount) for kind, rate, amount in specs),
            )
            for name, (suffix, specs) in _IBS_CBS_HYPOTHETICAL.items()
        )
        self.regular_fields = q("CSTReg", "cClassTribReg")
        self.monophasic = tuple(
            (
                ns + name,
                name,
                tuple(
                    (kind, base and ns + base, ns + rate, ns + amount, sign)
                    for kind, base, rate, amount, sign in specs
                ),
            )
            for name, specs in _MONOPHASIC.items()
        )
        self.mono_totals = q("vTotIBSMonoItem", "vTotCBSMonoItem")
        self.reform_totals = tuple(
            (q(*path.split("/")[:-1]), ns + path.rsplit("/", 1)[-1], kind, path)
            for path, kind in _REFORM_TOTALS
        )
        self.g_ibs_uf, self.g_ibs_mun, self.v_ibs_uf, self.v_ibs_mun = q(
            "gIBSUF", "gIBSMun", "vIBSUF", "vIBSMun"
        )
        self.reform_amounts = {
            name: tuple((kind, ns + amount) for kind, amount in specs)
            for name, specs in _REFORM_AMOUNTS.items()
        }
        self.presumed_credit = {ns + name: tax for name, tax in _PRESUMED_CREDIT.items()}
        self.presumed_credit_fields = q("vBCCredPres", "pCredPres", "vCredPres", "vCredPresCondSus")
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
    ide: _Texts = dict(map(_TAG_TEXT, ide_element))
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


def _clean(value: str | None) -> str | None:
    """Stripped text, or None when empty (what ``xmlwalk.index`` gives for other groups)."""
    return (value and value.strip()) or None


def _first_texts(element: Element, tags: tuple[str, ...]) -> list[str | None]:
    """The stripped, non-empty texts of the first child with each tag, like ``xmlwalk.index``
    (reading the children backwards lets the first of repeated tags win)."""
    fields: _Texts = dict(map(_TAG_TEXT, reversed(element)))
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
    fields: _Texts = dict(map(_TAG_TEXT, reversed(element)))
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
    det: Element, position: int, t: _Tags, dec: _Decimal, warnings: list[DocumentWarning]
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
    prod: _Texts = dict(map(_TAG_TEXT, prod_element))
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
    return new_item(
        number,
        _clean(code),
        None if gtin is None or gtin.upper() == "SEM GTIN" else gtin,
        _clean(description),
        _clean(ncm),
        _clean(cest),
        _clean(cfop),
        _clean(unit),
        dec(quantity),
        dec(unit_price),
        dec(total),
        dec(discount),
        () if imposto is None else _item_taxes(imposto, t, dec, position, warnings),
    )


def _item_taxes(
    imposto: Element, t: _Tags, dec: _Decimal, position: int, warnings: list[DocumentWarning]
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
            fields: _Texts = dict(map(_TAG_TEXT, group))
            base, amount = map(fields.get, t.ii)
            taxes.append(new_tax("ii", "II", None, dec(base), None, dec(amount)))
        elif name == "ISSQN":
            fields = dict(map(_TAG_TEXT, group))
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
            _ibs_cbs(group, t, dec, taxes, position, warnings)
        else:
            _simple_tax(group, t.simple[tag], t, dec, taxes)
    return tuple(taxes)


def _icms(group: Element, t: _Tags, dec: _Decimal, taxes: list[Tax]) -> None:
    """One ICMS group (ICMS00, ICMS10, ICMSSN102, ...): the ICMS itself, and its ST and
    FCP parts when the group carries them."""
    name = local_name(group)
    if not name:
        return
    fields: _Texts = dict(map(_TAG_TEXT, group))
    (
        cst, csosn, origin, base, rate, amount, st_amount, st_base, st_rate, fcp, fcp_base,
        fcp_rate,
    ) = map(fields.get, t.icms_fields)  # fmt: skip
    cst = _clean(cst) or _clean(csosn)
    origin = _clean(origin)
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
    spec: tuple[str, str, str, str],
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
) -> None:
    kind, _, rate_tag, amount_tag = spec
    fields: _Texts = dict(map(_TAG_TEXT, group))
    cst = fields.get(t.cst)
    taxes.append(
        new_tax(
            kind,
            name,
            _clean(cst),
            dec(fields.get(t.v_bc)),
            dec(fields.get(rate_tag)),
            dec(fields.get(amount_tag)),
        )
    )


def _selective_tax(element: Element, t: _Tags, dec: _Decimal, taxes: list[Tax]) -> None:
    fields: _Texts = dict(map(_TAG_TEXT, element))
    cst, base, rate, amount, class_code = map(fields.get, t.is_fields)
    taxes.append(
        new_tax(
            "is",
            "IS",
            _clean(cst),
            dec(base),
            dec(rate),
            dec(amount),
            None,
            _clean(class_code),
        )
    )


def _ibs_cbs(
    element: Element,
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
    position: int,
    warnings: list[DocumentWarning],
) -> None:
    """IBSCBS: one of gIBSCBS, gIBSCBSMono, gTransfCred or gAjusteCompet, then the optional
    gEstornoCred and gCredPresOper or gCredPresIBSZFM; each amount becomes a Tax whose kind
    says what it is (docs/fiscal.md, "Tax"), all with the item's CST and cClassTrib."""
    fields = {child.tag: child for child in element}
    cst_element, class_element = map(fields.get, t.ibs_cbs_fields)
    cst = None if cst_element is None else _clean(cst_element.text)
    class_code = None if class_element is None else _clean(class_element.text)
    for tag, group in fields.items():
        name = t.reform_groups.get(tag)
        if name is None:
            continue
        if name == "gIBSCBS":
            _ibs_cbs_group(group, cst, class_code, t, dec, taxes, position, warnings)
        elif name == "gIBSCBSMono":
            _monophasic(group, cst, class_code, t, dec, taxes, position, warnings)
        elif name == "gCredPresOper":
            _presumed_credit(group, cst, class_code, t, dec, taxes)
        else:
            amounts: _Texts = dict(map(_TAG_TEXT, group))
            for kind, amount_tag in t.reform_amounts[name]:
                amount = dec(amounts.get(amount_tag))
                if amount is not None:
                    taxes.append(new_tax(kind, name, cst, None, None, amount, None, class_code))


def _ibs_cbs_group(
    group: Element,
    cst: str | None,
    class_code: str | None,
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
    position: int,
    warnings: list[DocumentWarning],
) -> None:
    """gIBSCBS: the IBS of the state and of the municipality and the CBS on vBC, each with
    its optional deferral, returned tax and reduced rate, then the amounts the item would
    owe under the regular rules (gTribRegular) or without the government-purchase reduction
    (gTribCompraGov)."""
    gfields = {child.tag: child for child in group}
    base_element = gfields.get(t.v_bc)
    base = None if base_element is None else dec(base_element.text)
    ibs = _ZERO
    for kind, name, tag, rate_tag, amount_tag in t.ibs_cbs:
        sub = gfields.get(tag)
        if sub is None:
            continue
        sfields: _Texts = dict(map(_TAG_TEXT, sub))
        amount = dec(sfields.get(amount_tag))
        taxes.append(
            new_tax(
                kind,
                name,
                cst,
                base,
                dec(sfields.get(rate_tag)),
                amount,
                None,
                class_code,
            )
        )
        if amount is not None and kind != "cbs":
            ibs += amount
        # Only the rate and the amount: none of gDif, gDevTrib, gRed to look for.
        if len(sfields) > 2:
            details = t.ibs_cbs_details[kind]
            for inner in sub:
                spec = details.get(inner.tag)
                if spec is None:
                    continue
                inner_kind, inner_name, inner_rate, inner_amount = spec
                ifields: _Texts = dict(map(_TAG_TEXT, inner))
                taxes.append(
                    new_tax(
                        inner_kind,
                        inner_name,
                        cst,
                        base if inner_amount is None else None,
                        None if inner_rate is None else dec(ifields.get(inner_rate)),
                        None if inner_amount is None else dec(ifields.get(inner_amount)),
                        None,
                        class_code,
                    )
                )
    ibs_element = gfields.get(t.v_ibs)
    if ibs_element is not None:
        declared = dec(ibs_element.text)
        if declared is not None and abs(declared - ibs) > _TOLERANCE:
            warnings.append(
                _mismatch(
                    f"/NFe/infNFe/det[{position}]/imposto/IBSCBS/gIBSCBS/vIBS",
                    declared,
                    ibs,
                    "vIBSUF + vIBSMun",
                )
            )
    for tag, name, specs in t.ibs_cbs_hypothetical:
        hypothetical = gfields.get(tag)
        if hypothetical is None:
            continue
        hfields: _Texts = dict(map(_TAG_TEXT, hypothetical))
        group_cst, group_class = cst, class_code
        if name == "gTribRegular":
            group_cst, group_class = [_clean(v) for v in map(hfields.get, t.regular_fields)]
        for kind, rate_tag, amount_tag in specs:
            taxes.append(
                new_tax(
                    kind,
                    name,
                    group_cst,
                    None,
                    dec(hfields.get(rate_tag)),
                    dec(hfields.get(amount_tag)),
                    None,
                    group_class,
                )
            )


def _monophasic(
    group: Element,
    cst: str | None,
    class_code: str | None,
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
    position: int,
    warnings: list[DocumentWarning],
) -> None:
    """gIBSCBSMono (fuels): standard, withheld, withheld before and deferred IBS and CBS;
    vTotIBSMonoItem/vTotCBSMonoItem must be standard + withheld - deferred."""
    mfields = {child.tag: child for child in group}
    item_totals = [_ZERO, _ZERO]
    for tag, name, specs in t.monophasic:
        sub = mfields.get(tag)
        if sub is None:
            continue
        sfields: _Texts = dict(map(_TAG_TEXT, sub))
        for slot, (kind, base_tag, rate_tag, amount_tag, sign) in enumerate(specs):
            amount = dec(sfields.get(amount_tag))
            taxes.append(
                new_tax(
                    kind,
                    name,
                    cst,
                    None if base_tag is None else dec(sfields.get(base_tag)),
                    dec(sfields.get(rate_tag)),
                    amount,
                    None,
                    class_code,
                )
            )
            if amount is not None and sign:
                item_totals[slot] += amount if sign > 0 else -amount
    for tag, expected in zip(t.mono_totals, item_totals, strict=True):
        total_element = mfields.get(tag)
        if total_element is None:
            continue
        declared = dec(total_element.text)
        if declared is not None and abs(declared - expected) > _TOLERANCE:
            field = tag[len(t.ns) :]
            tax = field[4:7]
            warnings.append(
                _mismatch(
                    f"/NFe/infNFe/det[{position}]/imposto/IBSCBS/gIBSCBSMono/{field}",
                    declared,
                    expected,
                    f"v{tax}Mono + v{tax}MonoReten - v{tax}MonoDif",
                )
            )


def _presumed_credit(
    group: Element,
    cst: str | None,
    class_code: str | None,
    t: _Tags,
    dec: _Decimal,
    taxes: list[Tax],
) -> None:
    """gCredPresOper: the presumed credit of IBS and of CBS on vBCCredPres, either usable
    (vCredPres) or under a suspensive condition (vCredPresCondSus)."""
    base_tag, rate_tag, amount_tag, suspended_tag = t.presumed_credit_fields
    base = None
    credits = []
    for child in group:
        tag = child.tag
        if tag == base_tag:
            base = dec(child.text)
        elif (tax := t.presumed_credit.get(tag)) is not None:
            credits.append((tax, child))
    for tax, child in credits:
        cfields: _Texts = dict(map(_TAG_TEXT, child))
        amount = dec(cfields.get(amount_tag))
        kind = f"{tax}_presumed_credit"
        if amount is None:
            amount = dec(cfields.get(suspended_tag))
            kind = f"{tax}_presumed_credit_suspended"
        taxes.append(
            new_tax(
                kind,
                child.tag[len(t.ns) :],
                cst,
                base,
                dec(cfields.get(rate_tag)),
                amount,
                None,
                class_code,
            )
        )


def _mismatch(path: str, declared: Decimal, expected: Decimal, parts: str) -> DocumentWarning:
    name = path.rsplit("/", 1)[1]
    return DocumentWarning(
        "TOTALS_MISMATCH",
        f"{name} is {declared} but {parts} add up to {expected}",
        path,
    )


def _totals(
    total: Element | None, t: _Tags, dec: _Decimal, items: tuple[Item, ...]
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
    icms: _Texts = dict(map(_TAG_TEXT, icms_element))
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
        warnings.extend(_check_reform(reform_element, totals.selective_tax, items, t, dec))
    return totals, warnings


def _leaf_texts(element: Element | None) -> _Texts:
    return {} if element is None else dict(map(_TAG_TEXT, element))


def _check_reform(
    reform: Element | None,
    selective_tax: Decimal | None,
    items: tuple[Item, ...],
    t: _Tags,
    dec: _Decimal,
) -> list[DocumentWarning]:
    """IBSCBSTot and ISTot against the items: each total the layout defines as a sum of item
    amounts (_REFORM_TOTALS, vBCIBSCBS, ISTot/vIS), and vIBS = vIBSUF + vIBSMun. Only the
    fields the document carries are checked. vNFTot is not: what it adds depends on the
    year (IBS and CBS are not charged in 2026)."""
    sums: dict[str, Decimal] = {}
    base = _ZERO
    for item in items:
        for tax in item.taxes:
            kind = tax.kind
            amount = tax.amount
            if amount is not None:
                sums[kind] = sums.get(kind, _ZERO) + amount
            # One cbs entry per gIBSCBS, carrying its vBC.
            if kind == "cbs" and tax.base is not None:
                base += tax.base
    warnings: list[DocumentWarning] = []
    if selective_tax is not None:
        items_is = sums.get("is", _ZERO)
        if abs(selective_tax - items_is) > _TOLERANCE:
            warnings.append(
                _mismatch("/NFe/infNFe/total/ISTot/vIS", selective_tax, items_is, "the items' vIS")
            )
    if reform is None:
        return warnings
    # Kinds are lower case: this key cannot be one.
    sums["vBC"] = base
    # Each group of IBSCBSTot read once, in C, by its path of qualified tags.
    groups: dict[tuple[str, ...], _Texts] = {}
    for group_tags, field_tag, kind, path in t.reform_totals:
        texts = groups.get(group_tags)
        if texts is None:
            texts = groups[group_tags] = _group_texts(reform, group_tags)
        text = texts.get(field_tag)
        if text is None:
            continue
        declared = dec(text)
        expected = sums.get(kind, _ZERO)
        if declared is not None and abs(declared - expected) > _TOLERANCE:
            warnings.append(
                _mismatch(
                    f"/NFe/infNFe/total/IBSCBSTot/{path}",
                    declared,
                    expected,
                    f"the items' {kind if kind == 'vBC' else path.rsplit('/', 1)[1]}",
                )
            )
    ibs = dec(groups[t.g_ibs,].get(t.v_ibs))
    if ibs is not None:
        state = dec(groups[t.g_ibs, t.g_ibs_uf].get(t.v_ibs_uf)) or _ZERO
        municipal = dec(groups[t.g_ibs, t.g_ibs_mun].get(t.v_ibs_mun)) or _ZERO
        if abs(ibs - state - municipal) > _TOLERANCE:
            warnings.append(
                _mismatch(
                    "/NFe/infNFe/total/IBSCBSTot/gIBS/vIBS",
                    ibs,
                    state + municipal,
                    "vIBSUF + vIBSMun",
                )
            )
    return warnings


def _group_texts(element: Element, tags: tuple[str, ...]) -> _Texts:
    """The fields of the group at a path of child tags under ``element`` (none if absent)."""
    for tag in tags:
        found = next(element.iterchildren(tag), None)
        if found is None:
            return {}
        element = found
    return dict(map(_TAG_TEXT, element))


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


def _billing(cobr: Element, t: _Tags, dec: _Decimal) -> Billing | None:
    fat = next(cobr.iterchildren(t.fat), None)
    if fat is None:
        return None
    number, original, discount, net = _first_texts(fat, t.fat_fields)
    return Billing(number, dec(original), dec(discount), dec(net))


def _installments(cobr: Element, t: _Tags, dec: _Decimal) -> tuple[Installment, ...]:
    result = []
    for position, dup in enumerate(cobr.iterchildren(t.dup), 1):
        number, due_date, raw_amount = _first_texts(dup, t.dup_fields)
        path = f"/NFe/infNFe/cobr/dup[{position}]"
        amount = dec(raw_amount)
        if amount is None:
            raise ParseError("MISSING_FIELD", "installment without vDup", Location(path=path))
        result.append(Installment(number, to_date(due_date, f"{path}/dVenc"), amount))
    return tuple(result)


def _payments(pags: Iterator[Element], t: _Tags, dec: _Decimal) -> tuple[Payment, ...]:
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


def _transport(transp: Element, t: _Tags, dec: _Decimal) -> Transport:
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
