"""CNAB 240 bank statements (segment E), generic CNAB 400, trailer checks, and files
written slightly wrong, all from our own generators (no shared samples needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.errors import ParseError
from backend.statements import EntryKind, StatementParseResult, TransactionType, parse_statement
from backend.statements.testing.generators import (
    QUIRKS,
    make_cnab240_collection,
    make_cnab240_statement,
    make_cnab400,
    quirk,
    random_statement_entries,
    random_titles,
)


def test_segment_e_entries_balances_and_account() -> None:
    entries = random_statement_entries(12, seed=4)
    result = parse_statement(make_cnab240_statement(entries, "341", Decimal("-250.10")))
    assert result.format == "cnab240"
    assert (result.skipped_count, result.warnings) == (0, ())
    assert [t.amount for t in result.transactions] == [e.amount for e in entries]
    assert [t.posted_on for t in result.transactions] == [e.posted_on for e in entries]
    assert [t.description for t in result.transactions] == [e.history for e in entries]
    assert [t.references.history_code for t in result.transactions] == [
        e.history_code for e in entries
    ]
    assert [t.references.document_number for t in result.transactions] == [
        e.document for e in entries
    ]
    assert all(t.kind is EntryKind.BANK for t in result.transactions)
    (statement,) = result.statements
    assert (statement.account.bank_code, statement.account.branch) == ("341", "01234")
    assert (statement.account.number, statement.account.check_digit) == ("000000098765", "4")
    opening, closing = statement.balances
    assert (opening.kind, opening.amount) == ("opening", Decimal("-250.10"))
    assert (closing.kind, closing.amount) == (
        "ledger",
        Decimal("-250.10") + sum(e.amount for e in entries),
    )
    assert (statement.start, statement.end) == (entries[0].posted_on, entries[-1].posted_on)


def test_segment_e_category_gives_the_type_when_the_history_does_not() -> None:
    (entry,) = random_statement_entries(1, seed=1)
    data = make_cnab240_statement(
        [entry.__class__(entry.posted_on, Decimal("-3.50"), "X", category="105")]
    )
    (tx,) = parse_statement(data).transactions
    assert tx.type is TransactionType.FEE


def test_trailer_sums_and_balance_mismatches_are_warnings() -> None:
    entries = random_statement_entries(5, seed=2)
    lines = make_cnab240_statement(entries, closing=Decimal("1.00")).decode().split("\r\n")
    del lines[3]  # one entry lost on the way
    result = parse_statement("\r\n".join(lines).encode())
    assert len(result.transactions) == 4
    codes = [(w.code, w.details.get("field")) for w in result.warnings]
    assert ("TRAILER_MISMATCH", "records in lot") in codes
    assert ("TRAILER_MISMATCH", "records in file") in codes
    assert any(field in ("sum of debits", "sum of credits") for _, field in codes)
    assert ("BALANCE_MISMATCH", None) in codes


def test_cnab400_trailer_sequence_is_checked() -> None:
    lines = make_cnab400(random_titles(4, seed=1), "341").decode().split("\r\n")
    del lines[2]
    result = parse_statement("\r\n".join(lines).encode())
    (warning,) = result.warnings
    assert warning.code == "TRAILER_MISMATCH"
    assert (warning.details["expected"], warning.details["found"]) == (6, 5)


def test_a_statement_lot_without_entries_states_its_balances() -> None:
    result = parse_statement(make_cnab240_statement([], opening=Decimal("10.00")))
    assert result.transactions == ()
    assert [w.code for w in result.warnings] == ["NO_ENTRIES"]
    assert [b.amount for b in result.statements[0].balances] == [Decimal("10.00")] * 2


def test_a_recognised_file_with_nothing_in_it_is_refused() -> None:
    lines = make_cnab240_collection([], "001").decode().split("\r\n")
    with pytest.raises(ParseError) as caught:
        parse_statement("\r\n".join(lines).encode())
    assert caught.value.code == "NO_ENTRIES"
    data = make_cnab400([], "341")
    with pytest.raises(ParseError) as caught:
        parse_statement(data)
    assert caught.value.code == "NO_ENTRIES"


def test_cnab240_remittance_is_refused() -> None:
    data = bytearray(make_cnab240_collection(random_titles(2)))
    data[142:143] = b"1"
    with pytest.raises(ParseError) as caught:
        parse_statement(bytes(data))
    assert (caught.value.code, caught.value.location.column) == ("REMITTANCE_FILE", 143)


def test_generic_cnab400_refuses_records_it_cannot_read() -> None:
    lines = make_cnab400(random_titles(3, seed=5), "237").replace(b"237", b"643", 1)
    text = lines.decode().split("\r\n")
    text[2] = text[2][:108] + "  " + text[2][110:]
    result = parse_statement("\r\n".join(text).encode())
    assert len(result.titles) == 2
    (skipped,) = result.skipped
    assert (skipped.code, skipped.location.line, skipped.location.column) == ("BAD_FIELD", 3, 109)
    assert "643 (Banco Pine)" in result.warnings[0].message


def test_an_over_long_record_says_where_and_what() -> None:
    lines = make_cnab400(random_titles(2, seed=5), "341").decode().split("\r\n")
    lines[1] += "XYZ"
    (skipped,) = parse_statement("\r\n".join(lines).encode()).skipped
    assert (skipped.code, skipped.location.column, skipped.details["found"]) == (
        "BAD_RECORD_LENGTH",
        401,
        "XYZ",
    )


def _essence(result: StatementParseResult) -> list[tuple[object, ...]]:
    return [(t.posted_on, t.amount, t.source_id, t.fingerprint) for t in result.transactions] + [
        (t.nosso_numero, t.amount, t.credit_date, t.due_date) for t in result.titles
    ]


GENERATED = {
    "cnab240_statement": lambda seed: make_cnab240_statement(random_statement_entries(6, seed)),
    "cnab240_collection": lambda seed: make_cnab240_collection(random_titles(6, seed), "001"),
    "cnab400_itau": lambda seed: make_cnab400(random_titles(6, seed), "341"),
    "cnab400_bb": lambda seed: make_cnab400(random_titles(6, seed), "001"),
    "cnab400_generic": lambda seed: make_cnab400(random_titles(6, seed), "237").replace(
        b"237", b"224", 1
    ),
}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(GENERATED)), st.sampled_from(QUIRKS), st.integers(0, 50))
def test_every_quirk_reads_like_the_clean_file(layout: str, name: str, seed: int) -> None:
    clean = parse_statement(GENERATED[layout](seed))
    bent = parse_statement(quirk(GENERATED[layout](seed), name))
    assert bent.format == clean.format
    assert bent.skipped_count == 0
    assert _essence(bent) == _essence(clean)
    expected = {"shifted_header": "RECORD_SHIFTED", "shifted_records": "RECORD_SHIFTED"}
    extra = {w.code for w in bent.warnings} - {w.code for w in clean.warnings}
    assert extra <= {expected.get(name, "NUL_BYTES" if name == "nul_padding" else "")}
