"""Generated documents with known values: exact fields, warnings, events, signatures, JSON."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.fiscal.events import apply_events
from backend.fiscal.model import FiscalDocument, FiscalEvent, SignatureStatus, Status
from backend.fiscal.serialize import to_jsonable
from backend.fiscal.testing.generators import (
    GeneratedNFSe,
    cte_xml,
    make_cnpj,
    nfe_xml,
    nfse_nacional_xml,
    random_nfe,
)
from backend.ingest import parse_fiscal
from tests.fiscal.helpers import one_document


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 12))
def test_generated_nfe_round_trips(seed: int, items: int) -> None:
    generated = random_nfe(random.Random(seed), items=items)
    doc = one_document(nfe_xml(generated))
    assert doc.access_key == generated.access_key
    assert doc.number == str(generated.number)
    assert doc.series == str(generated.series)
    assert doc.issued_at == datetime.fromisoformat(generated.issued_at)
    assert doc.issued_at is not None
    assert doc.issued_at.utcoffset() == timedelta(hours=-3)
    assert doc.emitter.document == generated.emitter_cnpj
    assert doc.receiver is not None
    assert doc.receiver.document == generated.receiver_cnpj
    assert doc.totals.total == generated.total
    assert doc.totals.products == generated.products
    assert [i.total for i in doc.items] == [i.total for i in generated.items]
    assert [i.description for i in doc.items] == [i.description for i in generated.items]
    icms = [next(t.amount for t in i.taxes if t.kind == "icms") for i in doc.items]
    assert icms == [i.icms for i in generated.items]
    assert sum((i.amount for i in doc.installments), Decimal(0)) == generated.total
    assert doc.status is Status.AUTHORIZED
    assert doc.warnings == ()
    assert all(isinstance(i.quantity, Decimal) for i in doc.items)


def test_key_that_disagrees_is_a_warning_not_an_error() -> None:
    generated = random_nfe(random.Random(7))
    other_number = dataclasses.replace(generated, number=generated.number + 1)
    xml = nfe_xml(generated).replace(
        f"<nNF>{generated.number}</nNF>".encode(), f"<nNF>{other_number.number}</nNF>".encode()
    )
    doc = one_document(xml)
    assert doc.number == str(other_number.number)
    assert [w.code for w in doc.warnings] == ["ACCESS_KEY_MISMATCH"]


def test_totals_that_do_not_add_up_are_a_warning() -> None:
    generated = random_nfe(random.Random(8))
    xml = nfe_xml(generated).replace(
        f"<vNF>{generated.total}</vNF>".encode(), f"<vNF>{generated.total + 10}</vNF>".encode()
    )
    doc = one_document(xml)
    assert doc.totals.total == generated.total + 10
    assert [w.code for w in doc.warnings] == ["TOTALS_MISMATCH"]


def test_envi_nfe_batch_yields_every_document() -> None:
    rng = random.Random(9)
    batch = [random_nfe(rng) for _ in range(3)]
    bodies = b"".join(
        nfe_xml(g, with_protocol=False)
        .split(b"?>", 1)[1]
        .replace(b' xmlns="http://www.portalfiscal.inf.br/nfe"', b"")
        for g in batch
    )
    xml = (
        b'<enviNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00">'
        b"<idLote>1</idLote><indSinc>0</indSinc>" + bodies + b"</enviNFe>"
    )
    (result,) = parse_fiscal(xml)
    assert result.error is None
    assert [r.access_key for r in result.records] == [g.access_key for g in batch]


def test_generated_nfse_nacional() -> None:
    rng = random.Random(3)
    generated = GeneratedNFSe(
        number=42,
        provider_cnpj=make_cnpj(rng),
        taker_cnpj=make_cnpj(rng),
        services=Decimal("1234.56"),
        iss_rate=Decimal("2.00"),
        irrf=Decimal("18.52"),
    )
    doc = one_document(nfse_nacional_xml(generated))
    assert doc.number == "42"
    assert doc.emitter.document == generated.provider_cnpj
    assert doc.totals.total == Decimal("1216.04")
    assert doc.totals.iss == Decimal("24.69")
    assert doc.service is not None
    assert doc.service.competence == date(2026, 9, 1)
    assert doc.warnings == ()
    # A key whose check digit is wrong is kept and reported, as for an NF-e.
    assert doc.access_key is not None
    wrong = doc.access_key[:49] + str((int(doc.access_key[49]) + 1) % 10)
    tampered = one_document(
        nfse_nacional_xml(generated).replace(doc.access_key.encode(), wrong.encode())
    )
    assert tampered.access_key == wrong
    assert [w.code for w in tampered.warnings] == ["INVALID_ACCESS_KEY"]


def test_generated_cte_and_its_nfe_reference() -> None:
    rng = random.Random(4)
    nfe = random_nfe(rng)
    payer = make_cnpj(rng)
    doc = one_document(
        cte_xml(
            number=77,
            emitter_cnpj=make_cnpj(rng),
            payer_cnpj=payer,
            total=Decimal("987.65"),
            nfe_key=nfe.access_key,
        )
    )
    assert doc.number == "77"
    assert doc.totals.total == Decimal("987.65")
    assert doc.totals.icms == Decimal("118.52")
    assert doc.receiver is not None
    assert doc.receiver.document == payer
    assert [r.access_key for r in doc.references] == [nfe.access_key]
    assert doc.warnings == ()


def test_cancellation_arriving_later_changes_status(samples_dir: Path) -> None:
    documents = parse_fiscal((samples_dir / "nfe55/sped-da__mod55-nfe.xml").read_bytes())
    events = parse_fiscal(
        (samples_dir / "nfe_event_cancel/sped-nfe__exemplo_xml_sefazCancela.xml").read_bytes()
    )
    (doc,) = documents[0].records
    (event,) = events[0].records
    assert isinstance(doc, FiscalDocument)
    assert isinstance(event, FiscalEvent)
    assert doc.status is Status.AUTHORIZED
    assert event.access_key == doc.access_key
    (updated,) = apply_events([doc], [event])
    assert updated.status is Status.CANCELLED
    # A correction letter does not cancel.
    letter = dataclasses.replace(event, event_type="110110")
    assert apply_events([doc], [letter])[0].status is Status.AUTHORIZED


def test_tampered_value_makes_the_signature_invalid(samples_dir: Path) -> None:
    path = samples_dir / "nfe_event_cancel/sped-nfe__exemplo_xml_sefazCancela.xml"
    original = path.read_bytes()
    (event,) = parse_fiscal(original)[0].records
    assert isinstance(event, FiscalEvent)
    assert event.signature is SignatureStatus.VALID
    tampered = original.replace(b"Preenchimento incorreto", b"Preenchimento correto!!")
    (changed,) = parse_fiscal(tampered)[0].records
    assert isinstance(changed, FiscalEvent)
    assert changed.signature is SignatureStatus.INVALID
    # Presence-only mode skips the cryptography.
    (quick,) = parse_fiscal(original, check_signature="presence")[0].records
    assert isinstance(quick, FiscalEvent)
    assert quick.signature is SignatureStatus.UNVERIFIED


def test_unsigned_document_reports_absent() -> None:
    doc = one_document(nfe_xml(random_nfe(random.Random(5)), with_protocol=False))
    assert doc.signature is SignatureStatus.ABSENT
    assert doc.status is Status.UNKNOWN


def test_json_keeps_money_exact_and_offsets(samples_dir: Path) -> None:
    doc = one_document((samples_dir / "nfe55/sped-nfe__nfe_layout4_com_prot.xml").read_bytes())
    payload = json.loads(json.dumps(to_jsonable(doc)))
    assert payload["type"] == "document"
    assert payload["kind"] == "nfe"
    assert payload["totals"]["total"] == "500.00"
    assert payload["issued_at"] == "2018-09-25T00:00:00-03:00"
    assert payload["installments"] == [
        {"number": "001", "due_date": "2018-12-31", "amount": "1.00"}
    ]
    assert payload["items"][0]["quantity"] == "10.0000"
    assert payload["status"] == "authorized"
    assert payload["signature"] == "invalid"
    assert payload["other_parties"] == {}


def test_json_of_an_error() -> None:
    (result,) = parse_fiscal(b"<NFe xmlns='http://www.portalfiscal.inf.br/nfe'><infNFe>")
    assert result.error is not None
    payload = to_jsonable(result.error)
    assert payload["type"] == "error"
    assert payload["code"] == "MALFORMED_XML"
    assert payload["location"]["line"] == 1


def test_datetimes_keep_their_offset() -> None:
    generated = random_nfe(random.Random(6))
    xml = nfe_xml(generated).replace(b"-03:00</dhEmi>", b"-04:00</dhEmi>")
    doc = one_document(xml)
    assert doc.issued_at is not None
    assert doc.issued_at.tzinfo == timezone(timedelta(hours=-4))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(-1000, 1000))
def test_vnf_mismatch_is_a_warning_exactly_when_parts_disagree(seed: int, cents: int) -> None:
    generated = random_nfe(random.Random(seed))
    changed = generated.total + Decimal(cents) / 100
    xml = nfe_xml(generated).replace(
        f"<vNF>{generated.total}</vNF>".encode(), f"<vNF>{changed}</vNF>".encode()
    )
    doc = one_document(xml)
    assert isinstance(doc.totals.total, Decimal)
    assert doc.totals.total == changed
    mismatch = [w for w in doc.warnings if w.code == "TOTALS_MISMATCH"]
    assert bool(mismatch) == (abs(cents) > 5)


def test_nfse_net_that_does_not_add_up_is_a_warning() -> None:
    rng = random.Random(12)
    generated = GeneratedNFSe(
        7, make_cnpj(rng), make_cnpj(rng), Decimal(100), Decimal(2), Decimal(1)
    )
    xml = nfse_nacional_xml(generated).replace(b"<vLiq>99</vLiq>", b"<vLiq>90</vLiq>")
    doc = one_document(xml)
    assert doc.totals.total == Decimal(90)
    assert [w.code for w in doc.warnings] == ["TOTALS_MISMATCH"]
