"""Every bank CSV sample parses to the values written in it, balances included."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from backend.statements import AccountKind, EntryKind, StatementParseResult, TransactionType

Parse = Callable[[str], StatementParseResult]


def test_every_csv_sample_is_covered(samples_dir: Path) -> None:
    assert sorted(p.name for p in (samples_dir / "bank_csv").iterdir()) == [
        "synthetic__inter_extrato.csv",
        "synthetic__itau_extrato.csv",
        "synthetic__ledger_lancamentos.csv",
        "synthetic__nubank_conta.csv",
    ]


def test_inter_preamble_bom_and_running_balance(parse_sample: Parse) -> None:
    result = parse_sample("bank_csv/synthetic__inter_extrato.csv")
    assert (result.profile, result.encoding) == ("inter_extrato", "utf-8-sig")
    assert result.details["header_line"] == "6"
    assert result.details["decimal_separator"] == ","
    (statement,) = result.statements
    assert statement.account.bank_code == "077"
    assert (statement.account.number, statement.account.check_digit) == ("12345678", "9")
    assert statement.balances[0].kind == "opening"
    opening = statement.balances[0].amount
    assert opening == Decimal("8120.55")
    assert (statement.start, statement.end) == (date(2026, 9, 1), date(2026, 9, 30))
    txs = result.transactions
    assert len(txs) == 30
    # The statement's own balance movement: each line's balance follows from the previous.
    running = opening
    for tx in txs:
        running += tx.amount
        assert tx.balance == running
    assert running == Decimal("27812.17")
    first = txs[0]
    assert (first.posted_on, first.amount) == (date(2026, 9, 1), Decimal("-463.30"))
    assert first.description == "Pix enviado - DISTRIBUIDORA ROCHA ME"
    assert first.type is TransactionType.PIX
    assert first.counterparty is not None
    assert first.counterparty.name == "DISTRIBUIDORA ROCHA ME"


def test_itau_latin1_daily_balances(parse_sample: Parse) -> None:
    result = parse_sample("bank_csv/synthetic__itau_extrato.csv")
    assert (result.profile, result.encoding) == ("itau_extrato", "cp1252")
    assert len(result.transactions) == 35
    assert result.skipped_count == 0
    daily = [b for b in result.statements[0].balances if b.kind == "daily"]
    assert len(daily) == 7
    assert (daily[0].amount, daily[0].as_of, daily[0].line) == (
        Decimal("17654.91"),
        date(2026, 9, 3),
        7,
    )
    # The statement's own balance movement: between two "SALDO DO DIA" lines the amounts
    # in file order add up to the change in balance.
    for before, after in itertools.pairwise(daily):
        assert before.line is not None and after.line is not None
        moved = sum(
            t.amount for t in result.transactions if before.line < t.source.line < after.line
        )
        assert before.amount + moved == after.amount
    ted = result.transactions[2]
    assert ted.description == "TED 341.4321 JOAO P SANTOS"
    assert (ted.type, ted.amount) == (TransactionType.TED, Decimal("670.48"))
    assert ted.counterparty is not None and ted.counterparty.name == "JOAO P SANTOS"
    assert result.transactions[0].type is TransactionType.FEE


def test_nubank_ids_and_documents(parse_sample: Parse) -> None:
    result = parse_sample("bank_csv/synthetic__nubank_conta.csv")
    assert result.profile == "nubank_conta"
    assert result.details["decimal_separator"] == "."
    assert result.details["delimiter"] == ","
    txs = result.transactions
    assert len(txs) == 40
    assert sum(t.amount for t in txs) == Decimal("21568.59")
    first = txs[0]
    assert first.source_id == "d76d4330-f144-6bea-b0c1-1fdecb91ce37"
    assert first.type is TransactionType.BOLETO
    assert first.amount == Decimal("-1259.51")
    pix = txs[1]
    assert pix.type is TransactionType.PIX
    assert pix.counterparty is not None
    assert (pix.counterparty.name, pix.counterparty.document) == (
        "ALIMENTOS DIAS EPP",
        "44555666000108",
    )
    masked = txs[3]
    assert masked.counterparty is not None
    assert (masked.counterparty.name, masked.counterparty.document) == ("JOAO P SANTOS", None)
    assert txs[0].account.bank_code == "260"


def test_ledger_entries_become_balanced_legs(parse_sample: Parse) -> None:
    result = parse_sample("bank_csv/synthetic__ledger_lancamentos.csv")
    assert (result.profile, result.encoding) == ("ledger_double_entry", "cp1252")
    txs = result.transactions
    assert len(txs) == 60
    assert all(t.kind is EntryKind.LEDGER for t in txs)
    assert sum(t.amount for t in txs) == Decimal("0.00")
    debit, credit = txs[0], txs[1]
    assert debit.account.ledger_code == "2.1.1.01.004"
    assert debit.account.kind is AccountKind.LEDGER
    assert (debit.amount, credit.amount) == (Decimal("8713.42"), Decimal("-8713.42"))
    assert credit.account.ledger_code == "1.1.1.02.001"
    assert (debit.contra_account, credit.contra_account) == ("1.1.1.02.001", "2.1.1.01.004")
    assert debit.references.document_number == "NF5975"
    assert debit.description == "PAGTO FORNECEDOR JOAO P SANTOS NF 2082"
    assert debit.counterparty is not None and debit.counterparty.name == "JOAO P SANTOS"
    bank = [t for t in txs if t.account.ledger_code == "1.1.1.02.001"]
    assert len(bank) == 30
    assert {s.account.ledger_code for s in result.statements} >= {"1.1.1.02.001"}
