"""The result as the JSON objects of the `conciliacontag reconcile --format jsonl` contract.

One object per line: matches and suggestions first (in the result's order), then the
unmatched document sides, then the unmatched transactions. Money is a decimal string.
Extra keys (kind, rank, allocations, decided_by, rule_id) follow the contract's own; the
undo notices and the transactions set aside are their own line types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backend.reconciliation.decisions import Match, ReconcileResult
from backend.reconciliation.model import DocumentRef


def _ref(ref: DocumentRef) -> dict[str, Any]:
    return {"key": ref.key, "installment": ref.installment}


def match_object(match: Match) -> dict[str, Any]:
    """One ``{"type": "match"}`` object."""
    return {
        "type": "match",
        "status": match.status.value,
        "documents": [_ref(ref) for ref in match.documents],
        "transactions": list(match.transactions),
        "score": match.score,
        "difference": str(match.difference),
        "reasons": [{"code": r.code, "message": r.message} for r in match.reasons],
        "kind": match.kind.value,
        "rank": match.rank,
        "decided_by": match.decided_by.value,
        "rule_id": match.rule_id,
        "allocations": [
            {"document": _ref(a.document), "transaction": a.transaction_id, "amount": str(a.amount)}
            for a in match.allocations
        ],
    }


def result_objects(result: ReconcileResult) -> Iterator[dict[str, Any]]:
    """Every line of the jsonl output, in a stable order."""
    for match in result.matches:
        yield match_object(match)
    for undo in result.undo:
        yield {
            "type": "undo",
            "documents": [_ref(ref) for ref in undo.decision.documents],
            "transactions": list(undo.decision.transactions),
            "needs_confirmation": undo.needs_confirmation,
            "reasons": [{"code": r.code, "message": r.message} for r in undo.reasons],
        }
    for aside in result.set_aside_transactions:
        yield {
            "type": "set_aside_transaction",
            "transaction": aside.item,
            "ledger_account": aside.ledger_account,
            "rule_id": aside.rule_id,
            "reasons": [{"code": r.code, "message": r.message} for r in aside.reasons],
        }
    for ref in result.unmatched_documents:
        yield {"type": "unmatched_document", "document": _ref(ref)}
    for tx_id in result.unmatched_transactions:
        yield {"type": "unmatched_transaction", "transaction": tx_id}
