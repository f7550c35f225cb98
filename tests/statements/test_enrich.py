"""Memo analysis: the hint words only skip scans, they never change a result."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.statements.enrich import _TYPE_RULES, read_memo
from backend.statements.model import TransactionType
from backend.statements.text import fold

# Words from every rule, a few near misses and filler.
_WORDS = [
    "TARIFA",
    "TAR.",
    "CESTA",
    "PACOTE DE SERVICOS",
    "IOF",
    "DAS",
    "VENDAS",
    "SIMPLES NACIONAL",
    "JUROS",
    "RENDIMENTOS",
    "REMUNERACAO",
    "CDB",
    "PIX",
    "PIXEL",
    "TED",
    "TED-",
    "DOCS",
    "DOC",
    "BOLETO",
    "PAGTO DE TIT",
    "TITULO",
    "COMPRA",
    "ELO",
    "ELOS",
    "TRANSFERENCIA",
    "ENTRE CONTAS",
    "TEV",
    "MARIA",
    "123",
    "-",
]


def _first_rule_without_hints(folded: str) -> TransactionType | None:
    for pattern, kind, _ in _TYPE_RULES:
        if re.search(pattern, folded):
            return kind
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_hints_never_change_the_type(words: list[str]) -> None:
    memo = " ".join(words)
    expected = _first_rule_without_hints(fold(memo)) or TransactionType.OTHER
    assert read_memo(memo).type is expected


def test_the_first_rule_in_priority_order_wins_anywhere() -> None:
    # An interest phrase around a fee word does not hide the fee.
    assert read_memo("REMUNERACAO TARIFA CDB").type is TransactionType.FEE
    assert read_memo("PIX ENVIADO TARIFA").type is TransactionType.FEE
    assert read_memo("VENDAS CARTAO").type is TransactionType.CARD


def test_documents_are_found_inside_longer_words() -> None:
    # The scan looks at blank-free runs of 11 characters or more, punctuation included.
    facts = read_memo("PAGTO CNPJ:11.222.333/0001-81, REF 9")
    assert facts.counterparty is not None
    assert facts.counterparty.document == "11222333000181"
    cpf = read_memo("PIX RECEBIDO CPF 52998224725")
    assert cpf.counterparty is not None
    assert cpf.counterparty.document == "52998224725"
    unknown = read_memo("TARIFA 1234567890")
    assert unknown.counterparty is None
