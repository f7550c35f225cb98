"""The 2026 tax reform's groups in an NF-e (layout PL_010): an item's IBSCBS block read
into Tax entries whose kind says what each amount is (docs/fiscal.md, "Tax"), and the
IBSCBSTot and ISTot totals checked against the items. Called by ``nfe`` for the documents
that carry these groups; a document without them never reaches this module."""

from __future__ import annotations

from decimal import Decimal

from backend.fiscal.model import DocumentWarning, Item, Tax, new_tax
from backend.fiscal.values import TOTALS_TOLERANCE, DecimalReader
from backend.fiscal.xmlwalk import TAG_TEXT, Element, Texts, clean

_ZERO = Decimal(0)
# The IBS/CBS subgroups of gIBSCBS: (kind, group, rate field, amount field).
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


class ReformTags:
    """The qualified tags of the reform's groups for one namespace (see nfe._Tags)."""

    __slots__ = (
        "g_ibs",
        "g_ibs_mun",
        "g_ibs_uf",
        "ibs_cbs",
        "ibs_cbs_details",
        "ibs_cbs_fields",
        "ibs_cbs_hypothetical",
        "mono_totals",
        "monophasic",
        "ns",
        "presumed_credit",
        "presumed_credit_fields",
        "reform_amounts",
        "reform_groups",
        "reform_totals",
        "regular_fields",
        "v_bc",
        "v_ibs",
        "v_ibs_mun",
        "v_ibs_uf",
    )

    def __init__(self, ns: str) -> None:
        def q(*names: str) -> tuple[str, ...]:
            return tuple(ns + name for name in names)

        self.ns = ns
        self.g_ibs, self.v_ibs, self.v_bc = q("gIBS", "vIBS", "vBC")
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


class _ItemReform:
    """One item's IBSCBS being read: the tags, the number reader, the item's CST and
    cClassTrib that every entry carries, and where entries and warnings go."""

    __slots__ = ("class_code", "cst", "dec", "path", "t", "taxes", "warnings")

    def __init__(
        self,
        t: ReformTags,
        dec: DecimalReader,
        taxes: list[Tax],
        path: str,
        warnings: list[DocumentWarning],
    ) -> None:
        self.t, self.dec, self.taxes, self.path, self.warnings = t, dec, taxes, path, warnings
        self.cst: str | None = None
        self.class_code: str | None = None

    def add(
        self,
        kind: str,
        group: str,
        base: Decimal | None,
        rate: Decimal | None,
        amount: Decimal | None,
    ) -> None:
        """One Tax entry with the item's CST and cClassTrib."""
        self.taxes.append(new_tax(kind, group, self.cst, base, rate, amount, None, self.class_code))

    def check(self, field: str, declared: Decimal | None, expected: Decimal, parts: str) -> None:
        """A TOTALS_MISMATCH warning when ``declared`` (at ``field`` under IBSCBS) is off."""
        if declared is not None and abs(declared - expected) > TOTALS_TOLERANCE:
            self.warnings.append(_mismatch(f"{self.path}/{field}", declared, expected, parts))


def read_ibs_cbs(
    element: Element,
    t: ReformTags,
    dec: DecimalReader,
    taxes: list[Tax],
    position: int,
    warnings: list[DocumentWarning],
) -> None:
    """IBSCBS: one of gIBSCBS, gIBSCBSMono, gTransfCred or gAjusteCompet, then the optional
    gEstornoCred and gCredPresOper or gCredPresIBSZFM; each amount becomes a Tax whose kind
    says what it is (docs/fiscal.md, "Tax"), all with the item's CST and cClassTrib."""
    item = _ItemReform(t, dec, taxes, f"/NFe/infNFe/det[{position}]/imposto/IBSCBS", warnings)
    fields = {child.tag: child for child in element}
    cst_element, class_element = map(fields.get, t.ibs_cbs_fields)
    item.cst = None if cst_element is None else clean(cst_element.text)
    item.class_code = None if class_element is None else clean(class_element.text)
    for tag, group in fields.items():
        name = t.reform_groups.get(tag)
        if name is None:
            continue
        if name == "gIBSCBS":
            _ibs_cbs_group(group, item)
        elif name == "gIBSCBSMono":
            _monophasic(group, item)
        elif name == "gCredPresOper":
            _presumed_credit(group, item)
        else:
            amounts: Texts = dict(map(TAG_TEXT, group))
            for kind, amount_tag in t.reform_amounts[name]:
                amount = dec(amounts.get(amount_tag))
                if amount is not None:
                    item.add(kind, name, None, None, amount)


def _ibs_cbs_group(group: Element, item: _ItemReform) -> None:
    """gIBSCBS: the IBS of the state and of the municipality and the CBS on vBC, each with
    its optional deferral, returned tax and reduced rate, then the amounts the item would
    owe under the regular rules (gTribRegular) or without the government-purchase reduction
    (gTribCompraGov)."""
    t, dec = item.t, item.dec
    gfields = {child.tag: child for child in group}
    base_element = gfields.get(t.v_bc)
    base = None if base_element is None else dec(base_element.text)
    ibs = _ZERO
    for kind, name, tag, rate_tag, amount_tag in t.ibs_cbs:
        sub = gfields.get(tag)
        if sub is None:
            continue
        sfields: Texts = dict(map(TAG_TEXT, sub))
        amount = dec(sfields.get(amount_tag))
        item.add(kind, name, base, dec(sfields.get(rate_tag)), amount)
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
                ifields: Texts = dict(map(TAG_TEXT, inner))
                item.add(
                    inner_kind,
                    inner_name,
                    base if inner_amount is None else None,
                    None if inner_rate is None else dec(ifields.get(inner_rate)),
                    None if inner_amount is None else dec(ifields.get(inner_amount)),
                )
    ibs_element = gfields.get(t.v_ibs)
    if ibs_element is not None:
        item.check("gIBSCBS/vIBS", dec(ibs_element.text), ibs, "vIBSUF + vIBSMun")
    for tag, name, specs in t.ibs_cbs_hypothetical:
        hypothetical = gfields.get(tag)
        if hypothetical is None:
            continue
        hfields: Texts = dict(map(TAG_TEXT, hypothetical))
        cst, class_code = item.cst, item.class_code
        if name == "gTribRegular":
            # The regular rules' own CST and cClassTrib (CSTReg, cClassTribReg).
            cst, class_code = [clean(v) for v in map(hfields.get, t.regular_fields)]
        for kind, rate_tag, amount_tag in specs:
            rate, amount = dec(hfields.get(rate_tag)), dec(hfields.get(amount_tag))
            item.taxes.append(new_tax(kind, name, cst, None, rate, amount, None, class_code))


def _monophasic(group: Element, item: _ItemReform) -> None:
    """gIBSCBSMono (fuels): standard, withheld, withheld before and deferred IBS and CBS;
    vTotIBSMonoItem/vTotCBSMonoItem must be standard + withheld - deferred."""
    t, dec = item.t, item.dec
    mfields = {child.tag: child for child in group}
    item_totals = [_ZERO, _ZERO]
    for tag, name, specs in t.monophasic:
        sub = mfields.get(tag)
        if sub is None:
            continue
        sfields: Texts = dict(map(TAG_TEXT, sub))
        for slot, (kind, base_tag, rate_tag, amount_tag, sign) in enumerate(specs):
            amount = dec(sfields.get(amount_tag))
            base = None if base_tag is None else dec(sfields.get(base_tag))
            item.add(kind, name, base, dec(sfields.get(rate_tag)), amount)
            if amount is not None and sign:
                item_totals[slot] += amount if sign > 0 else -amount
    for tag, expected in zip(t.mono_totals, item_totals, strict=True):
        total_element = mfields.get(tag)
        if total_element is None:
            continue
        field = tag[len(t.ns) :]
        tax = field[4:7]
        item.check(
            f"gIBSCBSMono/{field}",
            dec(total_element.text),
            expected,
            f"v{tax}Mono + v{tax}MonoReten - v{tax}MonoDif",
        )


def _presumed_credit(group: Element, item: _ItemReform) -> None:
    """gCredPresOper: the presumed credit of IBS and of CBS on vBCCredPres, either usable
    (vCredPres) or under a suspensive condition (vCredPresCondSus)."""
    t, dec = item.t, item.dec
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
        cfields: Texts = dict(map(TAG_TEXT, child))
        amount = dec(cfields.get(amount_tag))
        kind = f"{tax}_presumed_credit"
        if amount is None:
            amount = dec(cfields.get(suspended_tag))
            kind = f"{tax}_presumed_credit_suspended"
        item.add(kind, child.tag[len(t.ns) :], base, dec(cfields.get(rate_tag)), amount)


def _mismatch(path: str, declared: Decimal, expected: Decimal, parts: str) -> DocumentWarning:
    name = path.rsplit("/", 1)[1]
    return DocumentWarning(
        "TOTALS_MISMATCH",
        f"{name} is {declared} but {parts} add up to {expected}",
        path,
    )


def check_reform_totals(
    reform: Element | None,
    selective_tax: Decimal | None,
    items: tuple[Item, ...],
    t: ReformTags,
    dec: DecimalReader,
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
        if abs(selective_tax - items_is) > TOTALS_TOLERANCE:
            warnings.append(
                _mismatch("/NFe/infNFe/total/ISTot/vIS", selective_tax, items_is, "the items' vIS")
            )
    if reform is None:
        return warnings
    # Kinds are lower case: this key cannot be one.
    sums["vBC"] = base
    # Each group of IBSCBSTot read once, in C, by its path of qualified tags.
    groups: dict[tuple[str, ...], Texts] = {}
    for group_tags, field_tag, kind, path in t.reform_totals:
        texts = groups.get(group_tags)
        if texts is None:
            texts = groups[group_tags] = _group_texts(reform, group_tags)
        text = texts.get(field_tag)
        if text is None:
            continue
        declared = dec(text)
        expected = sums.get(kind, _ZERO)
        if declared is not None and abs(declared - expected) > TOTALS_TOLERANCE:
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
        if abs(ibs - state - municipal) > TOTALS_TOLERANCE:
            warnings.append(
                _mismatch(
                    "/NFe/infNFe/total/IBSCBSTot/gIBS/vIBS",
                    ibs,
                    state + municipal,
                    "vIBSUF + vIBSMun",
                )
            )
    return warnings


def _group_texts(element: Element, tags: tuple[str, ...]) -> Texts:
    """The fields of the group at a path of child tags under ``element`` (none if absent)."""
    for tag in tags:
        found = next(element.iterchildren(tag), None)
        if found is None:
            return {}
        element = found
    return dict(map(TAG_TEXT, element))
