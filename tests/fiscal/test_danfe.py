"""DANFE PDFs: key, names, receiver and total, on generated PDFs and on the real samples."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.fiscal.danfe_pdf import parse_danfe_pdf
from backend.fiscal.model import DocumentKind
from backend.fiscal.testing.generators import danfe_pdf, random_nfe
from backend.ingest import parse_fiscal
from tests.fiscal.helpers import parse_one_document

_NFE = random_nfe(random.Random(5))


@pytest.mark.parametrize(
    ("emitter", "receiver"),
    [
        ("Emitente Teste Ltda", "Destinatário Teste S/A"),
        ("Padaria São João (Matriz) Ltda - ME", "JOSÉ DA SILVA & FILHOS LTDA"),
        ("A&B Comércio de Peças Ltda.", "Cooperativa Agroindustrial Açaí \\ Norte"),
    ],
)
def test_generated_danfe_names(emitter: str, receiver: str) -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, emitter_name=emitter, receiver_name=receiver))
    assert doc.kind is DocumentKind.DANFE
    assert doc.access_key == _NFE.access_key
    assert (doc.emitter.document, doc.emitter.name) == (_NFE.emitter_cnpj, emitter)
    assert doc.receiver is not None
    assert (doc.receiver.document, doc.receiver.name) == (_NFE.receiver_cnpj, receiver)
    assert doc.totals.total == _NFE.total
    assert doc.issued_at == datetime.fromisoformat(_NFE.issued_at[:10])
    assert doc.warnings == ()


_NAME = (
    st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdeçãéíóúÁÉÇÕ &-./()'0123456789"),
        min_size=2,
        max_size=60,
    )
    .map(lambda name: " ".join(name.split()))
    .filter(lambda name: len(name) > 1)
)


@settings(max_examples=25, deadline=None)
@given(emitter=_NAME.filter(lambda n: any(c.isalpha() for c in n)), seed=st.integers(0, 99))
def test_any_emitter_name_round_trips(emitter: str, seed: int) -> None:
    nfe = random_nfe(random.Random(seed))
    doc = parse_danfe_pdf(danfe_pdf(nfe, emitter_name=emitter))
    assert doc.emitter.name == emitter
    assert doc.access_key == nfe.access_key


def test_emitter_name_beside_the_title_without_a_receipt_stub() -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, emitter_name="Loja Sem Canhoto Ltda", with_stub=False))
    assert doc.emitter.name == "Loja Sem Canhoto Ltda"


def test_missing_receiver_box_is_a_warning() -> None:
    doc = parse_danfe_pdf(danfe_pdf(_NFE, with_receiver_box=False))
    assert doc.receiver is None
    assert doc.emitter.name == "Emitente Teste Ltda"
    assert [(w.code, w.message) for w in doc.warnings] == [
        ("PDF_NAME_NOT_FOUND", "the receiver's name could not be read")
    ]


def test_wrong_check_digit_is_invalid_access_key() -> None:
    key = _NFE.access_key
    wrong = key[:-1] + str((int(key[-1]) + 1) % 10)
    (result,) = parse_fiscal(danfe_pdf(_NFE, access_key=wrong), filename="danfe.pdf")
    assert result.error is not None
    assert result.error.code == "INVALID_ACCESS_KEY"
    assert wrong in result.error.message
    assert result.error.location.file == "danfe.pdf"


def test_no_key_is_missing_field() -> None:
    (result,) = parse_fiscal(danfe_pdf(_NFE, access_key="1234 5678"))
    assert result.error is not None
    assert result.error.code == "MISSING_FIELD"


@pytest.mark.parametrize(
    ("name", "emitter", "receiver", "receiver_name"),
    [
        (
            "danfe_default",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        ("danfe_default_production", "Empresa Lucro Presumido Ltda", "76586507812", None),
        (
            "danfe_multipage_landscape",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        (
            "danfe_overload",
            "Empresa Lucro Presumido Ltda",
            "76586507812",
            "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
        ),
        ("danfe_reforma_tributaria", "Contribuinte A", "00127912000129", "Contribuinte B"),
    ],
)
def test_sample_names(
    samples_dir: Path, name: str, emitter: str, receiver: str, receiver_name: str | None
) -> None:
    doc = parse_one_document(samples_dir / f"danfe_pdf/BrazilFiscalReport__{name}.pdf")
    assert doc.emitter.name == emitter
    assert doc.receiver is not None
    assert doc.receiver.document == receiver
    # The production sample's receiver is "EMPRESA FICTÍCIA LTDA".
    assert doc.receiver.name == (receiver_name or "EMPRESA FICTÍCIA LTDA")
    assert doc.warnings == ()


def test_sample_names_match_the_xml(samples_dir: Path) -> None:
    pdf = parse_one_document(
        samples_dir / "danfe_pdf/BrazilFiscalReport__danfe_reforma_tributaria.pdf"
    )
    xml = parse_one_document(samples_dir / "nfe55/nfelib__nfe_reforma_tributaria.xml")
    assert pdf.receiver is not None and xml.receiver is not None
    # The emitter's CNPJ comes from the key, which in this sample does not match the XML's
    # emit/CNPJ (a test file); the printed name does.
    assert pdf.emitter.name == xml.emitter.name
    assert (pdf.receiver.document, pdf.receiver.name) == (
        xml.receiver.document,
        xml.receiver.name,
    )
    assert pdf.totals.total == xml.totals.total == Decimal("164746.81")
