"""Generated OFX files, broken the ways Brazilian banks break them, read exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import ParseError
from backend.statements import EntryKind, TransactionType, parse_statement
from backend.statements.testing.generators import (
    GenEntry,
    GenStatement,
    OfxStyle,
    make_ofx,
    random_entries,
)

STYLES = {
    "sgml-cp1252-declared-usascii": OfxStyle(),
    "sgml-closed-leaves-comma": OfxStyle(close_leaves=True, comma_decimal=True),
    "sgml-utf8-lf-no-time": OfxStyle(charset="utf-8", newline="\n", date_suffix=""),
    "sgml-offset-est": OfxStyle(date_suffix="000000[-03:EST]"),
    "sgml-utc-z": OfxStyle(date_suffix="235959.000[0:GMT]"),
    "xml-2x": OfxStyle(version=2, charset="utf-8"),
    "xml-2x-latin1-comma": OfxStyle(version=2, charset="latin-1", comma_decimal=True),
}


@pytest.mark.parametrize("style_name", sorted(STYLES))
def test_every_value_survives_each_style(style_name: str) -> None:
    entries = random_entries(40, seed=7)
    data = make_ofx([GenStatement(entries, ledger_balance=Decimal("1234.56"))], STYLES[style_name])
    result = parse_statement(data)
    assert result.format == "ofx"
    assert result.skipped_count == 0
    got = [(t.posted_on, t.amount, t.description, t.references.fitid) for t in result.transactions]
    assert got == [(e.posted_on, e.amount, e.memo, e.fitid) for e in entries]
    assert result.statements[0].balances[0].amount == Decimal("1234.56")
    assert result.statements[0].account.bank_code == "341"
    assert (result.statements[0].account.number, result.statements[0].account.check_digit) == (
        "12345",
        "6",
    )


def test_sgml_and_xml_of_the_same_statement_share_fingerprints() -> None:
    statement = GenStatement(random_entries(25, seed=3))
    sgml = parse_statement(make_ofx([statement], OfxStyle()))
    xml = parse_statement(make_ofx([statement], OfxStyle(version=2, charset="utf-8")))
    assert [t.fingerprint for t in sgml.transactions] == [t.fingerprint for t in xml.transactions]


def test_repeated_fitids_keep_every_entry() -> None:
    day = date(2026, 9, 5)
    entries = [
        GenEntry(day, Decimal("-10.00"), "TARIFA DOC", "202609050"),
        GenEntry(day, Decimal("-10.00"), "TARIFA DOC", "202609050"),
        GenEntry(day, Decimal("250.00"), "DOC CRÉDITO EM CONTA", "202609050"),
    ]
    result = parse_statement(make_ofx([GenStatement(entries, bank_id="001")]))
    assert [t.amount for t in result.transactions] == [
        Decimal("-10.00"),
        Decimal("-10.00"),
        Decimal("250.00"),
    ]
    assert len({t.fingerprint for t in result.transactions}) == 3


def test_several_statements_and_a_credit_card_in_one_file() -> None:
    first = GenStatement(random_entries(3, seed=1), account_id="1111-1")
    second = GenStatement(random_entries(4, seed=2), account_id="2222-2", branch_id="0001")
    card = GenStatement(random_entries(2, seed=3), account_id="5555XXXX1234", credit_card=True)
    result = parse_statement(make_ofx([first, second, card]))
    assert [s.account.number for s in result.statements] == ["1111", "2222", "5555XXXX1234"]
    assert [s.kind for s in result.statements] == [EntryKind.BANK, EntryKind.BANK, EntryKind.CARD]
    assert result.statements[1].account.branch == "0001"
    assert [t.statement_index for t in result.transactions] == [0] * 3 + [1] * 4 + [2] * 2
    assert result.transactions[-1].kind is EntryKind.CARD


def test_future_lines_are_flagged_scheduled() -> None:
    posted = random_entries(5, seed=4)
    future = [
        GenEntry(date(2026, 10, 20), Decimal("-99.90"), "PAGAMENTO AGENDADO BOLETO", "F1"),
        GenEntry(date(2026, 9, 2), Decimal("-15.00"), "LANCAMENTO FUTURO TARIFA", "F2"),
    ]
    statement = GenStatement([*posted, *future], end=date(2026, 9, 30))
    result = parse_statement(make_ofx([statement]))
    assert [t.scheduled for t in result.transactions] == [False] * 5 + [True, True]


def test_balance_lines_written_as_transactions_are_balances() -> None:
    day = date(2026, 9, 1)
    entries = [
        GenEntry(day, Decimal("1000.00"), "Saldo Anterior", "0"),
        GenEntry(day, Decimal("-100.00"), "PIX ENVIADO FULANO", "1"),
        GenEntry(day, Decimal("900.00"), "S A L D O", "2"),
    ]
    result = parse_statement(make_ofx([GenStatement(entries)]))
    assert [t.amount for t in result.transactions] == [Decimal("-100.00")]
    daily = [b.amount for b in result.statements[0].balances if b.kind == "daily"]
    assert daily == [Decimal("1000.00"), Decimal("900.00")]
    assert [w.code for w in result.warnings] == ["BALANCE_LINE", "BALANCE_LINE"]


def test_unclosed_transactions_and_bad_lines_lose_nothing_else() -> None:
    entries = random_entries(6, seed=5)
    broken = [*entries[:2], replace(entries[2], amount=Decimal("0.01")), *entries[3:]]
    data = make_ofx([GenStatement(broken)], OfxStyle(charset="utf-8", newline="\n"))
    text = data.decode().replace("</STMTTRN>\n", "", 3).replace("<TRNAMT>0.01", "<TRNAMT>1x2")
    fifth = text.rindex("<DTPOSTED>", 0, text.index(entries[4].fitid)) + len("<DTPOSTED>")
    text = text[:fifth] + "2026-09" + text[fifth + 8 :]
    result = parse_statement(text.encode())
    kept = [entries[i].fitid for i in (0, 1, 3, 5)]
    assert [t.references.fitid for t in result.transactions] == kept
    assert result.skipped_count == 2
    codes = sorted(e.code for e in result.skipped)
    assert codes == ["BAD_AMOUNT", "BAD_DATE"]
    bad_amount = next(e for e in result.skipped if e.code == "BAD_AMOUNT")
    assert bad_amount.location.record == 3
    assert bad_amount.location.line is not None
    assert text.splitlines()[bad_amount.location.line - 1] == "<STMTTRN>"


def test_truncated_file_keeps_complete_transactions() -> None:
    entries = random_entries(10, seed=6)
    data = make_ofx([GenStatement(entries)])
    cut = data[: data.index(entries[7].fitid.encode())]
    result = parse_statement(cut)
    assert [t.references.fitid for t in result.transactions][:7] == [e.fitid for e in entries[:7]]


def test_ofx_without_statements_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        parse_statement(b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><SIGNONMSGSRSV1></OFX>")
    assert caught.value.code == "MALFORMED_OFX"
    assert caught.value.location.line == 1


def test_types_from_memos() -> None:
    memos = {
        "PIX ENVIADO COMÉRCIO SÃO PAULO LTDA": TransactionType.PIX,
        "TED 341.4321 ALIMENTOS DIAS EPP": TransactionType.TED,
        "TARIFA PACOTE SERVIÇOS": TransactionType.FEE,
        "IOF IMPOSTO OPERAÇÕES FINANCEIRAS": TransactionType.TAX,
        "JUROS CHEQUE ESPECIAL": TransactionType.INTEREST,
        "COMPRA CARTÃO MAESTRO PADARIA": TransactionType.CARD,
        "PAGAMENTO DE BOLETO EFETUADO - FORNECEDOR EXEMPLO LTDA": TransactionType.BOLETO,
        "CHEQUE COMPENSADO": TransactionType.OTHER,
    }
    entries = [
        GenEntry(date(2026, 9, 1), Decimal("-1.00"), memo, str(i)) for i, memo in enumerate(memos)
    ]
    result = parse_statement(make_ofx([GenStatement(entries)]))
    assert [t.type for t in result.transactions] == list(memos.values())


def test_iso_dates_and_double_encoded_utf8() -> None:
    entries = [GenEntry(date(2026, 9, 5), Decimal("-1.00"), "TED-CRÉDITO EM CONTA", "1")]
    style = OfxStyle(charset="utf-8", date_suffix="")
    text = make_ofx([GenStatement(entries)], style).decode()
    text = text.replace("<DTPOSTED>20260905", "<DTPOSTED>2026-09-05")
    mangled = text.encode("utf-8").decode("cp1252").encode("utf-8")
    result = parse_statement(mangled)
    assert result.encoding == "utf-8 (double-encoded)"
    (tx,) = result.transactions
    assert (tx.posted_on, tx.description) == (date(2026, 9, 5), "TED-CRÉDITO EM CONTA")


def test_unsigned_debits_are_read_from_trntype() -> None:
    entries = [
        GenEntry(date(2026, 9, 1), Decimal("100.00"), "DEPOSITO", "1"),
        GenEntry(date(2026, 9, 2), Decimal("-30.00"), "PAGAMENTO BOLETO", "2"),
    ]
    signed = make_ofx([GenStatement(entries)], OfxStyle(charset="utf-8", newline="\n"))
    unsigned = signed.replace(b"<TRNAMT>-30.00", b"<TRNAMT>30.00")
    result = parse_statement(unsigned)
    assert [t.amount for t in result.transactions] == [Decimal("100.00"), Decimal("-30.00")]
    assert [w.code for w in result.warnings] == ["UNSIGNED_DEBITS"]
    assert [t.amount for t in parse_statement(signed).transactions] == [
        Decimal("100.00"),
        Decimal("-30.00"),
    ]
