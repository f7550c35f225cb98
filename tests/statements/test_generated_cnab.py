"""Generated CNAB 240/400 files with known titles, read exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import ParseError
from backend.statements import EntryKind, TransactionType, parse_statement
from backend.statements.cnab400 import LAYOUTS
from backend.statements.cnab_occurrences import (
    BANCO_DO_BRASIL_400,
    BANRISUL_400,
    BRADESCO_400,
    CAIXA_400,
    FEBRABAN_240_COLLECTION,
    FEBRABAN_240_PAYMENT,
    GENERIC_400,
    ITAU_400,
    SANTANDER_400,
    SICREDI_400,
)
from backend.statements.testing.generators import (
    LIQUIDATION_CODE_400,
    NOSSO_NUMERO_400,
    GenPayment,
    GenTitle,
    make_cnab240_collection,
    make_cnab240_payments,
    make_cnab400,
    random_titles,
)


@pytest.mark.parametrize("trim", [False, True])
@pytest.mark.parametrize("bank", ["001", "237", "341", "748", "756", "104"])
def test_cnab240_collection_values(bank: str, trim: bool) -> None:
    titles = random_titles(30, seed=11)
    result = parse_statement(make_cnab240_collection(titles, bank, trim=trim))
    assert result.format == "cnab240"
    assert result.skipped_count == 0
    assert len(result.titles) == 30
    paid = [t for t in titles if t.occurrence == "06"]
    # Segment T positions 38-57 hold the nosso número; Sicoob and Caixa read part of it.
    window = {"756": slice(0, 10), "104": slice(2, 19)}.get(bank, slice(0, 20))
    assert [t.nosso_numero for t in result.titles if t.liquidated] == [
        t.nosso_numero.ljust(20)[window].strip() for t in paid
    ]
    assert sum(t.amount for t in result.transactions) == sum(t.paid for t in paid)
    for got, sent in zip(result.titles, titles, strict=True):
        assert got.seu_numero == sent.seu_numero
        assert got.amount == sent.amount
        assert got.amount_paid == sent.paid
        assert got.interest_fine == sent.interest
        assert got.bank_fee == sent.fee
        assert got.net_credit == sent.paid - sent.fee
        assert got.due_date == sent.due
        assert got.occurrence_date == sent.occurred
        assert got.credit_date == sent.credited
        assert got.liquidated is (sent.occurrence == "06")
        assert got.counterparty is not None
        assert (got.counterparty.name, got.counterparty.document) == (
            sent.payer_name,
            sent.payer_cnpj,
        )
    rejected = next(t for t in result.titles if t.occurrence_code == "03")
    assert rejected.occurrence_meaning == "Entrada Rejeitada"
    assert all(t.posted_on == date(2026, 9, 14) for t in result.transactions)


def test_cnab240_payments_a_b_j_j52() -> None:
    payments = [
        GenPayment(
            "A", "PAG1", Decimal("100.50"), date(2026, 9, 3), "FORNECEDOR A", "12345678000195"
        ),
        GenPayment(
            "J", "PAG2", Decimal("55.10"), date(2026, 9, 4), "CONCESSIONARIA", "11222333000181"
        ),
        GenPayment(
            "A", "PAG3", Decimal("7.00"), date(2026, 9, 5), "JOSE", "52998224725", occurrence="BD"
        ),
        GenPayment(
            "A",
            "PAG4",
            Decimal("9.99"),
            date(2026, 9, 5),
            "MARIA",
            "52998224725",
            chamber="009",
            occurrence="00",
        ),
        GenPayment(
            "A",
            "PAG5",
            Decimal("1.00"),
            date(2026, 9, 5),
            "REJEITADO",
            "52998224725",
            occurrence="AGAN",
        ),
    ]
    result = parse_statement(make_cnab240_payments(payments))
    assert result.skipped_count == 0
    assert [t.kind for t in result.titles] == [EntryKind.PAYMENT] * 5
    assert [t.occurrence_code for t in result.titles] == ["00", "00", "BD", "00", "AG"]
    assert result.titles[4].reasons == ("AN",)
    assert result.titles[2].occurrence_meaning == "Inclusão Efetuada com Sucesso"
    assert [t.liquidated for t in result.titles] == [True, True, False, True, False]
    assert [(t.amount, t.type) for t in result.transactions] == [
        (Decimal("-100.50"), TransactionType.TED),
        (Decimal("-55.10"), TransactionType.BOLETO),
        (Decimal("-9.99"), TransactionType.PIX),
    ]
    first, boleto = result.transactions[:2]
    assert first.counterparty is not None
    assert (first.counterparty.name, first.counterparty.document) == (
        "FORNECEDOR A",
        "12345678000195",
    )
    assert boleto.references.boleto_barcode == payments[1].barcode
    assert boleto.counterparty is not None
    assert boleto.counterparty.document == "11222333000181"
    assert first.account.number == "000000098765"
    assert first.references.seu_numero == "PAG1"
    assert result.statements[0].kind is EntryKind.PAYMENT


@pytest.mark.parametrize("bank", sorted(NOSSO_NUMERO_400))
def test_cnab400_each_bank(bank: str) -> None:
    code = LIQUIDATION_CODE_400.get(bank, "06")
    titles = [
        GenTitle(
            nosso_numero=f"{i + 1:07d}",
            seu_numero=f"S{i:04d}",
            amount=Decimal("100.00") * (i + 1),
            paid=Decimal("100.00") * (i + 1) + Decimal("2.50"),
            interest=Decimal("2.50"),
            rebate=Decimal("0.10"),
            discount=Decimal("0.20"),
            fee=Decimal("1.75"),
            occurrence=code if i != 1 else "02",
        )
        for i in range(4)
    ]
    result = parse_statement(make_cnab400(titles, bank))
    assert result.format == "cnab400"
    assert result.details["layout"] == LAYOUTS[bank].name
    assert result.skipped_count == 0
    assert len(result.titles) == 4
    for got, sent in zip(result.titles, titles, strict=True):
        assert got.nosso_numero is not None
        assert int(got.nosso_numero) == int(sent.nosso_numero)
        assert got.seu_numero == sent.seu_numero
        assert (got.amount, got.amount_paid, got.interest_fine) == (
            sent.amount,
            sent.paid,
            sent.interest,
        )
        assert (got.rebate, got.discount, got.bank_fee) == (sent.rebate, sent.discount, sent.fee)
        assert got.due_date == sent.due
        assert got.occurrence_date == sent.occurred
    liquidated = [t for t in result.titles if t.liquidated]
    assert len(liquidated) == 3
    # Sicredi and Banco do Nordeste give no separate credit date: the occurrence date stands.
    expected_credit = date(2026, 9, 12) if bank in ("748", "004") else date(2026, 9, 14)
    assert {t.credit_date for t in liquidated} == {expected_credit}
    assert [t.amount for t in result.transactions] == [
        t.paid for t in titles if t.occurrence == code
    ]
    assert {t.posted_on for t in result.transactions} == {expected_credit}


def test_cnab400_unknown_bank_reads_generic_with_a_warning() -> None:
    titles = random_titles(4, seed=9)
    result = parse_statement(make_cnab400(titles, "237").replace(b"237", b"224", 1))
    assert result.details == {"layout": "generic_febraban"}
    (warning,) = result.warnings
    assert warning.code == "UNKNOWN_BANK" and "224 (Banco Fibra)" in warning.message
    assert warning.location.column == 77
    assert [t.amount for t in result.titles] == [t.amount for t in titles]


def test_cnab400_bank_code_that_is_not_digits_is_refused() -> None:
    data = make_cnab400(random_titles(2), "237").replace(b"237", b"X9Z", 1)
    with pytest.raises(ParseError) as caught:
        parse_statement(data)
    assert caught.value.code == "UNKNOWN_BANK"
    assert caught.value.location.column == 77


def test_cnab240_unknown_bank_reads_febraban_with_a_warning() -> None:
    result = parse_statement(make_cnab240_collection(random_titles(3, seed=1), "998"))
    assert [w.code for w in result.warnings] == ["UNKNOWN_BANK"]
    assert len(result.titles) == 3


def test_bad_records_are_skipped_and_located() -> None:
    titles = random_titles(6, seed=2)
    lines = make_cnab240_collection(titles, "001").decode().split("\r\n")
    # Line 4 is the first U: corrupt its amount paid; line 7 is a T: make it too long.
    lines[3] = lines[3][:80] + "00000000ABC0000" + lines[3][95:]
    lines[6] = lines[6] + "EXTRA"
    result = parse_statement("\r\n".join(lines).encode())
    # The bad U takes its T with it; the over-long T leaves its U an orphan.
    assert [(e.code, e.location.line) for e in result.skipped] == [
        ("BAD_AMOUNT", 4),
        ("BAD_RECORD_LENGTH", 7),
        ("ORPHAN_SEGMENT", 8),
    ]
    assert result.skipped_count == 3
    assert result.skipped[0].location.column == 78
    assert [t.seu_numero for t in result.titles] == [titles[i].seu_numero for i in (1, 3, 4, 5)]
    assert result.warnings == ()


def test_cnab400_bad_amount_skips_one_title() -> None:
    titles = random_titles(5, seed=3)
    lines = make_cnab400(titles, "341").decode().split("\r\n")
    lines[2] = lines[2][:152] + "12345X7890123" + lines[2][165:]
    result = parse_statement("\r\n".join(lines).encode())
    assert result.skipped_count == 1
    assert result.skipped[0].code == "BAD_AMOUNT"
    assert (result.skipped[0].location.line, result.skipped[0].location.column) == (3, 153)
    assert [t.seu_numero for t in result.titles] == [titles[i].seu_numero for i in (0, 2, 3, 4)]


@pytest.mark.parametrize(
    "table",
    [
        FEBRABAN_240_COLLECTION,
        FEBRABAN_240_PAYMENT,
        BANCO_DO_BRASIL_400,
        BRADESCO_400,
        ITAU_400,
        SANTANDER_400,
        CAIXA_400,
        SICREDI_400,
        BANRISUL_400,
        GENERIC_400,
    ],
    ids=lambda table: table.name,
)
def test_every_liquidating_code_has_a_meaning(table: object) -> None:
    assert table.liquidating  # type: ignore[attr-defined]
    for code in table.liquidating:  # type: ignore[attr-defined]
        assert table.meaning(code)  # type: ignore[attr-defined]
        assert len(code) == 2


def test_cnab400_remittance_is_not_a_return() -> None:
    data = make_cnab400(random_titles(2), "237").replace(b"02RETORNO", b"01REMESSA", 1)
    with pytest.raises(ParseError) as caught:
        parse_statement(data)
    assert caught.value.code == "REMITTANCE_FILE"
