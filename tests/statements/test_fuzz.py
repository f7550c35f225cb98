"""Arbitrary, mutated and truncated input only ever raises ParseError."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.core.errors import ParseError
from backend.statements import (
    StatementParseResult,
    detect_statement_format,
    parse_statement,
    result_to_records,
)
from backend.statements.testing.generators import (
    GenStatement,
    OfxStyle,
    make_bank_csv,
    make_cnab240_collection,
    make_cnab400,
    make_ofx,
    random_entries,
    random_titles,
)

SEEDS = [
    make_ofx([GenStatement(random_entries(4, seed=1))]),
    make_ofx([GenStatement(random_entries(3, seed=2))], OfxStyle(version=2, charset="utf-8")),
    make_cnab240_collection(random_titles(3, seed=3)),
    make_cnab400(random_titles(3, seed=4), "341"),
    make_bank_csv(random_entries(4, seed=5)),
]
SAMPLE_DIRS = ("ofx", "cnab240_retorno", "cnab400_retorno", "bank_csv")
CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def _parse(data: bytes) -> StatementParseResult | None:
    """Parse; only ParseError may escape, and a result must serialise."""
    failure: ParseError | None = None
    try:
        result = parse_statement(data, filename="fuzz.bin")
    except ParseError as error:
        failure = error
    if failure is not None:
        assert CODE.fullmatch(failure.code), failure.code
        assert failure.location.file == "fuzz.bin"
        return None
    assert result.skipped_count >= len(result.skipped)
    for problem in (*result.skipped, *result.warnings):
        assert CODE.fullmatch(problem.code), problem.code
        assert problem.location.file == "fuzz.bin"
    result_to_records(result, "fuzz.bin")
    return result


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data: bytes) -> None:
    detect_statement_format(data)
    _parse(data)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=8)), max_size=6),
    st.integers(0, 10_000),
)
def test_mutated_and_truncated_generated_files(
    seed: bytes, edits: list[tuple[int, bytes]], cut: int
) -> None:
    data = bytearray(seed)
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    _parse(bytes(data[: max(1, cut % (len(data) + 1))]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_mutated_real_samples(samples_dir: Path, data: st.DataObject) -> None:
    files = sorted(p for d in SAMPLE_DIRS for p in (samples_dir / d).iterdir())
    raw = bytearray(data.draw(st.sampled_from(files)).read_bytes())
    for _ in range(data.draw(st.integers(0, 5))):
        at = data.draw(st.integers(0, len(raw)))
        raw[at : at + 1] = data.draw(st.binary(max_size=3))
    cut = data.draw(st.integers(1, max(1, len(raw))))
    _parse(bytes(raw[:cut]))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="<>/OFXSTMTRNAMDPE0123456789;,.-\n\r ", max_size=600))
def test_ofx_like_text(text: str) -> None:
    _parse(("OFXHEADER:100\n<OFX>" + text).encode())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 ABTUJ-\r\n", max_size=900))
def test_cnab_like_text(text: str) -> None:
    _parse(("00100000" + " " * 232 + "\n" + text).encode())
    _parse(("02RETORNO01COBRANCA" + " " * 57 + "341" + " " * 321 + "\n" + text).encode())
