"""Property tests: no input makes the ingest layer raise anything but ParseError results."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.fiscal.codes import ERROR_CODES
from backend.fiscal.model import FiscalDocument
from backend.fiscal.testing.generators import (
    GeneratedAbrasf,
    GeneratedIpm,
    GeneratedNFSe,
    abrasf_xml,
    cte_simp_xml,
    cte_xml,
    danfe_pdf,
    ipm_xml,
    make_cnpj,
    nfe_event_xml,
    nfe_xml,
    nfse_nacional_xml,
    random_nfe,
)
from backend.ingest import parse_fiscal
from tests.conftest import SAMPLES_DIR

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


def _generated_seeds() -> dict[str, bytes]:
    """One generated document of every layout the generators write."""
    rng = random.Random(22)
    nfe = random_nfe(rng, items=2)
    return {
        "nfe-reform": nfe_xml(nfe, reform=True),
        "nfe-event": nfe_event_xml(
            access_key=nfe.access_key, event_type="110111", xJust="Erro de digitacao"
        ),
        "cte": cte_xml(
            number=5,
            emitter_cnpj=make_cnpj(rng),
            payer_cnpj=make_cnpj(rng),
            total=Decimal("150.00"),
            nfe_key=nfe.access_key,
        ),
        "cte-simp": cte_simp_xml(
            number=6,
            emitter_cnpj=make_cnpj(rng),
            payer_cnpj=make_cnpj(rng),
            deliveries=((nfe.access_key, Decimal("80.00")),),
            installments=(("001", "2026-10-05", Decimal("80.00")),),
        ),
        "nfse-nacional": nfse_nacional_xml(
            GeneratedNFSe(7, make_cnpj(rng), make_cnpj(rng), Decimal(100), Decimal(2), Decimal(1))
        ),
        "nfse-abrasf": abrasf_xml(
            GeneratedAbrasf(8, make_cnpj(rng), "52998224725", Decimal("900.00"), Decimal(3), True)
        ),
        "nfse-ipm": ipm_xml(
            GeneratedIpm(9, make_cnpj(rng), "52998224725", Decimal("500.00"), Decimal(2))
        ),
    }


# A real sample of each layout the generators do not write.
_SAMPLE_SEEDS = {
    "nfse-sp": "nfse_sp/sped-nfse__RetornoConsulta.xml",
    "nfse-dsf": "nfse_dsf/sped-nfse__retorno_consultanfse-20100611.xml",
    "nfse-nacional-event": (
        "nfse_nacional/BrazilFiscalReport__5e6ca60e-7148-4d44-8bd8-d3aff2a6c16f_cancel.xml"
    ),
}


@pytest.fixture(
    scope="module",
    params=[pytest.param("generated"), pytest.param("samples", marks=pytest.mark.samples)],
)
def layout_seeds(request: pytest.FixtureRequest) -> dict[str, bytes]:
    """One document of every layout we read, in two runs of each test: the generated ones,
    then the real samples of the layouts left (São Paulo, DSF, the national NFS-e event),
    so that only the second run is skipped without the samples."""
    if request.param == "generated":
        return _generated_seeds()
    return {name: (SAMPLES_DIR / relative).read_bytes() for name, relative in _SAMPLE_SEEDS.items()}


def _check_results(data: bytes) -> None:
    """Every result is records or a registered error code; amounts are Decimal."""
    for result in parse_fiscal(data):
        if result.error is not None:
            assert result.error.code in ERROR_CODES
            continue
        for record in result.records:
            if isinstance(record, FiscalDocument):
                assert isinstance(record.totals.total, Decimal)
                assert all(isinstance(i.amount, Decimal) for i in record.installments)


def _draw_seed(seeds: dict[str, bytes], data: st.DataObject) -> bytes:
    return seeds[data.draw(st.sampled_from(sorted(seeds)), label="seed")]


def test_every_layout_seed_parses(layout_seeds: dict[str, bytes]) -> None:
    # The seeds must be documents, or the properties below would only fuzz error paths.
    for name, data in layout_seeds.items():
        (result,) = parse_fiscal(data)
        assert result.error is None, (name, result.error)
        assert result.records, name


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_truncated_documents_of_every_layout(
    layout_seeds: dict[str, bytes], data: st.DataObject
) -> None:
    seed = _draw_seed(layout_seeds, data)
    cut = data.draw(st.integers(0, len(seed) - 1))
    _check_results(seed[:cut])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_documents_of_every_layout(
    layout_seeds: dict[str, bytes], data: st.DataObject
) -> None:
    seed = bytearray(_draw_seed(layout_seeds, data))
    mutations = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(seed) - 1), st.binary(min_size=1, max_size=8)),
            min_size=1,
            max_size=6,
        )
    )
    for position, replacement in mutations:
        seed[position : position + len(replacement)] = replacement
    _check_results(bytes(seed))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_every_text_of_every_layout_replaced(
    layout_seeds: dict[str, bytes], data: st.DataObject
) -> None:
    # Any one field's text swapped for hostile text (numbers, dates, keys alike).
    seed = _draw_seed(layout_seeds, data)
    texts = [m.span(1) for m in re.finditer(rb">([^<>]+)</", seed)]
    start, end = data.draw(st.sampled_from(texts))
    value = data.draw(st.one_of(_NUMBERS, st.text(max_size=16)))
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace")
    _check_results(seed[:start] + escaped + seed[end:])


_SEED_PDF = danfe_pdf(random_nfe(random.Random(23)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_SEED_PDF) - 1), st.binary(min_size=1, max_size=8)),
        max_size=6,
    ),
    st.integers(1, len(_SEED_PDF)),
)
def test_mutated_and_truncated_pdfs(mutations: list[tuple[int, bytes]], cut: int) -> None:
    # pdfminer's own failures become PDF_UNREADABLE; damaged text (a date like 13/00/2026)
    # must not escape as ValueError from our reading of it.
    data = bytearray(_SEED_PDF[:cut])
    for position, replacement in mutations:
        data[position : position + len(replacement)] = replacement
    _check_results(bytes(data))
