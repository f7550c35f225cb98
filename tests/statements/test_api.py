"""The entry points: detection, limits, whole-file errors and the JSON contract."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.core.errors import ParseError
from backend.statements import (
    MAX_STATEMENT_BYTES,
    StatementParseResult,
    detect_statement_format,
    parse_statement,
    result_to_dict,
    result_to_records,
)
from backend.statements.documents import is_valid_cnpj, is_valid_cpf, normalise_document
from backend.statements.enrich import read_memo
from backend.statements.testing.generators import (
    GenEntry,
    GenStatement,
    make_cnab240_collection,
    make_ofx,
    random_entries,
    random_titles,
)
from backend.statements.values import parse_amount

Parse = Callable[[str], StatementParseResult]
ROOT = Path(__file__).resolve().parents[2]

FOLDERS = {
    "ofx": "ofx",
    "cnab240_retorno": "cnab240",
    "cnab400_retorno": "cnab400",
    "bank_csv": "csv",
}


def test_detects_every_sample(samples_dir: Path) -> None:
    for folder, expected in FOLDERS.items():
        for path in (samples_dir / folder).iterdir():
            assert detect_statement_format(path.read_bytes(), path.name) == expected, path.name


def test_fiscal_xml_and_pdf_are_not_statements(samples_dir: Path) -> None:
    for folder in ("nfe55", "cte", "danfe_pdf"):
        for path in sorted((samples_dir / folder).iterdir())[:3]:
            assert detect_statement_format(path.read_bytes(), path.name) is None
            with pytest.raises(ParseError) as caught:
                parse_statement(path.read_bytes(), filename=path.name)
            assert caught.value.code in {"UNRECOGNIZED_FORMAT", "UNDECODABLE_ENCODING"}


def test_size_limit_is_enforced_before_anything_else() -> None:
    with pytest.raises(ParseError) as caught:
        parse_statement(b"0" * (MAX_STATEMENT_BYTES + 1))
    assert caught.value.code == "FILE_TOO_LARGE"
    assert caught.value.details["limit"] == MAX_STATEMENT_BYTES


@pytest.mark.parametrize("data", [b"", b"   \r\n\t "])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        parse_statement(data)
    assert caught.value.code == "EMPTY_FILE"


def test_utf16_without_bom_is_undecodable() -> None:
    data = "Data;Valor\n01/09/2026;1,00\n".encode("utf-16-le")
    with pytest.raises(ParseError) as caught:
        parse_statement(data, profile="generic_bank")
    assert caught.value.code == "UNDECODABLE_ENCODING"


def test_utf16_with_bom_is_read() -> None:
    data = "Data;Descrição;Valor\n01/09/2026;PIX RECEBIDO;1,00\n".encode("utf-16")
    result = parse_statement(data)
    assert result.encoding == "utf-16"
    assert [t.amount for t in result.transactions] == [Decimal("1.00")]


def test_cnab400_needs_a_header() -> None:
    with pytest.raises(ParseError) as caught:
        parse_statement(b"1" + b"0" * 399 + b"\r\n", filename="x.ret")
    assert caught.value.code in {"UNRECOGNIZED_FORMAT", "MISSING_HEADER"}


def test_records_follow_the_cli_contract(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__extrato_itau_maio.ofx")
    records = result_to_records(result, "extrato_itau_maio.ofx")
    json.dumps(records)
    kinds = [r["kind"] for r in records]
    assert kinds == ["statement"] + ["transaction"] * 10 + ["summary"]
    tx = records[1]
    assert tx["id"] == "20150427001"
    assert tx["posted_on"] == "2015-04-27"
    assert tx["amount"] == "-36.00"
    assert tx["type"] == "transfer"
    assert tx["account"]["bank_code"] == "341"
    assert tx["references"] == {"fitid": "20150427001", "check_number": "20150427001"}
    assert tx["source"] == {
        "file": "extrato_itau_maio.ofx",
        "format": "ofx",
        "line": 39,
        "record": 1,
    }
    assert len(tx["fingerprint"]) == 32
    assert {
        "kind",
        "id",
        "account",
        "posted_on",
        "amount",
        "description",
        "type",
        "counterparty",
        "references",
        "fingerprint",
        "source",
    } <= set(tx)
    assert records[-1]["transactions"] == 10
    assert records[-1]["skipped"] == 0


def test_csv_without_id_uses_the_line_number(parse_sample: Parse) -> None:
    records = result_to_records(parse_sample("bank_csv/synthetic__itau_extrato.csv"))
    first = next(r for r in records if r["kind"] == "transaction")
    assert first["id"] == "2"
    assert first["source"]["line"] == 2


def test_cnab_titles_and_errors_serialise() -> None:
    titles = random_titles(4, seed=1)
    lines = make_cnab240_collection(titles).decode().split("\r\n")
    lines[3] = lines[3][:100] + "X" + lines[3][101:]
    document = result_to_dict(parse_statement("\r\n".join(lines).encode()), "r.ret")
    json.dumps(document)
    assert document["skipped_count"] == 1
    assert document["skipped"][0]["code"] == "BAD_AMOUNT"
    assert document["skipped"][0]["location"]["line"] == 4
    title = document["titles"][0]
    assert title["kind"] == "cnab_title"
    assert title["amount"] == f"{titles[1].amount:.2f}"
    assert title["credit_date"] == "2026-09-14"


def test_memo_facts() -> None:
    facts = read_memo(
        "PIX RECEBIDO E00000000202609011200abcdeFGHI12 TXID: ABC123 NF 4321 "
        "00190000090123456789012345678901234567890123"
    )
    references = dict(facts.references)
    assert references["pix_end_to_end_id"] == "E00000000202609011200abcdeFGHI12"
    assert references["pix_txid"] == "ABC123"
    assert references["document_number"] == "4321"
    assert "boleto_barcode" in references or "boleto_digitable_line" in references
    line = read_memo("PAGTO TIT 23790.12345 60000.000006 01000.000005 1 91230000010000")
    assert dict(line.references)["boleto_digitable_line"] == (
        "23790123456000000000601000000005191230000010000"
    )
    assert read_memo("TARIFA PIX ENVIADO").type.value == "fee"
    assert read_memo("qualquer coisa", "XFER").type.value == "transfer"


def test_documents_and_amounts() -> None:
    assert is_valid_cnpj("12ABC34501DE35")  # the Receita Federal's alphanumeric example
    assert not is_valid_cnpj("12ABC34501DE36")
    assert is_valid_cpf("52998224725")
    assert not is_valid_cpf("11111111111")
    assert normalise_document("12.345.678/0001-95") == "12345678000195"
    assert normalise_document("012345678000195") == "12345678000195"
    cases = {
        "-1.234,56": "-1234.56",
        "1,234.56": "1234.56",
        "(12,00)": "-12.00",
        "12,00-": "-12.00",
        "R$ 5,00 D": "-5.00",
        "+3.5": "3.50",
        "           -560,00": "-560.00",
    }
    for text, expected in cases.items():
        assert parse_amount(text) == Decimal(expected), text
    for bad in ("", "-", "()", "1e5", "NaN", "12,3,4x"):
        with pytest.raises(ValueError, match="amount"):
            parse_amount(bad)


def test_a_later_export_of_a_real_statement_shares_fingerprints(parse_sample: Parse) -> None:
    result = parse_sample("ofx/ofxparser__ofxdata-bb-two-stmtrs.ofx")
    entries = [
        GenEntry(t.posted_on, t.amount, t.description, t.references.fitid or "")
        for t in result.transactions
    ]
    account = result.statements[1].account
    rebuilt = parse_statement(
        make_ofx([GenStatement(entries[10:], bank_id="001", account_id="655000-2")])
    )
    assert rebuilt.transactions[0].account.key() == account.key()
    assert [t.fingerprint for t in rebuilt.transactions] == [
        t.fingerprint for t in result.transactions[10:]
    ]
    assert result.transactions[0].posted_on == date(2017, 3, 1)


def test_the_file_name_goes_into_every_location() -> None:
    titles = random_titles(4, seed=1)
    lines = make_cnab240_collection(titles, "999").decode().split("\r\n")
    lines[3] = lines[3][:100] + "X" + lines[3][101:]
    result = parse_statement("\r\n".join(lines).encode(), filename="retorno.ret")
    assert [e.location.file for e in result.skipped] == ["retorno.ret"]
    assert [w.location.file for w in result.warnings] == ["retorno.ret"]
    assert result_to_dict(result)["skipped"][0]["location"]["file"] == "retorno.ret"
    with pytest.raises(ParseError) as caught:
        parse_statement(b"not a statement\x00\x01\x02", filename="x.bin")
    assert caught.value.location.file == "x.bin"
    assert caught.value.details["location"]["file"] == "x.bin"
    assert parse_statement("\r\n".join(lines).encode()).skipped[0].location.file is None


def test_error_codes_are_upper_snake_and_documented() -> None:
    source = "\n".join(
        path.read_text() for path in sorted((ROOT / "backend/statements").glob("*.py"))
    )
    used = set(
        re.findall(
            r"(?:ParseError|skip|warn|Error)\(\s*\"([A-Za-z_.]+)\"",
            source,
        )
    )
    assert used, "the pattern finds the codes"
    docs = (ROOT / "docs/statements.md").read_text()
    table = docs[docs.index("## Error codes") :]
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", table))
    for code in used:
        assert re.fullmatch(r"[A-Z]+(?:_[A-Z]+)*", code), code
    assert used <= documented, used - documented


def test_the_garbage_collector_is_restored() -> None:
    data = make_ofx([GenStatement(random_entries(3))])
    assert gc.isenabled()
    parse_statement(data)
    assert gc.isenabled()
    with pytest.raises(ParseError):
        parse_statement(b"\x00\x01 not a statement")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_statement(data)
        assert not gc.isenabled(), "a collector someone else turned off stays off"
    finally:
        gc.enable()


def test_nul_bytes_never_reach_the_entries() -> None:
    """PostgreSQL text cannot hold U+0000: OFX/CNAB padding becomes spaces with a warning,
    a CSV row holding one is skipped with its line."""
    data = make_ofx([GenStatement(random_entries(3))])
    at = data.index(b"<MEMO>") + len(b"<MEMO>")
    result = parse_statement(data[:at] + b"AB\x00CD" + data[at:], filename="x.ofx")
    assert len(result.transactions) == 3
    assert all("\x00" not in (t.description or "") for t in result.transactions)
    assert any("AB CD" in (t.description or "") for t in result.transactions)
    (warning,) = [w for w in result.warnings if w.code == "NUL_BYTES"]
    assert warning.location.line == data[:at].count(b"\n") + 1

    csv = b"Data;Descricao;Valor\n01/09/2026;PIX RECEBIDO;10,00\n02/09/2026;TA\x00RIFA;-1,00\n"
    table = parse_statement(csv, filename="extrato.csv")
    assert [t.amount for t in table.transactions] == [Decimal("10.00")]
    assert [(s.code, s.location.line) for s in table.skipped] == [("BAD_ROW", 3)]


def test_an_amount_the_database_cannot_hold_is_a_bad_line() -> None:
    """numeric(20,2) holds 18 digits before the point; more used to escape the reader as
    decimal.InvalidOperation (or overflow the database) and fail the whole file."""
    csv = (
        b"Data;Descricao;Valor\n01/09/2026;PIX RECEBIDO;10,00\n"
        b"02/09/2026;TARIFA;1.859999999999999999999999999999994,26\n"
        b"03/09/2026;TED;1234567890123456789,00\n04/09/2026;TED;123456789012345678,00\n"
    )
    result = parse_statement(csv, filename="extrato.csv")
    assert [t.amount for t in result.transactions] == [
        Decimal("10.00"),
        Decimal("123456789012345678.00"),
    ]
    assert [(s.code, s.location.line) for s in result.skipped] == [
        ("BAD_AMOUNT", 3),
        ("BAD_AMOUNT", 4),
    ]
