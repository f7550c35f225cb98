"""Parsed documents and statements as engine input: sides, directions, ids, liquidations."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal

from backend.fiscal.events import apply_events
from backend.fiscal.model import (
    DocumentKind,
    FiscalDocument,
    FiscalEvent,
    Installment,
    Party,
    Status,
)
from backend.fiscal.testing.generators import nfe_event_xml, nfe_xml, random_nfe
from backend.ingest import parse_fiscal
from backend.reconciliation.adapters import (
    SkipReason,
    align_liquidation_accounts,
    document_key,
    document_sides,
    statement_transactions,
    valid_company_id,
)
from backend.reconciliation.model import (
    Direction,
    DocumentStatus,
    TransactionSource,
    TransactionType,
)
from backend.statements import parse_statement
from backend.statements.testing.generators import (
    GenEntry,
    GenStatement,
    GenTitle,
    make_cnab240_collection,
    make_cnab400,
    make_ofx,
)


def _parsed_nfe(seed: int = 3) -> tuple[FiscalDocument, str, str]:
    generated = random_nfe(random.Random(seed))
    ((doc,),) = (result.records for result in parse_fiscal(nfe_xml(generated)))
    assert isinstance(doc, FiscalDocument)
    return doc, generated.emitter_cnpj, generated.receiver_cnpj


def test_direction_comes_from_the_tenants_cnpjs() -> None:
    doc, emitter, receiver = _parsed_nfe()
    issued = document_sides(doc, frozenset({emitter}))
    received = document_sides(doc, frozenset({"99999999000191", receiver}))
    assert {s.direction for s in issued.sides} == {Direction.RECEIVABLE}
    assert {s.counterparty_tax_id for s in issued.sides} == {receiver}
    assert {s.direction for s in received.sides} == {Direction.PAYABLE}
    assert {s.counterparty_tax_id for s in received.sides} == {emitter}
    assert document_sides(doc, frozenset({"99999999000191"})).skipped is SkipReason.NOT_COMPANY
    both = document_sides(doc, frozenset({emitter, receiver}))
    assert both.skipped is SkipReason.INTERNAL and not both.sides


def test_installments_are_sides_with_the_printed_numbers() -> None:
    doc, emitter, _ = _parsed_nfe()
    sides = document_sides(doc, frozenset({emitter})).sides
    assert [(s.key, s.installment) for s in sides] == [
        (doc.access_key, "001"),
        (doc.access_key, "002"),
    ]
    assert sum(s.amount for s in sides) == doc.totals.total
    assert [s.due_date for s in sides] == [date(2026, 10, 10), date(2026, 11, 10)]
    assert {s.number for s in sides} == {doc.number}
    assert sides[0].cfops == ("5102",)

    whole = dataclasses.replace(doc, installments=())
    (side,) = document_sides(whole, frozenset({emitter})).sides
    assert (side.installment, side.amount, side.due_date) == (None, doc.totals.total, None)

    unnumbered = dataclasses.replace(
        doc,
        installments=(
            Installment(None, date(2026, 5, 1), Decimal("10.00")),
            Installment(None, date(2026, 6, 1), Decimal("0.00")),  # nothing to pay
            Installment("7", date(2026, 7, 1), Decimal("5.00")),
        ),
    )
    parts = document_sides(unnumbered, frozenset({emitter})).sides
    assert [(s.installment, s.amount) for s in parts] == [("001", Decimal("10.00")), ("7", 5)]


def test_cancellation_event_marks_every_side() -> None:
    doc, emitter, _ = _parsed_nfe()
    assert doc.access_key is not None
    ((event,),) = (
        result.records
        for result in parse_fiscal(
            nfe_event_xml(access_key=doc.access_key, event_type="110111", xJust="x" * 20)
        )
    )
    assert isinstance(event, FiscalEvent)
    (cancelled,) = apply_events([doc], [event])
    sides = document_sides(cancelled, frozenset({emitter})).sides
    assert {s.status for s in sides} == {DocumentStatus.CANCELLED}
    denied = dataclasses.replace(doc, status=Status.DENIED)
    assert {s.status for s in document_sides(denied, frozenset({emitter})).sides} == {
        DocumentStatus.DENIED
    }


def test_nfse_without_key_uses_emitter_and_number() -> None:
    doc, emitter, _ = _parsed_nfe()
    nfse = dataclasses.replace(
        doc,
        kind=DocumentKind.NFSE,
        access_key=None,
        number="2026000017",
        emitter=Party(document="12.345.678/0001-95", name="Prestadora"),
        receiver=Party(document=emitter),
        installments=(),
    )
    assert document_key(nfse) == "NFSE:12345678000195:2026000017"
    (side,) = document_sides(nfse, frozenset({emitter})).sides
    assert side.key == "NFSE:12345678000195:2026000017"
    assert side.direction is Direction.PAYABLE
    anonymous = dataclasses.replace(nfse, number=None)
    assert document_sides(anonymous, frozenset({emitter})).skipped is SkipReason.NO_KEY


def test_payment_references_come_from_the_additional_information() -> None:
    doc, emitter, _ = _parsed_nfe()
    line = "34191.09008 00122.130370 50059.980008 1 90740000012345"
    single = dataclasses.replace(
        doc,
        installments=doc.installments[:1],
        additional_info=(
            f"Boleto Nosso Número: 00012345. Pix TXID: abcDEF123 ; Linha digitável {line}"
        ),
    )
    (side,) = document_sides(single, frozenset({emitter})).sides
    assert side.references.nosso_numero == "00012345"
    assert side.references.pix_txid == "abcDEF123"
    assert side.references.boleto_line == "".join(ch for ch in line if ch.isdigit())
    # Two installments: the text does not say which one the boleto is for.
    double = dataclasses.replace(single, installments=doc.installments)
    assert all(
        s.references.nosso_numero is None
        for s in document_sides(double, frozenset({emitter})).sides
    )


def test_company_ids_accept_formatted_and_alphanumeric() -> None:
    assert valid_company_id("11.222.333/0001-81") == "11222333000181"
    assert valid_company_id("12.ABC.345/01DE-35") == "12ABC34501DE35"
    assert valid_company_id("529.982.247-25") == "52998224725"
    assert valid_company_id("11.222.333/0001-80") is None


def _ofx_transactions(*entries: GenEntry) -> list:  # type: ignore[type-arg]
    result = parse_statement(
        make_ofx(
            [GenStatement(list(entries), bank_id="341", branch_id="1234", account_id="5432-1")]
        )
    )
    return statement_transactions(result.transactions, result.titles)


def test_bank_lines_keep_the_printed_id_and_are_keyed_by_fingerprint() -> None:
    day = date(2026, 3, 2)
    adapted = _ofx_transactions(
        GenEntry(day, Decimal("-10.00"), "TARIFA TED", "SAME"),
        GenEntry(day, Decimal("-10.00"), "TARIFA TED", "SAME"),
        GenEntry(day, Decimal("120.00"), "LIQ COBRANCA 10000123", "B1"),
        GenEntry(day, Decimal("-3000.00"), "PAGTO SALARIO FUNC", "S1"),
        GenEntry(day, Decimal("55.00"), "PIX RECEBIDO NF 4512 CLIENTE", "N1"),
    )
    assert [a.printed_id for a in adapted] == ["SAME", "SAME", "B1", "S1", "N1"]
    assert len({a.tx.id for a in adapted}) == 5
    assert adapted[0].tx.type is TransactionType.FEE
    assert adapted[2].tx.references.nosso_numero == "10000123"
    assert adapted[3].tx.type is TransactionType.PAYROLL
    assert adapted[4].tx.references.document_number == "4512"
    assert adapted[4].tx.references.nosso_numero is None
    assert {a.tx.source for a in adapted} == {TransactionSource.BANK}


def test_cnab_liquidations_are_grouped_by_credit_date_and_aligned_to_the_statement() -> None:
    credited = date(2026, 3, 16)
    titles = [
        GenTitle("7001", "201-001", Decimal("800.00"), Decimal("805.00"), interest=Decimal("5"),
                 fee=Decimal("2.49"), credited=credited),
        GenTitle("7002", "202-002", Decimal("450.50"), Decimal("450.50"), fee=Decimal("1.99"),
                 credited=credited),
        GenTitle("7003", "203-001", Decimal("99.00"), Decimal("0"), occurrence="02"),
    ]  # fmt: skip
    result = parse_statement(make_cnab240_collection(titles, bank="341"))
    liquidations = statement_transactions(result.transactions, result.titles)
    assert [a.printed_id for a in liquidations] == ["7001", "7002"]  # the entry (02) moved no money
    first, second = (a.tx for a in liquidations)
    assert first.source is TransactionSource.CNAB_LIQUIDATION
    assert (first.amount, first.deducted_fee) == (Decimal("805.00"), Decimal("2.49"))
    assert first.settlement_group == second.settlement_group
    assert first.references.document_number == "201"
    assert first.counterparty_tax_id == "12345678000195"

    bank = _ofx_transactions(GenEntry(credited, Decimal("1251.02"), "CRED COBRANCA", "C1"))
    cnab400 = parse_statement(make_cnab400(titles[:1], bank="341"))
    no_account = statement_transactions(cnab400.transactions, cnab400.titles)
    aligned = align_liquidation_accounts([*liquidations, *no_account, *bank])
    accounts = {a.tx.account_id for a in aligned}
    assert accounts == {bank[0].tx.account_id}
    assert all(
        a.tx.settlement_group == f"{bank[0].tx.account_id}@{credited.isoformat()}"
        for a in aligned
        if a.tx.source is TransactionSource.CNAB_LIQUIDATION
    )
    # Two statement accounts of the bank and a return without an account: left as read.
    other = parse_statement(
        make_ofx([GenStatement([GenEntry(credited, Decimal("1"), "X", "Y")], bank_id="341",
                               account_id="777-7")])
    )  # fmt: skip
    ambiguous = align_liquidation_accounts(
        [*no_account, *bank, *statement_transactions(other.transactions, ())]
    )
    assert ambiguous[0].tx.account_id == no_account[0].tx.account_id
