"""The jsonl contract of `conciliacontag reconcile`."""

from __future__ import annotations

import json
from datetime import date

from backend.reconciliation import EngineConfig, TransactionType, reconcile
from backend.reconciliation.serialize import result_objects
from backend.reconciliation.testing.factories import OWN, document, transaction

DUE = date(2026, 3, 10)
KEY = "35260311222333000181550010000012341000000011"


def test_lines_follow_the_contract() -> None:
    docs = [
        document(KEY, "997.51", DUE, installment="001"),
        document(KEY, "500.00", date(2026, 4, 9), installment="002"),
    ]
    txs = [
        transaction("T1", "997.51", DUE, "TED RECEBIDA 11222333000181 ACME"),
        transaction("T2", "-12.90", DUE, "TARIFA", kind=TransactionType.FEE),
        transaction("T3", "31.00", DUE, "ESTORNO"),
    ]
    result = reconcile(docs, txs, config=EngineConfig(own_tax_ids=frozenset({OWN})))
    lines = [json.loads(json.dumps(obj)) for obj in result_objects(result)]
    match = lines[0]
    assert match["type"] == "match"
    assert match["status"] == "matched"
    assert match["documents"] == [{"key": KEY, "installment": "001"}]
    assert match["transactions"] == ["T1"]
    assert 0.0 <= match["score"] <= 1.0
    assert match["difference"] == "0.00"
    assert {"code": "amount_exact", "message": "valor idêntico"} in match["reasons"]
    assert {"type": "unmatched_document", "document": {"key": KEY, "installment": "002"}} in lines
    assert {"type": "unmatched_transaction", "transaction": "T3"} in lines
    assert any(line["type"] == "set_aside_transaction" for line in lines)
