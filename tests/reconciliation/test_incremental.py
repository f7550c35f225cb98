"""Incremental runs: closed items stay closed, people's decisions are never overwritten,
a cancellation after a match is undone with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.reconciliation import (
    Allocation,
    DecidedBy,
    DocumentReferences,
    DocumentStatus,
    EngineConfig,
    Match,
    MatchKind,
    MatchStatus,
    PriorDecision,
    PriorStatus,
    TransactionReferences,
    TransactionSource,
    reconcile,
)
from backend.reconciliation.testing.factories import BETA, OWN, document, transaction

DUE = date(2026, 3, 10)
KEY_A = "35260311222333000181550010000012341000000011"
KEY_B = "35260311222333000181550010000012351000000016"
CONFIG = EngineConfig(own_tax_ids=frozenset({OWN}))
MEMO = "TED RECEBIDA 11222333000181 ACME"


def as_prior(match: Match) -> PriorDecision:
    """What the platform would store for an automatic match and pass back later."""
    return PriorDecision(
        PriorStatus.MATCHED,
        match.documents,
        match.transactions,
        match.allocations,
        DecidedBy.SYSTEM,
    )


def test_new_transactions_match_open_items_without_touching_closed_ones() -> None:
    docs = [document(KEY_A, "100.00", DUE), document(KEY_B, "100.00", DUE, party=BETA)]
    first = reconcile(docs, [transaction("T1", "100.00", DUE, MEMO)], config=CONFIG)
    prior = [as_prior(m) for m in first.matched]
    assert len(prior) == 1
    later = [
        transaction("T1", "100.00", DUE, MEMO),
        transaction("T2", "100.00", DUE, "PIX RECEBIDO 45723174000110 BETA"),
    ]
    second = reconcile(docs, later, config=CONFIG, prior=prior)
    assert [(m.documents[0].key, m.transactions) for m in second.matched] == [(KEY_B, ("T2",))]
    assert KEY_A not in {ref.key for ref in second.unmatched_documents}


def test_partial_payments_across_runs_track_the_open_balance() -> None:
    docs = [document(KEY_A, "1000.00", DUE, number="4321")]
    t1 = transaction("T1", "400.00", DUE, f"{MEMO} NF 4321")
    first = reconcile(docs, [t1], config=CONFIG)
    assert first.open_balances == ((docs[0].ref, Decimal("600.00")),)
    t2 = transaction("T2", "600.00", date(2026, 3, 20), MEMO)
    second = reconcile(docs, [t1, t2], config=CONFIG, prior=[as_prior(first.matched[0])])
    match = second.matched[0]
    assert match.transactions == ("T2",)
    assert match.kind is MatchKind.ONE_TO_ONE
    assert match.difference == Decimal("0.00")


def test_rejected_pairs_are_never_suggested_again() -> None:
    docs = [document(KEY_A, "777.77", DUE)]
    txs = [transaction("T1", "777.77", DUE, "DEPOSITO")]
    assert reconcile(docs, txs, config=CONFIG).suggested
    rejected = PriorDecision(PriorStatus.REJECTED, (docs[0].ref,), ("T1",), (), DecidedBy.USER)
    result = reconcile(docs, txs, config=CONFIG, prior=[rejected])
    assert result.matches == ()
    assert result.unmatched_transactions == ("T1",)


def test_manual_decisions_are_kept_even_against_a_better_candidate() -> None:
    docs = [document(KEY_A, "100.00", DUE), document(KEY_B, "100.00", DUE, party=BETA)]
    txs = [transaction("T1", "100.00", DUE, MEMO)]
    manual = PriorDecision(
        PriorStatus.MANUAL,
        (docs[1].ref,),
        ("T1",),
        (Allocation(docs[1].ref, "T1", Decimal("100.00")),),
        DecidedBy.USER,
    )
    result = reconcile(docs, txs, config=CONFIG, prior=[manual])
    assert result.matches == ()
    assert result.unmatched_documents == (docs[0].ref,)


def test_cancellation_after_an_automatic_match_undoes_it_and_frees_the_payment() -> None:
    doc = document(KEY_A, "500.00", DUE)
    txs = [transaction("T1", "500.00", DUE, MEMO)]
    first = reconcile([doc], txs, config=CONFIG)
    prior = [as_prior(first.matched[0])]
    cancelled = document(KEY_A, "500.00", DUE, status=DocumentStatus.CANCELLED)
    replacement = document(KEY_B, "500.00", date(2026, 3, 11))
    result = reconcile([cancelled, replacement], txs, config=CONFIG, prior=prior)
    assert len(result.undo) == 1
    undo = result.undo[0]
    assert not undo.needs_confirmation
    assert undo.reasons[0].message == "documento cancelado após a conciliação"
    assert [(m.documents[0].key, m.status) for m in result.matches] == [
        (KEY_B, MatchStatus.MATCHED)
    ]


def test_cancellation_after_a_person_matched_asks_for_confirmation_and_keeps_it() -> None:
    txs = [transaction("T1", "500.00", DUE, MEMO)]
    cancelled = document(KEY_A, "500.00", DUE, status=DocumentStatus.CANCELLED)
    accepted = PriorDecision(PriorStatus.ACCEPTED, (cancelled.ref,), ("T1",), (), DecidedBy.USER)
    result = reconcile([cancelled], txs, config=CONFIG, prior=[accepted])
    assert result.undo[0].needs_confirmation
    assert result.matches == ()
    assert result.unmatched_transactions == ()


def test_a_bank_credit_arriving_after_its_liquidations_were_matched_is_explained() -> None:
    docs = [document(KEY_A, "1000.00", DUE, references=DocumentReferences(nosso_numero="501"))]
    liquidation = transaction(
        "L1",
        "1000.00",
        DUE,
        "LIQUIDACAO 501",
        references=TransactionReferences(nosso_numero="501"),
        source=TransactionSource.CNAB_LIQUIDATION,
        group="RET-0310",
        fee="2.49",
    )
    first = reconcile(docs, [liquidation], config=CONFIG)
    assert [m.kind for m in first.matched] == [MatchKind.ONE_TO_ONE]
    bank = transaction("B1", "997.51", date(2026, 3, 11), "CRED COBRANCA")
    second = reconcile(docs, [liquidation, bank], config=CONFIG, prior=[as_prior(first.matched[0])])
    assert second.matches == ()
    assert [(a.item, a.reasons[0].code) for a in second.set_aside_transactions] == [
        ("B1", "set_aside_settled_by_cnab")
    ]
