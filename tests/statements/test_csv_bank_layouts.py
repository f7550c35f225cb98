"""CSV layouts of other banks and ledgers, written out as their exports look."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.statements import AccountKind, EntryKind, TransactionType, parse_statement


def test_banco_do_brasil_style_with_balance_rows_and_direction_words() -> None:
    text = (
        '"Data";"Lançamento";"Detalhes";"N° documento";"Valor";"Tipo Lançamento"\r\n'
        '"31/08/2026";"Saldo Anterior";"";"";"1.000,00";""\r\n'
        '"01/09/2026";"Pix - Recebido";"01/09 10:00 ANA";"123";"250,00";"Entrada"\r\n'
        '"02/09/2026";"Pagamento de Boleto";"CONDOMINIO";"77";"300,50";"Saída"\r\n'
        '"02/09/2026";"S A L D O";"";"";"949,50";""\r\n'
    ).encode("cp1252")
    result = parse_statement(text)
    assert result.profile == "generic_bank"
    assert [(t.amount, t.type) for t in result.transactions] == [
        (Decimal("250.00"), TransactionType.PIX),
        (Decimal("-300.50"), TransactionType.BOLETO),
    ]
    assert [t.references.document_number for t in result.transactions] == ["123", "77"]
    balances = [(b.amount, b.as_of) for b in result.statements[0].balances]
    assert balances == [
        (Decimal("1000.00"), date(2026, 8, 31)),
        (Decimal("949.50"), date(2026, 9, 2)),
    ]
    opening, closing = balances[0][0], balances[1][0]
    assert opening + sum(t.amount for t in result.transactions) == closing


def test_caixa_style_deb_cred_column() -> None:
    text = (
        b'"Conta";"Data_Mov";"Nr_Doc";"Historico";"Valor";"Deb_Cred"\n'
        b'"0001234";"20260901";"000001";"CRED PIX";"100.00";"C"\n'
        b'"0001234";"20260902";"000002";"DEB TARIFA";"5.50";"D"\n'
    )
    result = parse_statement(text)
    assert result.profile == "generic_bank"
    assert [(t.posted_on, t.amount) for t in result.transactions] == [
        (date(2026, 9, 1), Decimal("100.00")),
        (date(2026, 9, 2), Decimal("-5.50")),
    ]
    assert result.details["date_format"] == "YYYYMMDD"


def test_santander_style_credit_and_debit_columns() -> None:
    text = (
        "Data;Descrição;Docto;Situação;Crédito (R$);Débito (R$);Saldo (R$)\r\n"
        "01/09/2026;TED RECEBIDA;1;Efetivado;1.200,00;;1.200,00\r\n"
        "02/09/2026;TARIFA MENSALIDADE;2;Efetivado;;-35,00;1.165,00\r\n"
    ).encode("cp1252")
    result = parse_statement(text)
    assert [t.amount for t in result.transactions] == [Decimal("1200.00"), Decimal("-35.00")]
    assert [t.type for t in result.transactions] == [TransactionType.TED, TransactionType.FEE]
    assert result.transactions[1].references.document_number == "2"


def test_nubank_card_purchases_are_negative() -> None:
    text = b"date,title,amount\n2026-09-03,Padaria Real,23.50\n2026-09-05,Pagamento recebido,-500\n"
    result = parse_statement(text)
    assert result.profile == "nubank_cartao"
    assert [t.amount for t in result.transactions] == [Decimal("-23.50"), Decimal("500.00")]
    assert result.statements[0].kind is EntryKind.CARD
    assert result.statements[0].account.kind is AccountKind.CREDIT_CARD
    assert result.transactions[0].type is TransactionType.CARD


def test_ledger_with_short_debit_and_credit_account_columns() -> None:
    text = (
        "Data;Débito;Crédito;Valor;Histórico\n"
        "05/09/2026;5;120;1.000,00;PAGTO FORNECEDOR ACME LTDA NF 77\n"
    ).encode("cp1252")
    result = parse_statement(text)
    assert result.profile == "ledger_double_entry"
    assert [(t.account.ledger_code, t.amount) for t in result.transactions] == [
        ("5", Decimal("1000.00")),
        ("120", Decimal("-1000.00")),
    ]
    assert result.transactions[0].references.document_number == "77"


def test_razao_without_account_column_when_named() -> None:
    text = (
        "Razão;\n"
        "Conta:;1.1.1.02.001 - BANCO ITAU\n"
        "Data;Histórico;Débito;Crédito;Saldo\n"
        "01/09/2026;RECEBIMENTO NF 10 CLIENTE;500,00;;500,00\n"
        "02/09/2026;PAGTO FORNECEDOR X;;200,00;300,00\n"
    ).encode("cp1252")
    assert parse_statement(text).profile == "generic_bank"
    result = parse_statement(text, profile="ledger_account")
    assert result.profile == "ledger_account"
    assert [(t.account.ledger_code, t.amount) for t in result.transactions] == [
        ("1.1.1.02.001", Decimal("500.00")),
        ("1.1.1.02.001", Decimal("-200.00")),
    ]
