"""Fingerprint properties: stable on re-import and overlap, distinct for identical lines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from hashlib import blake2b

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.statements import parse_statement
from backend.statements.fingerprint import Fingerprinter
from backend.statements.testing.generators import (
    CsvStyle,
    GenEntry,
    GenStatement,
    make_bank_csv,
    make_cnab240_collection,
    make_ofx,
    random_entries,
    random_titles,
)

START = date(2026, 9, 1)
_entry = st.builds(
    lambda day, cents, memo: (day, cents, memo),
    st.integers(0, 9),
    st.integers(-3, 3).map(lambda c: c * 1000),
    st.sampled_from(["PIX RECEBIDO ANA", "TARIFA", "TED ENVIADA"]),
)


def _entries(raw: list[tuple[int, int, str]]) -> list[GenEntry]:
    ordered = sorted(raw, key=lambda item: item[0])
    return [
        GenEntry(START + timedelta(days=day), Decimal(cents or 1).scaleb(-2), memo, f"F{day}")
        for day, cents, memo in ordered
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(_entry, min_size=1, max_size=40), st.integers(0, 9), st.integers(0, 9))
def test_overlapping_ofx_statements_share_fingerprints(
    raw: list[tuple[int, int, str]], cut_a: int, cut_b: int
) -> None:
    entries = _entries(raw)
    low, high = sorted((cut_a, cut_b))
    # Two statements that overlap on whole days [low, high]; FITIDs repeat within a day
    # (as Banco do Brasil does), so only the ordinal tells identical lines apart.
    first = [e for e in entries if (e.posted_on - START).days <= high]
    second = [e for e in entries if (e.posted_on - START).days >= low]
    a = parse_statement(make_ofx([GenStatement(first)])).transactions
    b = parse_statement(make_ofx([GenStatement(second)])).transactions
    shared_a = [t.fingerprint for t in a if low <= (t.posted_on - START).days <= high]
    shared_b = [t.fingerprint for t in b if low <= (t.posted_on - START).days <= high]
    assert shared_a == shared_b
    only_a = {t.fingerprint for t in a} - set(shared_a)
    only_b = {t.fingerprint for t in b} - set(shared_b)
    assert not only_a & only_b
    assert len({t.fingerprint for t in a}) == len(a)


@settings(max_examples=30, deadline=None)
@given(st.lists(_entry, min_size=1, max_size=30))
def test_reimport_gives_the_same_fingerprints(raw: list[tuple[int, int, str]]) -> None:
    entries = _entries(raw)
    for data in (make_ofx([GenStatement(entries)]), make_bank_csv(entries, CsvStyle())):
        once = [t.fingerprint for t in parse_statement(data).transactions]
        again = [t.fingerprint for t in parse_statement(data).transactions]
        assert once == again
        assert len(set(once)) == len(once)


def test_identical_lines_get_distinct_fingerprints() -> None:
    same = GenEntry(START, Decimal("-5.00"), "TARIFA PIX", "1")
    result = parse_statement(make_ofx([GenStatement([same, same, same])]))
    assert len({t.fingerprint for t in result.transactions}) == 3


def test_fitid_alone_never_decides() -> None:
    fp = Fingerprinter()
    one = fp("bank:1::1:", START, Decimal("10.00"), "X1", "DOC")
    other_amount = Fingerprinter()("bank:1::1:", START, Decimal("11.00"), "X1", "DOC")
    other_account = Fingerprinter()("bank:1::2:", START, Decimal("10.00"), "X1", "DOC")
    other_memo = Fingerprinter()("bank:1::1:", START, Decimal("10.00"), "X1", "TED")
    assert len({one, other_amount, other_account, other_memo}) == 4


def test_memo_ignores_case_accents_and_spacing() -> None:
    entries = [GenEntry(START, Decimal("-5.00"), "TED-CRÉDITO  EM CONTA ", "1")]
    plain = [GenEntry(START, Decimal("-5.00"), "ted-credito em conta", "1")]
    other = [GenEntry(START, Decimal("-5.00"), "DOC-CREDITO EM CONTA", "1")]
    (accented,) = parse_statement(make_ofx([GenStatement(entries)])).transactions
    (folded,) = parse_statement(make_ofx([GenStatement(plain)])).transactions
    (different,) = parse_statement(make_ofx([GenStatement(other)])).transactions
    assert accented.fingerprint == folded.fingerprint != different.fingerprint


def test_fingerprint_v2_is_pinned() -> None:
    # The algorithm in docs/statements.md, written out: a change here breaks every
    # fingerprint already stored, so it must come with a new version.
    base = "\x1f".join(("bank:341::12345:6", "2026-09-01", "-5.00", "F1", "TARIFA"))
    expected = blake2b(f"v2\x1f{base}\x1f0".encode(), digest_size=16).hexdigest()
    fp = Fingerprinter()
    first = fp("bank:341::12345:6", START, Decimal("-5.00"), "F1", "TARIFA")
    second = fp("bank:341::12345:6", START, Decimal("-5.00"), "F1", "TARIFA")
    assert first == expected
    assert second == blake2b(f"v2\x1f{base}\x1f1".encode(), digest_size=16).hexdigest()


def test_fingerprint_ignores_line_positions_and_file_shape() -> None:
    entries = random_entries(12, seed=9)
    padded = [GenEntry(START - timedelta(days=40), Decimal("1.00"), "OLD", "0"), *entries]
    base = parse_statement(make_ofx([GenStatement(entries)])).transactions
    shifted = parse_statement(make_ofx([GenStatement(padded)])).transactions[1:]
    assert [t.fingerprint for t in base] == [t.fingerprint for t in shifted]
    assert [t.source.line for t in base] != [t.source.line for t in shifted]


def test_cnab_reimport_is_stable_and_titles_distinct() -> None:
    data = make_cnab240_collection(random_titles(20, seed=4))
    first = [t.fingerprint for t in parse_statement(data).transactions]
    assert first == [t.fingerprint for t in parse_statement(data).transactions]
    assert len(set(first)) == len(first)
