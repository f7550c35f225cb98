"""Per-tenant learning: aliases, rejected pairs, habits, threshold calibration."""

from __future__ import annotations

from datetime import date

from backend.reconciliation import (
    EngineConfig,
    Feedback,
    FeedbackTransaction,
    MatchStatus,
    TenantHistory,
    TransactionType,
    Verdict,
    calibrate_threshold,
    learn,
    reconcile,
)
from backend.reconciliation.model import DocumentRef
from backend.reconciliation.testing.factories import ACME, OWN, document, transaction

DUE = date(2026, 3, 10)
KEY = "35260311222333000181550010000012341000000011"
CONFIG = EngineConfig(own_tax_ids=frozenset({OWN}))
MEMO = "CRED TRANSF 0341 FILIAL NORTE 12/03"


def confirmation(tx_id: str, memo: str = MEMO, verdict: Verdict = Verdict.ACCEPTED) -> Feedback:
    return Feedback(
        verdict,
        (DocumentRef(KEY, None),),
        (FeedbackTransaction(tx_id, memo, TransactionType.TED, "ACC-1"),),
        ACME[0],
        0.9,
    )


def test_a_memo_pattern_confirmed_twice_becomes_an_alias() -> None:
    once = learn(TenantHistory(), [confirmation("X1")])
    assert once.alias_for(MEMO) is None
    twice = learn(once, [confirmation("X2", "CRED TRANSF 0341 FILIAL NORTE 19/03")])
    assert twice.alias_for("CRED TRANSF 9999 FILIAL NORTE 01/04") == ACME[0]
    assert once.alias_for(MEMO) is None  # learning never mutates the old history

    docs = [document(KEY, "1000.00", DUE)]
    txs = [transaction("T1", "1000.00", DUE, "CRED TRANSF 0341 FILIAL NORTE 10/03")]
    before = reconcile(docs, txs, config=CONFIG)
    after = reconcile(docs, txs, config=CONFIG, history=twice)
    assert before.matches[0].status is MatchStatus.SUGGESTED
    assert after.matches[0].status is MatchStatus.MATCHED
    assert "tax_id_alias" in {r.code for r in after.matches[0].reasons}


def test_an_ambiguous_pattern_is_no_alias() -> None:
    other = Feedback(
        Verdict.ACCEPTED,
        (DocumentRef("K2", None),),
        (FeedbackTransaction("Y", MEMO, TransactionType.TED, "ACC-1"),),
        "45723174000110",
    )
    history = learn(TenantHistory(), [confirmation("X1"), confirmation("X2"), other, other])
    assert history.alias_for(MEMO) is None


def test_rejections_are_remembered() -> None:
    history = learn(TenantHistory(), [confirmation("T1", verdict=Verdict.REJECTED)])
    assert history.is_rejected(DocumentRef(KEY, None), "T1")
    docs = [document(KEY, "1000.00", DUE)]
    txs = [transaction("T1", "1000.00", DUE, "TED RECEBIDA 11222333000181 ACME")]
    assert reconcile(docs, txs, config=CONFIG, history=history).matches == ()


def test_payment_habit_adds_evidence() -> None:
    history = learn(TenantHistory(), [confirmation("X1"), confirmation("X2")])
    assert history.habit_of(ACME[0]) == (TransactionType.TED, "ACC-1")
    docs = [document(KEY, "1000.00", DUE)]
    ted = transaction("T1", "1000.00", DUE, "TED RECEBIDA", kind=TransactionType.TED)
    match = reconcile(docs, [ted], config=CONFIG, history=history).matches[0]
    assert "habit" in {r.code for r in match.reasons}


def test_threshold_calibration() -> None:
    feedback = [
        Feedback(Verdict.ACCEPTED if s >= 0.85 else Verdict.REJECTED, (), (), None, s)
        for s in [0.5 + 0.01 * k for k in range(50)]
    ]
    history = learn(TenantHistory(), feedback)
    calibrated = calibrate_threshold(history)
    assert calibrated.automatic_threshold is not None
    assert 0.85 <= calibrated.automatic_threshold <= 0.86
    assert calibrate_threshold(learn(TenantHistory(), feedback[:5])).automatic_threshold is None
    confident = learn(TenantHistory(), [Feedback(Verdict.ACCEPTED, (), (), None, 0.9)] * 30)
    assert calibrate_threshold(confident).automatic_threshold == 0.80  # never below the floor
    unreliable = [Feedback(Verdict.REJECTED, (), (), None, 0.99)] * 30
    assert calibrate_threshold(learn(TenantHistory(), unreliable)).automatic_threshold == 0.995
