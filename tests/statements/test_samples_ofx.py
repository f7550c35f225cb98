"""Every real OFX sample parses to the values written in it."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from ofxtools.Parser import OFXTree

from backend.statements import (
    AccountKind,
    EntryKind,
    StatementParseResult,
    TransactionType,
)

Parse = Callable[[str], StatementParseResult]

# file -> (statements, transactions, sum of amounts, closing ledger balance of the last statement)
EXPECTED = {
    "ofxparser__caixa_julho.ofx": (1, 4, "-301.52", "207.70"),
    "ofxparser__data.ofx": (1, 28, "4879.83", "3781.05"),
    "ofxparser__extrato_caixa.ofx": (1, 4, "-301.52", "207.70"),
    "ofxparser__extrato_itau.ofx": (1, 48, "-2313.06", "11.40"),
    "ofxparser__extrato_itau_iso.ofx": (1, 1, "-1974.54", "-248.58"),
    "ofxparser__extrato_itau_maio.ofx": (1, 10, "-7.46", "33.25"),
    "ofxparser__extrato_santander.ofx": (1, 24, "-46.73", "11.54"),
    "ofxparser__fatura_cc_1.ofx": (1, 6, "-392.12", "-392.12"),
    "ofxparser__ofxdata-bb-two-stmtrs.ofx": (2, 36, "-3648.66", "4555.28"),
    "ofxparser__ofxdata-bb.ofx": (1, 1, "239.55", "239.35"),
    "ofxparser__ofxdata-selfclose.ofx": (1, 5, "585.00", None),
}


def test_every_ofx_sample_is_pinned(samples_dir: Path) -> None:
    assert sorted(p.name for p in (samples_dir / "ofx").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ofx_sample_counts_sums_and_balances(parse_sample: Parse, name: str) -> None:
    statements, count, total, balance = EXPECTED[name]
    result = parse_sample(f"ofx/{name}")
    assert result.format == "ofx"
    assert len(result.statements) == statements
    assert len(result.transactions) == count
    assert sum(t.amount for t in result.transactions) == Decimal(total)
    assert result.skipped_count == 0
    last = result.statements[-1]
    ledger = [b.amount for b in last.balances if b.kind == "ledger"]
    assert ledger == ([Decimal(balance)] if balance else [])
    assert len({t.fingerprint for t in result.transactions}) == count


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ofx_sample_agrees_with_ofxtools_where_it_copes(
    parse_sample: Parse, samples_dir: Path, name: str
) -> None:
    tree = OFXTree()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree.parse(str(samples_dir / "ofx" / name))
            reference = tree.convert()
    except Exception:  # ofxtools fails on two samples; that is the point
        assert name in {"ofxparser__ofxdata-bb-two-stmtrs.ofx", "ofxparser__ofxdata-selfclose.ofx"}
        return
    theirs = [
        (t.dtposted.date(), t.trnamt, t.fitid)
        for statement in reference.statements
        for t in statement.transactions
    ]
    ours = [
        (t.posted_on, t.amount, t.references.fitid)
        for t in parse_sample(f"ofx/{name}").transactions
    ]
    assert [(d, a, f) for d, a, f in ours] == [(d, Decimal(a), f) for d, a, f in theirs]


def test_santander_comma_amounts_and_cnpj_in_memo(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__data.ofx")
    first = result.transactions[0]
    assert first.posted_on == date(2013, 9, 3)
    assert first.amount == Decimal("7000.00")
    assert first.description.startswith("TRANSFERENCIA ENTRE CONTAS")
    assert first.type is TransactionType.TRANSFER
    assert first.counterparty is not None
    assert first.counterparty.document == "15095735000113"
    assert first.references.fitid == "00482399"
    assert first.account.bank_code == "033"
    assert first.account.number == "0239010162619"


def test_banco_do_brasil_two_statements_latin1(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__ofxdata-bb-two-stmtrs.ofx")
    assert result.encoding == "cp1252"
    first, second = result.statements
    assert (first.account.number, first.account.check_digit) == ("455000", "5")
    assert (second.account.number, second.account.check_digit) == ("655000", "2")
    assert first.institution == "Banco do Brasil S/A"
    assert all(t.statement_index == 1 for t in result.transactions)
    tx = result.transactions[0]
    assert tx.description == "TED-CRÉDITO EM CONTA"
    assert tx.amount == Decimal("13318.36")
    assert tx.type is TransactionType.TED
    assert tx.references.check_number == "5322222"


def test_credit_card_statement(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__fatura_cc_1.ofx")
    (statement,) = result.statements
    assert statement.kind is EntryKind.CARD
    assert statement.account.kind is AccountKind.CREDIT_CARD
    assert statement.account.number == "54e88fea-25a4-4bf6-985b-d72f98a20e85"
    assert [t.amount for t in result.transactions][:2] == [Decimal("-136.90"), Decimal("-93.23")]
    assert {t.type for t in result.transactions} == {TransactionType.CARD}
    assert result.transactions[0].kind is EntryKind.CARD


def test_dates_with_offsets_keep_the_written_day(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__caixa_julho.ofx")
    assert [t.posted_on for t in result.transactions] == [
        date(2015, 7, 1),
        date(2015, 7, 1),
        date(2015, 7, 10),
        date(2015, 7, 27),
    ]
    assert [t.type for t in result.transactions] == [
        TransactionType.INTEREST,
        TransactionType.TAX,
        TransactionType.FEE,
        TransactionType.OTHER,
    ]
    assert result.statements[0].start == date(2015, 7, 1)
    assert result.statements[0].end == date(2015, 7, 31)


def test_utf8_memo_and_empty_balance(parse_sample: Parse) -> None:
    assert parse_sample("ofx/ofxparser__extrato_itau_iso.ofx").transactions[0].description == (
        "ççççåADáéñ"
    )
    selfclose = parse_sample("ofx/ofxparser__ofxdata-selfclose.ofx")
    assert selfclose.statements[0].balances == ()
    assert selfclose.transactions[1].type is TransactionType.CARD
