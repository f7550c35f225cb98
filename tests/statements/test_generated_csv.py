"""Generated CSV exports in every dialect banks use, read exactly; unknown CSVs explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import ParseError
from backend.statements import AccountKind, EntryKind, parse_statement
from backend.statements.testing.generators import (
    CsvStyle,
    GenEntry,
    make_bank_csv,
    make_ledger_csv,
    random_entries,
    random_ledger,
)

STYLES = {
    "semicolon-comma-cp1252": CsvStyle(),
    "comma-dot-utf8": CsvStyle(delimiter=",", decimal_comma=False, encoding="utf-8"),
    "comma-delimiter-decimal-comma-quoted": CsvStyle(delimiter=",", encoding="utf-8"),
    "tab-iso-dates": CsvStyle(delimiter="\t", date_format="%Y-%m-%d", thousands=False),
    "pipe-bom-preamble": CsvStyle(
        delimiter="|",
        bom=True,
        encoding="utf-8",
        preamble=("Extrato de conta corrente", "Agência|0001", "Conta|98765-4", ""),
    ),
    "english-headers-month-first": CsvStyle(
        header=("Date", "Description", "Amount"),
        delimiter=",",
        decimal_comma=False,
        date_format="%m/%d/%Y",
        encoding="utf-8",
        newline="\n",
    ),
    "latin1-two-digit-years": CsvStyle(date_format="%d/%m/%y", encoding="latin-1"),
    "historico-valor": CsvStyle(header=("Data Movimento", "Histórico", "Valor (R$)")),
}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_generic_bank_csv_dialects(name: str) -> None:
    # Three weeks of entries so month-first dates show a day above 12.
    entries = random_entries(150, seed=21)
    style = STYLES[name]
    result = parse_statement(make_bank_csv(entries, style), filename="extrato.csv")
    assert result.format == "csv"
    assert result.profile == "generic_bank"
    assert result.skipped_count == 0
    got = [(t.posted_on, t.amount, t.description) for t in result.transactions]
    assert got == [(e.posted_on, e.amount, e.memo) for e in entries]
    assert result.details["delimiter"] == style.delimiter
    assert result.details["decimal_separator"] == ("," if style.decimal_comma else ".")
    assert result.details["date_format"] == {
        "%Y-%m-%d": "YYYY-MM-DD",
        "%m/%d/%Y": "MM/DD/YYYY",
    }.get(style.date_format, "DD/MM/YYYY")
    assert result.details["header_line"] == str(len(style.preamble) + 1)


def test_preamble_gives_the_account() -> None:
    result = parse_statement(make_bank_csv(random_entries(3), STYLES["pipe-bom-preamble"]))
    account = result.statements[0].account
    assert (account.branch, account.number, account.check_digit) == ("0001", "98765", "4")
    assert account.kind is AccountKind.CHECKING


def test_credit_debit_and_dc_columns() -> None:
    text = (
        "Data;Histórico;Documento;Crédito;Débito;Saldo\r\n"
        "01/09/2026;PIX RECEBIDO ACME;123;1.000,00;;1.000,00\r\n"
        "02/09/2026;TARIFA;;;12,50;987,50\r\n"
        "03/09/2026;TED ENVIADA;77;;-500,00;487,50\r\n"
    ).encode("cp1252")
    result = parse_statement(text)
    assert [t.amount for t in result.transactions] == [
        Decimal("1000.00"),
        Decimal("-12.50"),
        Decimal("-500.00"),
    ]
    assert [t.balance for t in result.transactions] == [
        Decimal("1000.00"),
        Decimal("987.50"),
        Decimal("487.50"),
    ]
    assert result.transactions[0].references.document_number == "123"
    dc = parse_statement(
        b"data,descricao,valor,D/C\n01/09/2026,SAQUE,50.00,D\n02/09/2026,DEPOSITO,70.00,C\n"
    )
    assert [t.amount for t in dc.transactions] == [Decimal("-50.00"), Decimal("70.00")]


def test_ledger_double_entry_generated() -> None:
    rows = random_ledger(40, seed=5)
    result = parse_statement(make_ledger_csv(rows))
    assert result.profile == "ledger_double_entry"
    assert len(result.transactions) == 80
    assert {t.kind for t in result.transactions} == {EntryKind.LEDGER}
    bank = [t for t in result.transactions if t.account.ledger_code == "1.1.1.02.001"]
    # Receipts debit the bank account (positive), payments credit it (negative).
    assert [t.amount for t in bank] == [
        r.amount if i % 2 == 0 else -r.amount for i, r in enumerate(rows)
    ]
    assert [t.references.document_number for t in bank] == [r.document for r in rows]


def test_ledger_single_account_debit_positive() -> None:
    text = (
        "Conta;Data;Histórico;Contrapartida;Débito;Crédito;Saldo\n"
        "1.1.1.02.001;01/09/2026;RECEBIMENTO CLIENTE;1.1.2.01.001;1.500,00;;1.500,00\n"
        "1.1.1.02.001;02/09/2026;PAGTO FORNECEDOR;2.1.1.01.001;;400,00;1.100,00\n"
    ).encode()
    result = parse_statement(text)
    assert result.profile == "ledger_account"
    assert [(t.account.ledger_code, t.amount, t.contra_account) for t in result.transactions] == [
        ("1.1.1.02.001", Decimal("1500.00"), "1.1.2.01.001"),
        ("1.1.1.02.001", Decimal("-400.00"), "2.1.1.01.001"),
    ]
    assert result.transactions[0].kind is EntryKind.LEDGER


def test_bad_rows_are_skipped_with_reasons() -> None:
    entries = random_entries(5, seed=8)
    lines = make_bank_csv(entries).decode("cp1252").split("\r\n")
    lines[2] = lines[2].rsplit(";", 1)[0] + ";12,3,4"
    lines[4] = "31/02/2026" + lines[4][10:]
    lines.insert(6, "Total;;")
    result = parse_statement("\r\n".join(lines).encode("cp1252"))
    assert [(e.code, e.location.line) for e in result.skipped] == [
        ("BAD_AMOUNT", 3),
        ("BAD_DATE", 5),
        ("BAD_DATE", 7),
    ]
    assert result.skipped[0].location.column == 3
    assert [t.amount for t in result.transactions] == [entries[i].amount for i in (0, 2, 4)]


def test_unknown_csv_lists_columns_and_gaps() -> None:
    data = b"Nome;Cidade;Telefone\nAna;Recife;8199999\nBia;Natal;8488888\n"
    with pytest.raises(ParseError) as caught:
        parse_statement(data, filename="clientes.csv")
    error = caught.value
    assert error.code == "UNKNOWN_CSV_COLUMNS"
    assert "'Nome', 'Cidade', 'Telefone'" in error.message
    assert error.details["columns"] == ["Nome", "Cidade", "Telefone"]
    assert "date" in error.details["unmapped"]
    assert "could not map" in error.message


def test_explicit_profile_and_unknown_profile() -> None:
    entries = [GenEntry(date(2026, 9, 1), Decimal("-1.00"), "X", "1")]
    data = make_bank_csv(entries, CsvStyle(header=("Data", "Identificador", "Valor")))
    with pytest.raises(ParseError) as caught:
        parse_statement(data, profile="nubank_conta")
    assert caught.value.code == "UNKNOWN_CSV_COLUMNS"
    assert "nubank_conta" in caught.value.message
    with pytest.raises(ParseError) as unknown:
        parse_statement(data, profile="no_such_profile")
    assert unknown.value.code == "UNKNOWN_CSV_PROFILE"
