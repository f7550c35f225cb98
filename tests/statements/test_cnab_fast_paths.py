"""Every way a CNAB file can be read gives the same result.

Evenly spaced records are cut many at a time from the file's bytes; trimmed records
one pair (240) or one record (400) at a time; text beyond Latin-1, and any record with
a bad field, field by field. These tests read the same titles down each path.
"""

from __future__ import annotations

import gc
from datetime import date
from decimal import Decimal
from hashlib import blake2b

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.errors import ParseError
from backend.statements import StatementParseResult, parse_statement
from backend.statements.cnab_records import fixed_records
from backend.statements.fingerprint import Fingerprinter
from backend.statements.testing.generators import (
    NOSSO_NUMERO_400,
    make_cnab240_collection,
    make_cnab400,
    random_titles,
)

# A column no reader looks at (CNAB 240 collection records and CNAB 400 details).
_UNREAD_240 = 235
_UNREAD_400 = 390


def _outcome(result: StatementParseResult) -> tuple[object, ...]:
    """Everything a path could get wrong (the encoding differs by construction)."""
    return (
        result.statements,
        result.transactions,
        result.titles,
        [(p.code, p.message, p.location) for p in result.skipped],
        result.skipped_count,
        [(p.code, p.message, p.location) for p in result.warnings],
        result.details,
    )


def _shapes(data: bytes, unread: int) -> dict[str, bytes]:
    """The same records with other line ends, trimmed or blank-padded, and with a
    character beyond Latin-1."""
    lines = data.decode("ascii").split("\r\n")[:-1]
    euro = [line[:unread] + "€" + line[unread + 1 :] for line in lines]
    return {
        "lf, no final line end": "\n".join(lines).encode("ascii"),
        "trimmed": ("\r\n".join(line.rstrip() for line in lines) + "\r\n").encode("ascii"),
        "blanks past the end": ("  \r\n".join(lines) + "  \r\n").encode("ascii"),
        "beyond latin-1": ("\r\n".join(euro) + "\r\n").encode("utf-8"),
    }


def _assert_same_everywhere(data: bytes, unread: int) -> StatementParseResult:
    expected = parse_statement(data)
    for name, shape in _shapes(data, unread).items():
        got = parse_statement(shape)
        assert _outcome(got) == _outcome(expected), name
        assert [repr(t) for t in got.titles] == [repr(t) for t in expected.titles], name
    return expected


@pytest.mark.parametrize("bank", ["001", "104", "237", "341", "748", "756", "998"])
def test_cnab240_reads_the_same_whatever_the_path(bank: str) -> None:
    data = make_cnab240_collection(random_titles(9, seed=5), bank)
    result = _assert_same_everywhere(data, _UNREAD_240)
    assert len(result.titles) == 9
    assert result.transactions


@pytest.mark.parametrize("bank", sorted(NOSSO_NUMERO_400))
def test_cnab400_reads_the_same_whatever_the_path(bank: str) -> None:
    result = _assert_same_everywhere(make_cnab400(random_titles(9, seed=6), bank), _UNREAD_400)
    assert len(result.titles) == 9


def _corrupt(data: bytes, line: int, column: int, value: bytes) -> bytes:
    """``value`` written over 1-based ``column`` of 1-based ``line`` (lengths kept)."""
    lines = data.split(b"\r\n")
    record = lines[line - 1]
    lines[line - 1] = record[: column - 1] + value + record[column - 1 + len(value) :]
    return b"\r\n".join(lines)


def test_bad_fields_are_reported_alike_on_every_path() -> None:
    data = make_cnab240_collection(random_titles(6, seed=2), "001")
    # Line 4 is the first U (amount paid at 78), line 5 the second T (due date at 74).
    data = _corrupt(data, 4, 78, b"00000000ABC0000")
    data = _corrupt(data, 5, 74, b"31139999")
    result = _assert_same_everywhere(data, _UNREAD_240)
    assert [(e.code, e.location.line, e.location.column) for e in result.skipped] == [
        ("BAD_AMOUNT", 4, 78),
        ("BAD_DATE", 5, 74),
        ("ORPHAN_SEGMENT", 6, None),
    ]
    assert len(result.titles) == 4

    data = _corrupt(make_cnab400(random_titles(5, seed=3), "341"), 3, 153, b"12345X7890123")
    result = _assert_same_everywhere(data, _UNREAD_400)
    assert [(e.code, e.location.line, e.location.record) for e in result.skipped] == [
        ("BAD_AMOUNT", 3, 2)
    ]


_RECORD_CHARS = st.sampled_from(["0", "7", "A", " ", "\r", "\n", "\x0b", "\x1c", "\x85", "€"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(_RECORD_CHARS, min_size=3, max_size=5), min_size=1, max_size=6),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.booleans(),
)
def test_fixed_records_are_exactly_the_lines(
    records: list[str], newline: str, final_line_end: bool
) -> None:
    text = newline.join(records) + (newline if final_line_end else "")
    fixed = fixed_records(text, 4)
    if fixed is None:
        return
    buffer, stride, count = fixed
    lines = [buffer[i * stride : i * stride + 4].decode("latin-1") for i in range(count)]
    assert lines == text.splitlines()
    if text.isascii():
        assert fixed_records(text.encode("ascii"), 4) == fixed


def test_evenly_spaced_records_are_recognised() -> None:
    assert fixed_records("0123\r\n4567\r\n", 4) == (b"0123\r\n4567\r\n", 6, 2)
    assert fixed_records(b"0123\n4567", 4) == (b"0123\n4567\n", 5, 2)
    assert fixed_records("0123\r\n456\r\n", 4) is None
    assert fixed_records("01\r3\r\n4567\r\n", 4) is None


def test_repeated_bases_are_numbered_in_file_order() -> None:
    # Fingerprinter keeps only the bases that repeat; numbering must not change.
    def expected(memo: str, ordinal: int) -> str:
        base = "\x1f".join(("bank:1::2:", "2026-09-01", "1.00", "", memo))
        return blake2b(f"v2\x1f{base}\x1f{ordinal}".encode(), digest_size=16).hexdigest()

    fp = Fingerprinter()
    memos = ["A", "B", "A", "A", "B", "C"]
    got = [fp("bank:1::2:", date(2026, 9, 1), Decimal("1.00"), None, memo) for memo in memos]
    assert got == [expected(m, o) for m, o in zip(memos, [0, 0, 1, 2, 1, 0], strict=True)]


@pytest.mark.parametrize(
    "data",
    [make_cnab240_collection(random_titles(2)), make_cnab400(random_titles(2), "237")],
    ids=["cnab240", "cnab400"],
)
def test_ascii_cnab_still_refuses_binary_data(data: bytes) -> None:
    header, rest = data.split(b"\r\n", 1)
    with pytest.raises(ParseError) as caught:
        parse_statement(header + b"\r\n" + b"\x00" * 3000 + rest)
    assert caught.value.code == "UNDECODABLE_ENCODING"
    assert parse_statement(data).encoding == "utf-8"


def test_the_result_goes_straight_to_the_oldest_generation() -> None:
    result = parse_statement(make_cnab240_collection(random_titles(3, seed=1)))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert any(obj is result.titles[0] for obj in gc.get_objects(generation=2))


def test_objects_the_process_froze_stay_frozen() -> None:
    kept: list[list[int]] = [[] for _ in range(1000)]
    gc.freeze()
    try:
        parse_statement(make_cnab240_collection(random_titles(3, seed=1)))
        # Still frozen (other threads may free a few frozen objects meanwhile).
        assert gc.get_freeze_count() >= len(kept)
        assert not any(obj is kept[0] for obj in gc.get_objects())
    finally:
        gc.unfreeze()
