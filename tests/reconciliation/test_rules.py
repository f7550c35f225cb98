"""The rules language: validation, the published schema, evaluation order, dry run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from backend.reconciliation import (
    DecidedBy,
    Direction,
    EngineConfig,
    MatchStatus,
    RulesError,
    TransactionType,
    dry_run,
    load_rules,
    parse_rules,
    reconcile,
)
from backend.reconciliation.rules import rules_json_schema
from backend.reconciliation.testing.factories import GAMA, OWN, document, transaction

DUE = date(2026, 3, 10)
KEY_A = "35260311222333000181550010000012341000000011"
KEY_B = "35260311222333000181550010000012351000000016"
CONFIG = EngineConfig(own_tax_ids=frozenset({OWN}))
SCHEMA = Path("backend/reconciliation/rules_schema.json")


def test_published_schema_is_current() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == rules_json_schema()


def test_a_full_rule_set_parses_from_json_and_yaml() -> None:
    text = """
version: 3
rules:
  - id: tarifas
    priority: 10
    when: [{type: memo_contains, any: [TARIFA]}]
    then: {type: classify, ledger_account: "3.1.2.01"}
  - id: acme-retencao
    priority: 20
    when:
      - {type: counterparty, tax_ids: ["11222333000181"]}
      - {type: amount_tolerance, abs: "20.00"}
      - {type: days_window, reference: due_date, min: -5, max: 30}
      - {type: field, field: transaction.type, op: in, value: [ted, pix]}
      - {type: account, in: [ACC-1]}
      - {type: cfop, in: ["5102"]}
      - {type: field, field: transaction.amount, op: range, value: {min: "100", max: "5000"}}
      - {type: field, field: transaction.memo, op: regex, value: "^TED"}
    then: {type: auto_match, tolerance: {abs: "20.00"}}
  - id: grandes
    when: [{type: field, field: document.direction, op: equals, value: receivable}]
    then: {type: require_review, above: "50000"}
"""
    from_yaml = load_rules(text, fmt="yaml")
    assert from_yaml.version == 3
    assert [r.id for r in from_yaml.ordered()] == ["tarifas", "acme-retencao", "grandes"]
    as_json = json.dumps(from_yaml.model_dump(mode="json", by_alias=True))
    assert load_rules(as_json) == from_yaml


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"rules": [{"id": "x", "then": {"type": "explode"}}]}, "rules.0.then"),
        (
            {
                "rules": [
                    {
                        "id": "x",
                        "when": [{"type": "cfop", "in": ["5102"]}],
                        "then": {"type": "ignore_transaction"},
                    }
                ]
            },
            "needs a document",
        ),
        (
            {
                "rules": [
                    {"id": "a", "then": {"type": "suggest_only"}},
                    {"id": "a", "then": {"type": "suggest_only"}},
                ]
            },
            "duplicate rule id 'a'",
        ),
        (
            {
                "rules": [
                    {
                        "id": "x",
                        "when": [
                            {
                                "type": "field",
                                "field": "transaction.memo",
                                "op": "regex",
                                "value": "(",
                            }
                        ],
                        "then": {"type": "suggest_only"},
                    }
                ]
            },
            "invalid regular expression: missing ): (",
        ),
        (
            {
                "rules": [
                    {
                        "id": "x",
                        "when": [
                            {
                                "type": "field",
                                "field": "transaction.nope",
                                "op": "equals",
                                "value": "1",
                            }
                        ],
                        "then": {"type": "suggest_only"},
                    }
                ]
            },
            "rules.0.when.0.field.field",
        ),
        ({"rules": [{"id": "x", "then": {"type": "classify"}}]}, "ledger_account: Field required"),
    ],
)
def test_invalid_rules_get_clear_errors(data: dict[str, object], problem: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(data)
    assert problem in str(caught.value)


def test_bad_json_reports_where() -> None:
    with pytest.raises(RulesError, match="line 1 column 2"):
        load_rules("{x}")


def test_classify_and_ignore_transactions_in_priority_order() -> None:
    rules = parse_rules(
        {
            "rules": [
                {
                    "id": "ignore-all-tarifa",
                    "priority": 50,
                    "when": [{"type": "memo_contains", "any": ["tarifa"]}],
                    "then": {"type": "ignore_transaction"},
                },
                {
                    "id": "classify-tarifa",
                    "priority": 10,
                    "when": [
                        {"type": "memo_contains", "any": ["TARIFA"]},
                        {
                            "type": "field",
                            "field": "transaction.amount",
                            "op": "range",
                            "value": {"max": "0"},
                        },
                    ],
                    "then": {"type": "classify", "ledger_account": "3.1.2.01"},
                },
            ]
        }
    )
    txs = [
        transaction("F1", "-12.90", DUE, "TARIFA PACOTE"),
        transaction("F2", "12.90", DUE, "ESTORNO TARIFA"),
    ]
    result = reconcile([], txs, config=CONFIG, rules=rules)
    by_item = {a.item: a for a in result.set_aside_transactions}
    assert by_item["F1"].ledger_account == "3.1.2.01"
    assert by_item["F1"].rule_id == "classify-tarifa"
    assert by_item["F2"].ledger_account is None
    assert by_item["F2"].rule_id == "ignore-all-tarifa"


def test_auto_match_within_a_tolerance_for_one_counterparty() -> None:
    docs = [document(KEY_A, "1000.00", DUE, party=GAMA)]
    # The customer withholds 2 % and pays late: no default tolerance explains it.
    txs = [transaction("T1", "980.00", date(2026, 3, 20), "TED RECEBIDA 07526557000100 GAMA")]
    assert reconcile(docs, txs, config=CONFIG).matched == ()
    rules = parse_rules(
        {
            "rules": [
                {
                    "id": "gama",
                    "when": [
                        {"type": "counterparty", "tax_ids": [GAMA[0]]},
                        {"type": "amount_tolerance", "pct": "2"},
                    ],
                    "then": {"type": "auto_match", "tolerance": {"pct": "2"}},
                }
            ]
        }
    )
    match = reconcile(docs, txs, config=CONFIG, rules=rules).matches[0]
    assert match.status is MatchStatus.MATCHED
    assert match.decided_by is DecidedBy.RULE
    assert match.rule_id == "gama"


def test_suggest_only_and_review_above_an_amount() -> None:
    docs = [document(KEY_A, "60000.00", DUE), document(KEY_B, "100.00", DUE)]
    memo = "TED RECEBIDA 11222333000181 ACME"
    txs = [transaction("T1", "60000.00", DUE, memo), transaction("T2", "100.00", DUE, memo)]
    review = parse_rules(
        {"rules": [{"id": "big", "then": {"type": "require_review", "above": "50000"}}]}
    )
    statuses = {
        m.transactions[0]: m.status
        for m in reconcile(docs, txs, config=CONFIG, rules=review).matches
    }
    assert statuses == {"T1": MatchStatus.SUGGESTED, "T2": MatchStatus.MATCHED}
    cautious = parse_rules(
        {
            "rules": [
                {
                    "id": "acme",
                    "when": [
                        {
                            "type": "field",
                            "field": "document.counterparty_tax_id",
                            "op": "equals",
                            "value": "11222333000181",
                        }
                    ],
                    "then": {"type": "suggest_only"},
                }
            ]
        }
    )
    result = reconcile(docs, txs, config=CONFIG, rules=cautious)
    assert {m.status for m in result.matches} == {MatchStatus.SUGGESTED}


def test_dry_run_reports_what_a_rule_would_change() -> None:
    docs = [document(KEY_A, "150.00", DUE, direction=Direction.PAYABLE, party=GAMA)]
    txs = [
        transaction("T1", "-150.00", DUE, "PIX ENVIADO 07526557000100 GAMA"),
        transaction("F1", "-9.90", DUE, "TAR MANUTENCAO CONTA", kind=TransactionType.OTHER),
    ]
    rule = parse_rules(
        {
            "version": 2,
            "rules": [
                {
                    "id": "tar",
                    "when": [{"type": "memo_contains", "any": ["TAR "]}],
                    "then": {"type": "classify", "ledger_account": "3.1.2.01"},
                }
            ],
        }
    )
    changes = dry_run(rule, docs, txs, config=CONFIG)
    assert [(c.item, c.before, c.after, c.rule_id) for c in changes] == [
        ("transaction:F1", "unmatched", "classified:3.1.2.01", "tar")
    ]
