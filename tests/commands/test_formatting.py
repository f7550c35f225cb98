"""One locale for every table: pt-BR by default, English on request; jsonl untouched."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest

from backend.cli import build_parser, main
from backend.commands.formatting import DEFAULT_LOCALE, Formatter, Locale, aligned
from backend.fiscal.ids import format_tax_id
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx

PT = Formatter("pt-BR")
EN = Formatter("en")


@pytest.mark.parametrize(
    ("value", "pt", "en"),
    [
        (Decimal("1234.56"), "R$ 1.234,56", "R$1,234.56"),
        (Decimal("-1234.5"), "-R$ 1.234,50", "-R$1,234.50"),
        (Decimal("1980133152.95"), "R$ 1.980.133.152,95", "R$1,980,133,152.95"),
        (Decimal("0"), "R$ 0,00", "R$0.00"),
        (Decimal("-0.00"), "R$ 0,00", "R$0.00"),
        (Decimal("0.10"), "R$ 0,10", "R$0.10"),
    ],
)
def test_money(value: Decimal, pt: str, en: str) -> None:
    assert (PT.money(value), EN.money(value)) == (pt, en)


def test_dates_counts_scores_and_labels() -> None:
    day = date(2026, 3, 16)
    assert (PT.date(day), EN.date(day)) == ("16/03/2026", "2026-03-16")
    assert (PT.count(1234567), EN.count(1234567)) == ("1.234.567", "1,234,567")
    assert (PT.percent(0.9933), EN.percent(0.9933)) == ("99,3%", "99.3%")
    assert (PT.text("Open documents"), EN.text("Open documents")) == (
        "Documentos em aberto",
        "Open documents",
    )
    assert (PT.kind("transaction"), EN.kind("transaction")) == ("lançamento", "transaction")
    assert PT.kind("mdfe") == "mdfe"  # a kind without a label keeps its code
    with pytest.raises(KeyError):
        PT.text("a label nobody translated")


def test_tax_ids_and_alignment() -> None:
    assert format_tax_id("11222333000181") == "11.222.333/0001-81"
    assert format_tax_id("12ABC34501DE35") == "12.ABC.345/01DE-35"
    assert format_tax_id("12345678909") == "123.456.789-09"
    assert format_tax_id("123") == "123"
    assert aligned([["a", "1"], ["bcd", "22"]], right=frozenset({1})) == "a     1\nbcd  22\n"


@pytest.mark.parametrize("command", ["parse", "reconcile"])
def test_the_locale_flag_offers_every_locale(command: str) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    (flag,) = [a for a in sub.choices[command]._actions if a.dest == "locale"]  # type: ignore[index]
    assert (tuple(flag.choices or ()), flag.default) == (get_args(Locale), DEFAULT_LOCALE)


def _statement(tmp_path: Path) -> Path:
    entries = [
        GenEntry(date(2026, 3, 2), Decimal("1234.56"), "PIX RECEBIDO", "A"),
        GenEntry(date(2026, 3, 3), Decimal("-12.34"), "TARIFA", "B"),
    ]
    path = tmp_path / "extrato.ofx"
    path.write_bytes(make_ofx([GenStatement(entries)]))
    return path


def _parse(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["parse", *args])
    return code, capsys.readouterr().out


def test_parse_table_is_portuguese_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ofx = _statement(tmp_path)
    code, table = _parse(capsys, "--format", "table", str(ofx), str(tmp_path / "nada.xml"))
    assert code == 1
    lines = table.splitlines()
    assert lines[0].split() == ["tipo", "quantidade", "valor", "total"]
    assert lines[1].split() == ["extrato", "1"]
    assert lines[2].split() == ["lançamento", "2", "R$", "1.222,22"]
    assert lines[3].split() == ["erro", "1"]
    assert lines[4].startswith("ERRO FILE_NOT_FOUND: ")
    assert lines[4].endswith(f"(arquivo={tmp_path / 'nada.xml'})")


def test_parse_table_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, table = _parse(capsys, "--format", "table", "--locale", "en", str(_statement(tmp_path)))
    assert code == 0
    lines = table.splitlines()
    assert lines[0].split() == ["kind", "count", "total", "amount"]
    assert lines[2].split() == ["transaction", "2", "R$1,222.22"]


def test_jsonl_does_not_depend_on_the_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ofx = str(_statement(tmp_path))
    _, default = _parse(capsys, ofx)
    _, english = _parse(capsys, "--locale", "en", ofx)
    assert default == english
    amounts = [json.loads(line)["amount"] for line in default.splitlines() if '"amount"' in line]
    assert amounts == ["1234.56", "-12.34"]
