"""Every real sample of SAMPLES_DIR parses, or fails with the documented code."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from backend.fiscal.model import FiscalDocument
from backend.fiscal.serialize import to_jsonable
from backend.ingest import Kind, parse_fiscal
from backend.ingest.sniff import STATEMENT_KINDS
from tests.conftest import SAMPLES_DIR, sample_params

# Directory -> the kind every file in it must be sniffed as.
_DIRECTORY_KINDS = {
    "nfe55": {Kind.NFE},
    "nfce65": {Kind.NFCE},
    "nfe_event_cancel": {Kind.NFE_EVENT},
    "nfe_event_cce": {Kind.NFE_EVENT},
    "nfse_abrasf": {Kind.NFSE_ABRASF},
    "nfse_dsf": {Kind.NFSE_DSF},
    "nfse_nacional": {Kind.NFSE_NACIONAL, Kind.NFSE_NACIONAL_EVENT},
    "nfse_sp": {Kind.NFSE_SP},
    "cte": {Kind.CTE},
    "danfe_pdf": {Kind.PDF},
    "mdfe": {Kind.MDFE},
    "ofx": {Kind.OFX},
    "cnab240_retorno": {Kind.CNAB240},
    "cnab400_retorno": {Kind.CNAB400},
    "bank_csv": {Kind.CSV},
}

# Files that must fail, with the code and why.
_EXPECTED_ERRORS = {
    # MDF-e is recognised but out of scope (a manifest, not a document to reconcile).
    "mdfe/BrazilFiscalReport__mdf-e_test_1.xml": "UNSUPPORTED_KIND",
    "mdfe/nfelib__41190876676436000167580010000500001000437558-mdfe.xml": "UNSUPPORTED_KIND",
    "mdfe/sped-da__24210131626841000132580010000004881636061008-mdfe.xml": ("UNSUPPORTED_KIND"),
    # The MEI DANFE's key 3127...4220, like its source XML's, fails mod 11 and says model 95
    # where a DANFE's is 55 or 65 (the XML's <mod> says 55): a key of another model than the
    # title's is no key of this PDF.
    "danfe_pdf/BrazilFiscalReport__danfe_mei.pdf": "INVALID_ACCESS_KEY",
    # A DANFSe (NFS-e rendering) has a 50-digit NFS-e key, not a 44-digit access key.
    "danfe_pdf/BrazilFiscalReport__danfse_default_prod.pdf": "MISSING_FIELD",
}

_SAMPLES = sample_params(
    p.relative_to(SAMPLES_DIR).as_posix()
    for d in _DIRECTORY_KINDS
    for p in (SAMPLES_DIR / d).iterdir()
    if p.is_file()
)
# Read but with warnings, as their XML is: the printed key (4224...4657) fails its check
# digit, like the CT-e XML it was rendered from.
_EXPECTED_WARNINGS = {
    "danfe_pdf/BrazilFiscalReport__dacte_default.pdf": {"INVALID_ACCESS_KEY"},
}


def test_sample_list_is_complete(samples_dir: Path) -> None:
    assert len(_SAMPLES) >= 100
    assert set(_EXPECTED_ERRORS) | set(_EXPECTED_WARNINGS) <= set(_SAMPLES)


@pytest.mark.parametrize("relative", _SAMPLES)
def test_sample(samples_dir: Path, relative: str) -> None:
    data = (samples_dir / relative).read_bytes()
    results = parse_fiscal(data, filename=relative)
    assert len(results) == 1
    (result,) = results
    assert result.kind in _DIRECTORY_KINDS[relative.split("/")[0]]
    expected_error = _EXPECTED_ERRORS.get(relative)
    if expected_error is not None:
        assert result.error is not None
        assert result.error.code == expected_error
        return
    assert result.error is None, result.error
    if relative in _EXPECTED_WARNINGS:
        (document,) = result.records
        assert isinstance(document, FiscalDocument)
        assert _EXPECTED_WARNINGS[relative] <= {w.code for w in document.warnings}
    if result.kind in (Kind.OFX, Kind.CNAB240, Kind.CNAB400, Kind.CSV):
        # Bank files are handed over untouched to backend.statements.
        assert result.data == data
        assert not result.records
    else:
        assert result.records
        for record in result.records:
            payload = json.loads(json.dumps(to_jsonable(record)))
            if isinstance(record, FiscalDocument):
                assert payload["type"] == "document"
                # The amount to be paid is always an exact decimal string.
                assert Decimal(payload["totals"]["total"]) == record.totals.total
            else:
                assert payload["type"] == "event"


_DEFAULT_NAMESPACE = re.compile(rb'\sxmlns="[^"]*"')
# XML samples of the supported layouts that declare a default namespace.
_NAMESPACED_SAMPLES = sample_params(
    relative
    for relative in _SAMPLES
    if relative.endswith(".xml")
    and _DEFAULT_NAMESPACE.search((SAMPLES_DIR / relative).read_bytes())
    and _DIRECTORY_KINDS[relative.split("/")[0]].isdisjoint(STATEMENT_KINDS)
)


@pytest.mark.parametrize("relative", _NAMESPACED_SAMPLES)
def test_sample_without_namespaces_parses_the_same(samples_dir: Path, relative: str) -> None:
    # Some ERPs and municipal exports drop the layout's namespace; sniffing falls back on
    # each layout's own groups, and the parsers read local names.
    data = (samples_dir / relative).read_bytes()
    stripped = _DEFAULT_NAMESPACE.sub(b"", data)
    (original,) = parse_fiscal(data)
    (result,) = parse_fiscal(stripped)
    assert result.kind is original.kind
    # MDF-e stays recognised and refused the same way.
    assert (result.error and result.error.code) == _EXPECTED_ERRORS.get(relative)
    assert [_comparable(r) for r in result.records] == [_comparable(r) for r in original.records]


def _comparable(record: object) -> dict[str, object]:
    """The JSON of a record without what the namespaces legitimately change."""
    payload = to_jsonable(record)
    assert isinstance(payload, dict)
    # Dropping a namespace changes the signed bytes: a valid signature becomes invalid.
    payload.pop("signature", None)
    return payload
