"""Every real CNAB 240/400 sample parses to the values written in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.statements import EntryKind, StatementParseResult, TransactionType

Parse = Callable[[str], StatementParseResult]

# file -> (format, bank, titles, liquidated, sum of transaction amounts)
EXPECTED = {
    "cnab240_retorno/brcobranca__CNAB240.RET": ("cnab240", "001", 35, 35, "21880.94"),
    "cnab240_retorno/brcobranca__CNAB240AILOS.RET": ("cnab240", "085", 3, 3, "6.00"),
    "cnab240_retorno/brcobranca__CNAB240SANTANDER.RET": ("cnab240", "033", 2, 1, "10.00"),
    "cnab240_retorno/brcobranca__CNAB240SICOOB.RET": ("cnab240", "756", 3, 3, "6.00"),
    "cnab240_retorno/brcobranca__CNAB240_COM_CODIGOS.RET": ("cnab240", "001", 4, 3, "1846.94"),
    "cnab400_retorno/brcobranca__CBR64310.RET": ("cnab400", "001", 26, 26, "10051.83"),
    "cnab400_retorno/brcobranca__CNAB400BANCONORDESTE.RET": ("cnab400", "004", 1, 1, "175.00"),
    "cnab400_retorno/brcobranca__CNAB400BANRISUL.RET": ("cnab400", "041", 1, 1, "1450.00"),
    "cnab400_retorno/brcobranca__CNAB400BRADESCO.RET": ("cnab400", "237", 6, 0, "0"),
    "cnab400_retorno/brcobranca__CNAB400ITAU.RET": ("cnab400", "341", 52, 51, "2546.22"),
    "cnab400_retorno/brcobranca__CNAB400SANTANDER.RET": ("cnab400", "033", 52, 51, "2546.22"),
}


def test_every_cnab_sample_is_pinned(samples_dir: Path) -> None:
    found = {
        f"{p.parent.name}/{p.name}"
        for folder in ("cnab240_retorno", "cnab400_retorno")
        for p in (samples_dir / folder).iterdir()
    }
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cnab_sample_counts_and_sums(parse_sample: Parse, name: str) -> None:
    fmt, bank, titles, liquidated, total = EXPECTED[name]
    result = parse_sample(name)
    assert result.format == fmt
    assert result.skipped_count == 0
    assert len(result.titles) == titles
    assert sum(1 for t in result.titles if t.liquidated) == liquidated
    assert len(result.transactions) == liquidated
    assert sum(t.amount for t in result.transactions) == Decimal(total)
    assert {t.account.bank_code for t in result.titles} == {bank}
    # Every liquidated title points at its transaction, and only those do.
    assert [t.transaction_fingerprint for t in result.titles if t.liquidated] == [
        t.fingerprint for t in result.transactions
    ]
    assert all(t.transaction_fingerprint is None for t in result.titles if not t.liquidated)
    assert all(t.type is TransactionType.BOLETO for t in result.transactions)


def test_banco_do_brasil_240_segment_u_values(parse_sample: Parse) -> None:
    result = parse_sample("cnab240_retorno/brcobranca__CNAB240.RET")
    title = result.titles[0]
    assert title.kind is EntryKind.COLLECTION
    assert title.nosso_numero == "14499570000020673"
    assert title.occurrence_code == "17"
    assert title.occurrence_meaning == "Liquidação Após Baixa ou Liquidação Título Não Registrado"
    assert title.amount == Decimal("344.00")
    assert title.amount_paid == Decimal("344.00")
    assert title.net_credit == Decimal("342.97")
    assert title.interest_fine == Decimal("0.09")
    assert title.discount == Decimal("0.01")
    assert title.rebate == Decimal("0.02")
    assert title.iof == Decimal("0.03")
    assert title.other_expenses == Decimal("0.04")
    assert title.other_credits == Decimal("0.05")
    assert title.bank_fee == Decimal("1.03")
    assert title.occurrence_date == date(2011, 12, 29)
    assert title.credit_date == date(2012, 1, 2)
    assert title.due_date is None
    assert title.counterparty is None
    tx = result.transactions[0]
    assert (tx.posted_on, tx.amount, tx.source_id) == (
        date(2012, 1, 2),
        Decimal("344.00"),
        "14499570000020673",
    )
    assert tx.kind is EntryKind.COLLECTION
    assert tx.account.branch == "01234"
    assert (tx.account.number, tx.account.check_digit) == ("000000005432", "1")


def test_cnab240_codes_entries_are_not_money(parse_sample: Parse) -> None:
    result = parse_sample("cnab240_retorno/brcobranca__CNAB240_COM_CODIGOS.RET")
    codes = [(t.occurrence_code, t.liquidated, t.reasons) for t in result.titles]
    assert codes == [
        ("06", True, ("A9", "A4", "15", "22", "16")),
        ("02", False, ("03", "11")),
        ("17", True, ("02",)),
        ("17", True, ()),
    ]
    assert result.titles[1].occurrence_meaning == "Entrada Confirmada"


def test_santander_240_positions(parse_sample: Parse) -> None:
    result = parse_sample("cnab240_retorno/brcobranca__CNAB240SANTANDER.RET")
    entry, paid = result.titles
    assert entry.occurrence_code == "02"
    assert not entry.liquidated
    assert entry.bank_fee == Decimal("3.92")
    assert paid.nosso_numero == "0000000001406"
    assert paid.seu_numero == "0000001406"
    assert paid.due_date == date(2016, 4, 1)
    assert paid.credit_date == date(2016, 4, 4)
    assert paid.counterparty is not None and paid.counterparty.name == "FULANO SANTOS"
    assert (paid.account.branch, paid.account.number) == ("3163", "013002862")


def test_sicoob_240_nosso_numero_and_payer(parse_sample: Parse) -> None:
    result = parse_sample("cnab240_retorno/brcobranca__CNAB240SICOOB.RET")
    assert [t.nosso_numero for t in result.titles] == ["0000000083", "0000000116", "0000000123"]
    payer = result.titles[0].counterparty
    assert payer is not None
    assert (payer.name, payer.document) == ("2A MATERIAIS ELETRICOS", "03997783000118")
    assert result.titles[0].bank_fee == Decimal("1.70")
    assert result.transactions[0].counterparty == payer


def test_banco_do_brasil_cbr643_type_7(parse_sample: Parse) -> None:
    result = parse_sample("cnab400_retorno/brcobranca__CBR64310.RET")
    assert result.details == {"layout": "banco_do_brasil_cbr643"}
    title = result.titles[0]
    assert title.nosso_numero == "16224200000000003"
    assert title.occurrence_meaning == "Liquidação Normal"
    assert title.amount == Decimal("90.64")
    assert title.bank_fee == Decimal("5.00")
    assert title.occurrence_date == date(2009, 1, 20)
    assert title.credit_date == date(2009, 1, 22)
    assert (title.account.branch, title.account.number, title.account.check_digit) == (
        "3325",
        "00028935",
        "3",
    )


def test_itau_400_net_paid_and_payer_name(parse_sample: Parse) -> None:
    result = parse_sample("cnab400_retorno/brcobranca__CNAB400ITAU.RET")
    first = result.titles[0]
    assert (first.nosso_numero, first.amount, first.amount_paid, first.bank_fee) == (
        "00000011",
        Decimal("40.00"),
        Decimal("37.90"),
        Decimal("2.10"),
    )
    assert first.credit_date == date(2013, 5, 21)
    last = result.titles[-1]
    assert last.occurrence_code == "09"
    assert last.occurrence_meaning == "Baixa simples"
    assert not last.liquidated
    assert last.counterparty is not None and last.counterparty.name == "MIRCALO TIADORO"


def test_bradesco_400_entries_and_write_off(parse_sample: Parse) -> None:
    result = parse_sample("cnab400_retorno/brcobranca__CNAB400BRADESCO.RET")
    assert [t.occurrence_code for t in result.titles] == ["02"] * 5 + ["10"]
    assert result.titles[0].seu_numero == "0030"
    assert result.titles[0].amount == Decimal("1450.00")
    assert result.transactions == ()


def test_nordeste_and_banrisul_400(parse_sample: Parse) -> None:
    bnb = parse_sample("cnab400_retorno/brcobranca__CNAB400BANCONORDESTE.RET").titles[0]
    assert (bnb.nosso_numero, bnb.amount, bnb.bank_fee) == (
        "00000116",
        Decimal("175.00"),
        Decimal("2.60"),
    )
    assert bnb.credit_date == date(2014, 11, 19)
    banrisul = parse_sample("cnab400_retorno/brcobranca__CNAB400BANRISUL.RET").titles[0]
    assert banrisul.nosso_numero == "2283256350"
    assert banrisul.credit_date == date(2015, 5, 15)
    assert banrisul.occurrence_meaning == "Liquidação normal"


def test_cnab_statement_period_comes_from_the_entries(parse_sample: Parse) -> None:
    (statement,) = parse_sample("cnab400_retorno/brcobranca__CNAB400ITAU.RET").statements
    assert (statement.start, statement.end) == (date(2013, 5, 21), date(2013, 5, 21))
    assert statement.institution == "Itaú Unibanco"
