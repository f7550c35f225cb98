"""The 2026 tax reform's groups of NF-e 4.00 (NT 2025.002): every IBS/CBS amount becomes a
Tax, and IBSCBSTot/ISTot are checked against the items."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.fiscal.model import FiscalDocument, Tax
from backend.fiscal.testing.generators import (
    MONOPHASIC_RATES,
    REFORM_RATES,
    GeneratedItem,
    GeneratedNFe,
    nfe_xml,
    random_nfe,
)
from tests.fiscal.helpers import one_document, parse_one_document

_TOTAL = "/NFe/infNFe/total/IBSCBSTot"


def _reform_nfe(
    seed: int, items: int = 4, monophasic: frozenset[int] = frozenset({2})
) -> GeneratedNFe:
    """A generated NF-e whose items at the given (1-based) positions are monophasic."""
    generated = random_nfe(random.Random(seed), items=items)
    return dataclasses.replace(
        generated,
        items=tuple(
            dataclasses.replace(item, monophasic=position in monophasic)
            for position, item in enumerate(generated.items, 1)
        ),
    )


def _reform_taxes(taxes: tuple[Tax, ...]) -> list[Tax]:
    return [t for t in taxes if t.group not in ("ICMS00", "PISNT", "COFINSNT")]


def _mismatches(doc: FiscalDocument) -> list[str | None]:
    return [w.path for w in doc.warnings if w.code == "TOTALS_MISMATCH"]


def _replace_last(data: bytes, old: str, new: str) -> bytes:
    head, found, tail = data.rpartition(old.encode())
    assert found, old
    return head + new.encode() + tail


def _with_groups(data: bytes, ibs_cbs: str, totals: str = "") -> bytes:
    """The first item's imposto gets ``ibs_cbs``; ``totals`` goes after ICMSTot."""
    ns = ' xmlns="http://www.portalfiscal.inf.br/nfe"'
    data = data.replace(b"</imposto>", f"{ibs_cbs}</imposto>".encode(), 1)
    return data.replace(b"</ICMSTot>", f"</ICMSTot>{totals}".encode().replace(ns.encode(), b""))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 8), st.frozensets(st.integers(1, 8)))
def test_generated_reform_nfe_reads_every_amount(
    seed: int, items: int, monophasic: frozenset[int]
) -> None:
    generated = _reform_nfe(seed, items, monophasic)
    doc = one_document(nfe_xml(generated, reform=True))
    assert doc.warnings == ()
    for item, expected in zip(doc.items, generated.items, strict=True):
        taxes = _reform_taxes(item.taxes)
        if expected.monophasic:
            assert [(t.kind, t.group, t.cst, t.class_code) for t in taxes] == [
                ("ibs_mono", "gMonoPadrao", "620", "620001"),
                ("cbs_mono", "gMonoPadrao", "620", "620001"),
            ]
            assert [(t.base, t.rate, t.amount) for t in taxes] == [
                (expected.quantity, rate, expected.reform_tax(kind))
                for kind, rate in MONOPHASIC_RATES.items()
            ]
        else:
            assert [(t.kind, t.group, t.cst, t.class_code) for t in taxes] == [
                ("ibs_uf", "gIBSUF", "000", "000001"),
                ("ibs_mun", "gIBSMun", "000", "000001"),
                ("cbs", "gCBS", "000", "000001"),
            ]
            assert [(t.base, t.rate, t.amount) for t in taxes] == [
                (expected.total, rate, expected.reform_tax(kind))
                for kind, rate in REFORM_RATES.items()
            ]
    assert doc.totals.ibs == generated.reform_tax("ibs_uf") + generated.reform_tax("ibs_mun")
    assert doc.totals.cbs == generated.reform_tax("cbs")
    assert doc.totals.total_with_reform_taxes == generated.total_with_reform_taxes
    assert doc.totals.total == generated.total


def test_a_reform_total_that_differs_from_the_items_is_a_warning() -> None:
    generated = _reform_nfe(11)
    cbs = generated.reform_tax("cbs")
    data = _replace_last(
        nfe_xml(generated, reform=True), f"<vCBS>{cbs}</vCBS>", "<vCBS>999.99</vCBS>"
    )
    doc = one_document(data)
    (warning,) = doc.warnings
    assert (warning.code, warning.path) == ("TOTALS_MISMATCH", f"{_TOTAL}/gCBS/vCBS")
    assert warning.message == f"vCBS is 999.99 but the items' vCBS add up to {cbs}"
    # The document is read all the same: the declared total is what it says.
    assert doc.totals.cbs == Decimal("999.99")


def test_reform_totals_within_five_cents_are_accepted() -> None:
    generated = _reform_nfe(12)
    ibs_mono = generated.reform_tax("ibs_mono")
    data = _replace_last(
        nfe_xml(generated, reform=True),
        f"<vIBSMono>{ibs_mono}</vIBSMono>",
        f"<vIBSMono>{ibs_mono + Decimal('0.05')}</vIBSMono>",
    )
    assert one_document(data).warnings == ()
    data = data.replace(
        f"<vIBSMono>{ibs_mono + Decimal('0.05')}</vIBSMono>".encode(),
        f"<vIBSMono>{ibs_mono + Decimal('0.06')}</vIBSMono>".encode(),
    )
    assert _mismatches(one_document(data)) == [f"{_TOTAL}/gMono/vIBSMono"]


def test_vibs_must_be_the_sum_of_the_state_and_municipal_ibs() -> None:
    generated = _reform_nfe(13, items=1, monophasic=frozenset())
    (item,) = generated.items
    ibs = item.reform_tax("ibs_uf")
    data = nfe_xml(generated, reform=True).replace(
        f"<vIBS>{ibs}</vIBS>".encode(), f"<vIBS>{ibs + 1}</vIBS>".encode()
    )
    # Both the item's vIBS and the document's are vIBSUF + vIBSMun.
    assert _mismatches(one_document(data)) == [
        "/NFe/infNFe/det[1]/imposto/IBSCBS/gIBSCBS/vIBS",
        f"{_TOTAL}/gIBS/vIBS",
    ]


def test_monophasic_item_total_is_standard_plus_withheld_minus_deferred() -> None:
    generated = _reform_nfe(14, items=1, monophasic=frozenset())
    mono = (
        "<IBSCBS><CST>620</CST><cClassTrib>620001</cClassTrib><gIBSCBSMono>"
        "<gMonoPadrao><qBCMono>100.0000</qBCMono><adRemIBS>0.2000</adRemIBS>"
        "<adRemCBS>0.6500</adRemCBS><vIBSMono>20.00</vIBSMono><vCBSMono>65.00</vCBSMono>"
        "</gMonoPadrao><gMonoReten><qBCMonoReten>10.0000</qBCMonoReten>"
        "<adRemIBSReten>0.2000</adRemIBSReten><vIBSMonoReten>2.00</vIBSMonoReten>"
        "<adRemCBSReten>0.6500</adRemCBSReten><vCBSMonoReten>6.50</vCBSMonoReten></gMonoReten>"
        "<gMonoRet><qBCMonoRet>5.0000</qBCMonoRet><adRemIBSRet>0.2000</adRemIBSRet>"
        "<vIBSMonoRet>1.00</vIBSMonoRet><adRemCBSRet>0.6500</adRemCBSRet>"
        "<vCBSMonoRet>3.25</vCBSMonoRet></gMonoRet><gMonoDif><pDifIBS>50.0000</pDifIBS>"
        "<vIBSMonoDif>10.00</vIBSMonoDif><pDifCBS>10.0000</pDifCBS>"
        "<vCBSMonoDif>6.50</vCBSMonoDif></gMonoDif><vTotIBSMonoItem>12.00</vTotIBSMonoItem>"
        "<vTotCBSMonoItem>65.00</vTotCBSMonoItem></gIBSCBSMono></IBSCBS>"
    )
    doc = one_document(_with_groups(nfe_xml(generated), mono))
    (item,) = doc.items
    assert [(t.kind, t.group, t.base, t.rate, t.amount) for t in _reform_taxes(item.taxes)] == [
        ("ibs_mono", "gMonoPadrao", Decimal("100.0000"), Decimal("0.2000"), Decimal("20.00")),
        ("cbs_mono", "gMonoPadrao", Decimal("100.0000"), Decimal("0.6500"), Decimal("65.00")),
        ("ibs_mono_withheld", "gMonoReten", Decimal(10), Decimal("0.2000"), Decimal("2.00")),
        ("cbs_mono_withheld", "gMonoReten", Decimal(10), Decimal("0.6500"), Decimal("6.50")),
        ("ibs_mono_withheld_before", "gMonoRet", Decimal(5), Decimal("0.2000"), Decimal("1.00")),
        ("cbs_mono_withheld_before", "gMonoRet", Decimal(5), Decimal("0.6500"), Decimal("3.25")),
        ("ibs_mono_deferred", "gMonoDif", None, Decimal(50), Decimal("10.00")),
        ("cbs_mono_deferred", "gMonoDif", None, Decimal(10), Decimal("6.50")),
    ]
    # IBS: 20 + 2 - 10 = 12, as written; CBS: 65 + 6.50 - 6.50 = 65, as written.
    assert _mismatches(doc) == []
    wrong = _with_groups(nfe_xml(generated), mono.replace(">12.00<", ">22.00<"))
    (warning,) = one_document(wrong).warnings
    assert warning.path == "/NFe/infNFe/det[1]/imposto/IBSCBS/gIBSCBSMono/vTotIBSMonoItem"
    assert warning.message == (
        "vTotIBSMonoItem is 22.00 but vIBSMono + vIBSMonoReten - vIBSMonoDif add up to 12.00"
    )


# An item with every optional group of gIBSCBS, a credit reversal and a presumed credit.
_FULL_IBS_CBS = (
    "<IBSCBS><CST>200</CST><cClassTrib>200001</cClassTrib><gIBSCBS><vBC>1000.00</vBC>"
    "<gIBSUF><pIBSUF>0.1000</pIBSUF><gDif><pDif>10.0000</pDif><vDif>0.01</vDif></gDif>"
    "<gDevTrib><vDevTrib>0.02</vDevTrib></gDevTrib>"
    "<gRed><pRedAliq>40.0000</pRedAliq><pAliqEfet>0.0600</pAliqEfet></gRed>"
    "<vIBSUF>0.57</vIBSUF></gIBSUF><gIBSMun><pIBSMun>0.0000</pIBSMun><vIBSMun>0.00</vIBSMun>"
    "</gIBSMun><vIBS>0.57</vIBS><gCBS><pCBS>0.9000</pCBS><gDif><pDif>5.0000</pDif>"
    "<vDif>0.27</vDif></gDif><vCBS>5.13</vCBS></gCBS><gTribRegular><CSTReg>000</CSTReg>"
    "<cClassTribReg>000001</cClassTribReg><pAliqEfetRegIBSUF>0.1000</pAliqEfetRegIBSUF>"
    "<vTribRegIBSUF>1.00</vTribRegIBSUF><pAliqEfetRegIBSMun>0.0000</pAliqEfetRegIBSMun>"
    "<vTribRegIBSMun>0.00</vTribRegIBSMun><pAliqEfetRegCBS>0.9000</pAliqEfetRegCBS>"
    "<vTribRegCBS>9.00</vTribRegCBS></gTribRegular><gTribCompraGov><pAliqIBSUF>0.0800</pAliqIBSUF>"
    "<vTribIBSUF>0.80</vTribIBSUF><pAliqIBSMun>0.0000</pAliqIBSMun><vTribIBSMun>0.00</vTribIBSMun>"
    "<pAliqCBS>0.7200</pAliqCBS><vTribCBS>7.20</vTribCBS></gTribCompraGov></gIBSCBS>"
    "<gEstornoCred><vIBSEstCred>0.30</vIBSEstCred><vCBSEstCred>2.70</vCBSEstCred></gEstornoCred>"
    "<gCredPresOper><vBCCredPres>1000.00</vBCCredPres><cCredPres>01</cCredPres>"
    "<gIBSCredPres><pCredPres>1.0000</pCredPres><vCredPres>10.00</vCredPres></gIBSCredPres>"
    "<gCBSCredPres><pCredPres>2.0000</pCredPres><vCredPresCondSus>20.00</vCredPresCondSus>"
    "</gCBSCredPres></gCredPresOper></IBSCBS>"
)
_FULL_TOTALS = (
    "<IBSCBSTot><vBCIBSCBS>1000.00</vBCIBSCBS><gIBS><gIBSUF><vDif>0.01</vDif>"
    "<vDevTrib>0.02</vDevTrib><vIBSUF>0.57</vIBSUF></gIBSUF><gIBSMun><vDif>0.00</vDif>"
    "<vDevTrib>0.00</vDevTrib><vIBSMun>0.00</vIBSMun></gIBSMun><vIBS>0.57</vIBS>"
    "<vCredPres>10.00</vCredPres><vCredPresCondSus>0.00</vCredPresCondSus></gIBS><gCBS>"
    "<vDif>0.27</vDif><vDevTrib>0.00</vDevTrib><vCBS>5.13</vCBS><vCredPres>0.00</vCredPres>"
    "<vCredPresCondSus>20.00</vCredPresCondSus></gCBS><gEstornoCred>"
    "<vIBSEstCred>0.30</vIBSEstCred><vCBSEstCred>2.70</vCBSEstCred></gEstornoCred></IBSCBSTot>"
)


def test_every_optional_group_of_gibscbs_is_a_tax() -> None:
    generated = _reform_nfe(15, items=1, monophasic=frozenset())
    doc = one_document(_with_groups(nfe_xml(generated), _FULL_IBS_CBS, _FULL_TOTALS))
    assert doc.warnings == ()
    (item,) = doc.items
    taxes = _reform_taxes(item.taxes)
    assert [(t.kind, t.group, t.base, t.rate, t.amount) for t in taxes] == [
        ("ibs_uf", "gIBSUF", Decimal(1000), Decimal("0.1"), Decimal("0.57")),
        ("ibs_uf_deferred", "gDif", None, Decimal(10), Decimal("0.01")),
        ("ibs_uf_returned", "gDevTrib", None, None, Decimal("0.02")),
        ("ibs_uf_reduced", "gRed", Decimal(1000), Decimal("0.06"), None),
        ("ibs_mun", "gIBSMun", Decimal(1000), Decimal(0), Decimal(0)),
        ("cbs", "gCBS", Decimal(1000), Decimal("0.9"), Decimal("5.13")),
        ("cbs_deferred", "gDif", None, Decimal(5), Decimal("0.27")),
        ("ibs_uf_regular", "gTribRegular", None, Decimal("0.1"), Decimal(1)),
        ("ibs_mun_regular", "gTribRegular", None, Decimal(0), Decimal(0)),
        ("cbs_regular", "gTribRegular", None, Decimal("0.9"), Decimal(9)),
        ("ibs_uf_government", "gTribCompraGov", None, Decimal("0.08"), Decimal("0.8")),
        ("ibs_mun_government", "gTribCompraGov", None, Decimal(0), Decimal(0)),
        ("cbs_government", "gTribCompraGov", None, Decimal("0.72"), Decimal("7.2")),
        ("ibs_credit_reversal", "gEstornoCred", None, None, Decimal("0.3")),
        ("cbs_credit_reversal", "gEstornoCred", None, None, Decimal("2.7")),
        ("ibs_presumed_credit", "gIBSCredPres", Decimal(1000), Decimal(1), Decimal(10)),
        ("cbs_presumed_credit_suspended", "gCBSCredPres", Decimal(1000), Decimal(2), Decimal(20)),
    ]
    # The item's CST and cClassTrib, but gTribRegular's own.
    assert {(t.cst, t.class_code) for t in taxes if t.group != "gTribRegular"} == {
        ("200", "200001")
    }
    assert {(t.cst, t.class_code) for t in taxes if t.group == "gTribRegular"} == {
        ("000", "000001")
    }
    assert (doc.totals.ibs, doc.totals.cbs) == (Decimal("0.57"), Decimal("5.13"))


def test_each_summed_reform_total_is_checked() -> None:
    generated = _reform_nfe(16, items=1, monophasic=frozenset())
    fields = (
        ("vBCIBSCBS", "1000.00", "vBCIBSCBS"),
        ("vDif", "0.01", "gIBS/gIBSUF/vDif"),
        ("vDevTrib", "0.02", "gIBS/gIBSUF/vDevTrib"),
        ("vCredPres", "10.00", "gIBS/vCredPres"),
        ("vCredPresCondSus", "20.00", "gCBS/vCredPresCondSus"),
        ("vDif", "0.27", "gCBS/vDif"),
        ("vIBSEstCred", "0.30", "gEstornoCred/vIBSEstCred"),
        ("vCBSEstCred", "2.70", "gEstornoCred/vCBSEstCred"),
    )
    for field, value, path in fields:
        totals = _FULL_TOTALS.replace(f"<{field}>{value}<", f"<{field}>{Decimal(value) + 1}<", 1)
        doc = one_document(_with_groups(nfe_xml(generated), _FULL_IBS_CBS, totals))
        assert _mismatches(doc) == [f"{_TOTAL}/{path}"], path


def test_credit_transfer_adjustment_and_zfm_credit() -> None:
    generated = _reform_nfe(17, items=1, monophasic=frozenset())
    transfer = (
        "<IBSCBS><CST>800</CST><cClassTrib>800001</cClassTrib><gTransfCred><vIBS>1.10</vIBS>"
        "<vCBS>2.20</vCBS></gTransfCred><gCredPresIBSZFM><competApur>2026-01</competApur>"
        "<tpCredPresIBSZFM>1</tpCredPresIBSZFM><vCredPresIBSZFM>3.30</vCredPresIBSZFM>"
        "</gCredPresIBSZFM></IBSCBS>"
    )
    (item,) = one_document(_with_groups(nfe_xml(generated), transfer)).items
    assert [(t.kind, t.group, t.cst, t.amount) for t in _reform_taxes(item.taxes)] == [
        ("ibs_credit_transfer", "gTransfCred", "800", Decimal("1.10")),
        ("cbs_credit_transfer", "gTransfCred", "800", Decimal("2.20")),
        ("ibs_zfm_presumed_credit", "gCredPresIBSZFM", "800", Decimal("3.30")),
    ]
    adjustment = (
        "<IBSCBS><CST>811</CST><cClassTrib>811001</cClassTrib><gAjusteCompet>"
        "<competApur>2026-02</competApur><vIBS>4.40</vIBS><vCBS>5.50</vCBS></gAjusteCompet>"
        "</IBSCBS>"
    )
    (item,) = one_document(_with_groups(nfe_xml(generated), adjustment)).items
    assert [(t.kind, t.amount) for t in _reform_taxes(item.taxes)] == [
        ("ibs_adjustment", Decimal("4.40")),
        ("cbs_adjustment", Decimal("5.50")),
    ]


def test_reform_values_with_a_decimal_comma_take_the_lenient_path() -> None:
    generated = _reform_nfe(18, items=1, monophasic=frozenset())
    lenient = _FULL_IBS_CBS.replace("<vDif>0.27</vDif>", "<vDif>0,27</vDif>")
    doc = one_document(_with_groups(nfe_xml(generated), lenient, _FULL_TOTALS))
    assert doc.warnings == ()
    deferred = next(t for t in doc.items[0].taxes if t.kind == "cbs_deferred")
    assert deferred.amount == Decimal("0.27")


def test_selective_tax_total_is_checked() -> None:
    generated = _reform_nfe(19, items=1, monophasic=frozenset())
    selective = (
        "<IS><CSTIS>000</CSTIS><cClassTribIS>000001</cClassTribIS><vBCIS>100.00</vBCIS>"
        "<pIS>10.0000</pIS><uTrib>UN</uTrib><qTrib>1.0000</qTrib><vIS>10.00</vIS></IS>"
    )
    data = _with_groups(nfe_xml(generated), selective, "<ISTot><vIS>10.00</vIS></ISTot>")
    assert one_document(data).warnings == ()
    data = data.replace(b"<ISTot><vIS>10.00", b"<ISTot><vIS>11.00")
    assert _mismatches(one_document(data)) == ["/NFe/infNFe/total/ISTot/vIS"]


def test_reform_sample_reads_its_optional_groups(samples_dir: Path) -> None:
    doc = parse_one_document(samples_dir / "nfe55/nfelib__nfe_reforma_tributaria.xml")
    taxes = {t.kind: t for t in doc.items[0].taxes}
    assert (taxes["ibs_uf_deferred"].rate, taxes["ibs_uf_deferred"].amount) == (
        Decimal(1),
        Decimal(8),
    )
    assert taxes["ibs_mun_returned"].amount == Decimal(15)
    assert (taxes["ibs_uf_reduced"].base, taxes["ibs_uf_reduced"].rate) == (
        Decimal(800),
        Decimal("1.50"),
    )
    regular = taxes["cbs_regular"]
    assert (regular.cst, regular.class_code, regular.rate, regular.amount) == (
        "000",
        "000000",
        Decimal(3),
        Decimal("30.50"),
    )
    # The sample's values were typed by hand: its totals do not add up, and say so.
    paths = _mismatches(doc)
    assert "/NFe/infNFe/det[1]/imposto/IBSCBS/gIBSCBS/vIBS" in paths
    assert f"{_TOTAL}/gCBS/vCBS" in paths
    assert f"{_TOTAL}/gIBS/vIBS" in paths
    assert doc.totals.cbs == Decimal("87.29")


def test_generated_items_keep_their_defaults() -> None:
    item = GeneratedItem("P1", "x", Decimal(2), Decimal("10.00"))
    assert not item.monophasic
    assert item.reform_tax("cbs") == Decimal("0.18")
    assert item.reform_tax("ibs_mono") == Decimal(0)
