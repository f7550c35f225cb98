"""Tenant patterns run with RE2: catastrophic ones finish, what RE2 cannot run in linear
time is refused when the rule is read, with the condition named, and the limits hold."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backend.reconciliation import EngineConfig, RulesError, dry_run, parse_rules, reconcile
from backend.reconciliation.patterns import (
    MAX_PATTERN_LENGTH,
    MAX_SUBJECT_LENGTH,
    compile_pattern,
    search,
)
from backend.reconciliation.rules import transaction_rule
from backend.reconciliation.testing.factories import OWN, document, transaction
from tests.hang_guard import hang_guard

DUE = date(2026, 3, 10)
KEY = "35260311222333000181550010000012341000000011"
CONFIG = EngineConfig(own_tax_ids=frozenset({OWN}))
# Each takes Python's backtracking re longer than any test run on a 67-character memo.
CATASTROPHIC = [
    ("(a+)+$", "a" * 66 + "!"),
    ("(x+x+)+y", "x" * 67),
    ("([A-Z0-9]+)+$", "PIXRECEBIDOCLIENTEEXEMPLOCOMERCIODEPECAS11222333000181ABCDEFGHIJKL-"),
]


def _rule_set(*when: dict[str, Any], action: str = "suggest_only") -> dict[str, Any]:
    then: dict[str, Any] = {"type": action}
    if action == "classify":
        then["ledger_account"] = "3.1.2.01"
    return {"rules": [{"id": "r", "when": list(when), "then": then}]}


def _memo_regex(pattern: str) -> dict[str, Any]:
    return {"type": "field", "field": "transaction.memo", "op": "regex", "value": pattern}


@pytest.mark.parametrize(("pattern", "memo"), CATASTROPHIC)
def test_a_catastrophic_pattern_finishes_in_rules_engine_and_dry_run(
    pattern: str, memo: str
) -> None:
    assert len(memo) == 67
    classify = parse_rules(_rule_set(_memo_regex(pattern), action="classify"))
    by_name = parse_rules(_rule_set({"type": "counterparty", "name_regex": pattern.upper()}))
    docs = [document(KEY, "100.00", DUE)]
    txs = [transaction("T1", "100.00", DUE, memo)]
    with hang_guard():
        assert transaction_rule(classify.ordered(), txs[0]) is None
        result = reconcile(docs, txs, config=CONFIG, rules=classify)
        assert result.set_aside_transactions == ()
        assert reconcile(docs, txs, config=CONFIG, rules=by_name).matches is not None
        assert dry_run(classify, docs, txs, config=CONFIG) == []


def test_the_text_matched_and_the_pattern_are_bounded() -> None:
    assert compile_pattern("A" * MAX_PATTERN_LENGTH)
    long_memo = "a" * MAX_SUBJECT_LENGTH + "X"
    assert search("^a", long_memo)
    # Cut at the bound: what lies past it is never seen.
    assert not search("X", long_memo)
    with hang_guard():
        assert not search("(a+)+b", "a" * 1_000_000)


def test_compiled_patterns_are_cached() -> None:
    assert compile_pattern("^TED RECEBIDA") is compile_pattern("^TED RECEBIDA")


def test_a_memo_the_statement_decoder_could_not_read_still_matches() -> None:
    # A lone surrogate (an undecodable byte kept by the parser) must not fail the rule.
    rules = parse_rules(_rule_set(_memo_regex("TARIFA$"), action="classify"))
    tx = transaction("T1", "-9.90", DUE, "PACOTE \udcff TARIFA")
    assert transaction_rule(rules.ordered(), tx) is not None


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(a)\1", "backreferences (\\1, (?P=name)) are not supported"),
        (r"(?P<x>a)(?P=x)", "backreferences"),
        (r"(?=TED)", "lookarounds ((?=, (?!, (?<=, (?<!) are not supported"),
        (r"(?<!PIX )TED", "lookarounds"),
        ("(", "invalid regular expression: missing ): ("),
        (r"TED\Z", "use \\z for the end of the text"),
        ("((a{30}){30}){30}", "repetition too large"),
        (r"(\w+\s+){500}", "regular expression too complex"),
        ("", "empty regular expression"),
        ("A" * (MAX_PATTERN_LENGTH + 1), "regular expression too long: 501 characters"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_naming_the_condition(
    pattern: str, problem: str
) -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(_rule_set({"type": "memo_contains", "any": ["TED"]}, _memo_regex(pattern)))
    assert list(caught.value.fields) == ["rules[0].when[1].value"]
    assert problem in caught.value.fields["rules[0].when[1].value"][0]
    with pytest.raises(RulesError) as by_name:
        parse_rules(_rule_set({"type": "counterparty", "name_regex": pattern}))
    assert list(by_name.value.fields) == ["rules[0].when[0].name_regex"]
    assert problem in by_name.value.fields["rules[0].when[0].name_regex"][0]
