"""Property tests: no input makes the ingest layer raise anything but ParseError results."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.fiscal.codes import ERROR_CODES
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import parse_fiscal

_SEED_DOCUMENT = nfe_xml(random_nfe(random.Random(21), items=2))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_results_not_exceptions(data: bytes) -> None:
    for result in parse_fiscal(data):
        assert result.error is None or result.error.code in ERROR_CODES


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(_SEED_DOCUMENT)))
def test_truncated_documents(cut: int) -> None:
    for result in parse_fiscal(_SEED_DOCUMENT[:cut]):
        assert result.error is not None or cut == len(_SEED_DOCUMENT)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(_SEED_DOCUMENT) - 1), st.binary(max_size=8)), max_size=6)
)
def test_mutated_documents(mutations: list[tuple[int, bytes]]) -> None:
    data = bytearray(_SEED_DOCUMENT)
    for position, replacement in mutations:
        data[position : position + len(replacement)] = replacement
    for result in parse_fiscal(bytes(data)):
        if result.error is None:
            for record in result.records:
                assert record.access_key is None or isinstance(record.access_key, str)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["vNF", "vProd", "qCom", "dhEmi", "nNF", "mod", "CNPJ", "infNFe"]),
    st.text(max_size=12),
)
def test_field_values_replaced_with_text(tag: str, value: str) -> None:
    start = _SEED_DOCUMENT.find(f"<{tag}".encode())
    end = _SEED_DOCUMENT.find(f"</{tag}>".encode(), start)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace")
    inner_start = _SEED_DOCUMENT.find(b">", start) + 1
    data = _SEED_DOCUMENT[:inner_start] + escaped + _SEED_DOCUMENT[end:]
    for result in parse_fiscal(data):
        assert result.error is None or result.error.code in ERROR_CODES


_NUMBERS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2}|[0-9]e[+-]?[0-9]{1,7}", fullmatch=True),
    st.text(alphabet="0123456789.,-eE+_ ", max_size=14),
)
_NUMERIC_TAGS = ["vFrete", "vSeg", "vOutro", "vProd", "vNF", "qCom", "vUnCom", "vBC", "vDup"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NUMERIC_TAGS), _NUMBERS), min_size=1, max_size=4))
def test_numeric_fields_replaced_with_numbers(replacements: list[tuple[str, str]]) -> None:
    # Values that overflow sums, NaN, comma decimals: a document or a ParseError, never a crash.
    data = _SEED_DOCUMENT
    for tag, value in replacements:
        start = data.find(f"<{tag}>".encode())
        end = data.find(f"</{tag}>".encode(), start)
        if start >= 0 and end >= 0:
            data = data[: start + len(tag) + 2] + value.encode() + data[end:]
    for result in parse_fiscal(data):
        assert result.error is None or result.error.code in ERROR_CODES
