"""Numbers the NF-e fast path refuses: read leniently, or rejected with the exact path."""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation

import pytest

from backend.core.errors import ParseError
from backend.fiscal.nfe import parse_nfe_tree
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.fiscal.values import DecimalCache, to_decimal
from backend.ingest import parse_fiscal
from backend.ingest.safe_xml import parse_xml

_NFE = random_nfe(random.Random(8), items=3)
_DATA = nfe_xml(_NFE)


def _second_item(old: bytes, new: bytes) -> bytes:
    """``_DATA`` with ``old`` replaced by ``new`` inside the second det only."""
    start = _DATA.index(b'<det nItem="2">')
    end = _DATA.index(b"</det>", start)
    return _DATA[:start] + _DATA[start:end].replace(old, new, 1) + _DATA[end:]


def test_comma_decimal_and_blank_values_are_read_leniently() -> None:
    quantity = _NFE.items[1].quantity
    data = _second_item(f"<qCom>{quantity}.0000</qCom>".encode(), b"<qCom>1.234,5</qCom>")
    data = data.replace(b"<vSeg>0.00</vSeg>", b"<vSeg>  </vSeg>")
    (doc,) = parse_nfe_tree(parse_xml(data), check_signature="presence")
    assert doc.items[1].quantity == Decimal("1234.5")
    assert doc.items[0].quantity == _NFE.items[0].quantity
    assert doc.totals.insurance is None
    assert doc.totals.total == _NFE.total


@pytest.mark.parametrize("bad", [b"abc", b"NaN", b"Infinity", b"1,2,3"])
def test_bad_numbers_name_their_path(bad: bytes) -> None:
    quantity = _NFE.items[1].quantity
    data = _second_item(f"<qCom>{quantity}.0000</qCom>".encode(), b"<qCom>" + bad + b"</qCom>")
    with pytest.raises(ParseError) as caught:
        parse_nfe_tree(parse_xml(data), check_signature="presence")
    assert caught.value.code == "INVALID_VALUE"
    assert caught.value.location.path == "/NFe/infNFe/det[2]/prod/qCom"
    assert "/NFe/infNFe/det[2]/prod/qCom" in caught.value.message


def test_a_nested_tax_value_names_its_group() -> None:
    data = _second_item(b"<pICMS>18.00</pICMS>", b"<pICMS>18%</pICMS>")
    with pytest.raises(ParseError) as caught:
        parse_nfe_tree(parse_xml(data), check_signature="presence")
    assert caught.value.location.path == "/NFe/infNFe/det[2]/imposto/ICMS/ICMS00/pICMS"


def test_leaf_text_is_stripped_like_every_other_layout() -> None:
    data = _DATA.replace(b"<natOp>Venda de mercadoria</natOp>", b"<natOp>\n  Venda \n</natOp>")
    data = data.replace(b"<CFOP>5102</CFOP>", b"<CFOP> 5102 </CFOP>", 1)
    (doc,) = parse_nfe_tree(parse_xml(data), check_signature="presence")
    assert doc.operation_nature == "Venda"
    assert doc.items[0].cfop == "5102"


def test_huge_values_are_invalid_not_an_overflow() -> None:
    # Summing two of these for the vNF check used to raise decimal.Overflow.
    data = _DATA.replace(b"<vFrete>0.00</vFrete>", b"<vFrete>9e999999</vFrete>")
    data = data.replace(b"<vSeg>0.00</vSeg>", b"<vSeg>9e999999</vSeg>")
    (result,) = parse_fiscal(data)
    assert result.error is not None
    assert result.error.code == "INVALID_VALUE"
    assert result.error.location.path == "/NFe/infNFe/total/ICMSTot/vFrete"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9999999999999.99", Decimal("9999999999999.99")), ("1e12", Decimal("1e12"))],
)
def test_the_largest_values_the_layouts_allow_are_read(text: str, expected: Decimal) -> None:
    assert to_decimal(text, "vNF") == expected
    with pytest.raises(ParseError):
        to_decimal("1" + "0" * 13, "vNF")


def test_the_decimal_cache_gives_exact_values_and_refuses_the_rest() -> None:
    cache = DecimalCache()
    assert cache[None] is None
    first = cache["18.00"]
    assert first == Decimal("18.00") and str(first) == "18.00"
    assert cache["18.00"] is first  # a hit is the same immutable object
    assert str(cache["18.0"]) == "18.0"  # the text is the key: the exponent is kept
    for bad in ("1.234,56", "NaN", "Infinity", "9e999999", "", "   ", "abc"):
        with pytest.raises(InvalidOperation):
            cache[bad]
        assert bad not in cache


def test_the_decimal_cache_starts_over_past_its_limit() -> None:
    cache = DecimalCache()
    for number in range(DecimalCache.LIMIT + 10):
        assert cache[f"{number}.00"] == Decimal(number)
    assert len(cache) <= DecimalCache.LIMIT
    assert cache[None] is None
    assert cache["1.00"] == Decimal(1)


def test_a_bad_number_is_located_at_the_number_not_at_a_text_field_with_the_same_text() -> None:
    # The slow path finds a bad value by its text; the first item's description carries
    # the same text earlier in the document and must not be blamed.
    quantity = _NFE.items[1].quantity
    data = _second_item(f"<qCom>{quantity}.0000</qCom>".encode(), b"<qCom>abc</qCom>")
    data = re.sub(rb"<xProd>[^<]*</xProd>", b"<xProd>abc</xProd>", data, count=1)
    with pytest.raises(ParseError) as caught:
        parse_nfe_tree(parse_xml(data), check_signature="presence")
    assert caught.value.location.path == "/NFe/infNFe/det[2]/prod/qCom"
