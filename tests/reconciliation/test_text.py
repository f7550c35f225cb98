"""Reading memos: ids, references, names."""

from __future__ import annotations

from backend.reconciliation.text import (
    is_cnpj,
    is_cpf,
    memo_name_similarity,
    memo_pattern,
    name_similarity,
    name_tokens,
    read_memo,
)


def test_tax_id_check_digits() -> None:
    assert is_cnpj("11222333000181")
    assert not is_cnpj("11222333000182")
    assert not is_cnpj("11111111111111")
    assert is_cnpj("12ABC34501DE35")  # alphanumeric CNPJ (Receita Federal, July 2026)
    assert is_cpf("52998224725")
    assert not is_cpf("52998224724")


def test_memo_tax_ids_formatted_or_raw_and_never_parts_of_them() -> None:
    facts = read_memo("TED RECEBIDA 341 11.222.333/0001-81 ACME NF 001234")
    assert facts.tax_ids == {"11222333000181"}
    assert facts.numbers == {"341", "1234"}
    assert read_memo("PIX 529.982.247-25 MARIA").tax_ids == {"52998224725"}
    assert read_memo("CRED TED 341 11222333000181 ACME").tax_ids == {"11222333000181"}
    assert read_memo("PEDIDO 11222333000182").tax_ids == frozenset()


def test_memo_references() -> None:
    key = "35260311222333000181550010000012341000000011"
    grouped = " ".join(key[i : i + 4] for i in range(0, 44, 4))
    assert read_memo(f"NFE {grouped}").access_keys == {key}
    line = "3419179001010435100479102015000819107002600012345"[:47]
    assert read_memo(f"PAGTO {line}").boleto_lines == {line}
    e2e = "E12345678202603101200abcdefghijk"
    assert read_memo(f"PIX {e2e}").end_to_end_ids == {e2e.upper()}


def test_names() -> None:
    assert name_tokens("Comércio de Ferragens São José Ltda") == ("FERRAGENS", "SAO", "JOSE")
    tokens = name_tokens("MARIA APARECIDA SOUZA")
    memo = read_memo("PIX RECEBIDO MARIA APARECI")
    assert memo_name_similarity(tokens, memo.tokens, memo.last_token) == 2 / 3
    assert name_similarity("ACME FERRAGENS LTDA", "Acme Ferragens") == 1.0
    assert name_similarity("ACME FERRAGENS", "BETA ALIMENTOS") < 0.5


def test_memo_pattern_drops_what_varies() -> None:
    assert memo_pattern("PIX RECEBIDO 12/03 E123 MARIA A 4500") == "PIX RECEBIDO MARIA A"
