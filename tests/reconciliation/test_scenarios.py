"""Hand-written cases: one per scenario the engine must match, and every decoy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.reconciliation import (
    Direction,
    Document,
    DocumentReferences,
    DocumentStatus,
    EngineConfig,
    Match,
    MatchKind,
    MatchStatus,
    ReconcileResult,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
    reconcile,
)
from backend.reconciliation.testing.factories import BETA, GAMA, OWN, document, transaction

DUE = date(2026, 3, 10)  # a Tuesday with no holiday around it
KEY_A = "35260311222333000181550010000012341000000011"
KEY_B = "35260311222333000181550010000012351000000016"
KEY_C = "35260311222333000181550010000012361000000010"
CONFIG = EngineConfig(own_tax_ids=frozenset({OWN}))


def run(
    docs: list[Document],
    txs: list[Transaction],
    config: EngineConfig = CONFIG,
) -> ReconcileResult:
    return reconcile(docs, txs, config=config)


def only_match(result: ReconcileResult) -> Match:
    assert len(result.matches) == 1, result.matches
    return result.matches[0]


def codes(match: Match) -> set[str]:
    return {reason.code for reason in match.reasons}


def test_one_to_one_exact_with_cnpj_in_memo_is_matched_with_reasons() -> None:
    docs = [document(KEY_A, "1500.00", DUE)]
    txs = [transaction("T1", "1500.00", DUE, "TED RECEBIDA 11.222.333/0001-81 ACME FERRAGENS")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert match.kind is MatchKind.ONE_TO_ONE
    assert match.transactions == ("T1",)
    assert match.difference == Decimal("0.00")
    messages = {reason.message for reason in match.reasons}
    assert "valor idêntico" in messages
    assert "CNPJ do pagador no histórico" in messages
    assert "pago no vencimento" in messages
    assert match.score >= 0.95
    assert dict(match.breakdown)["counterparty"] > 0


def test_payable_is_matched_to_a_debit_and_names_the_payee() -> None:
    docs = [document(KEY_A, "820.40", DUE, party=GAMA, direction=Direction.PAYABLE)]
    txs = [transaction("T1", "-820.40", DUE, "PIX ENVIADO 07526557000100 GAMA TRANSPORTES")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "CNPJ do favorecido no histórico" in {r.message for r in match.reasons}


def test_direction_must_agree() -> None:
    docs = [document(KEY_A, "820.40", DUE, party=GAMA, direction=Direction.PAYABLE)]
    txs = [transaction("T1", "820.40", DUE, "PIX RECEBIDO 07526557000100 GAMA TRANSPORTES")]
    result = run(docs, txs)
    assert result.matches == ()
    assert result.unmatched_transactions == ("T1",)


def test_name_in_pix_memo_is_enough_for_an_automatic_match() -> None:
    docs = [document(KEY_A, "310.00", DUE, party=BETA)]
    txs = [
        transaction(
            "T1", "310.00", DUE, "PIX RECEBIDO BETA ALIMENTOS SERV", kind=TransactionType.PIX
        )
    ]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "name_similar" in codes(match)


def test_truncated_name_still_identifies() -> None:
    docs = [document(KEY_A, "310.00", DUE, party=("52998224725", "MARIA APARECIDA SOUZA"))]
    txs = [transaction("T1", "310.00", DUE, "PIX RECEBIDO MARIA APARECIDA SOU")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED


def test_bare_memo_with_exact_amount_is_only_suggested() -> None:
    docs = [document(KEY_A, "777.77", DUE)]
    txs = [transaction("T1", "777.77", DUE, "CREDITO EM CONTA")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.SUGGESTED
    assert "below_threshold" in codes(match)


def test_pix_end_to_end_id_is_a_hard_key() -> None:
    e2e = "E1234567820260310120012345678901"
    docs = [document(KEY_A, "99.90", DUE, references=DocumentReferences(pix_end_to_end_id=e2e))]
    txs = [
        transaction(
            "T1",
            "99.90",
            DUE,
            "PIX RECEBIDO",
            references=TransactionReferences(pix_end_to_end_id=e2e),
        )
    ]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "hard_key_pix_end_to_end_id" in codes(match)


def test_pix_txid_hard_key_beats_a_same_amount_rival() -> None:
    txid = "COBRANCA0001ABCDEFGHIJKLMNOPQ"
    docs = [
        document(KEY_A, "250.00", DUE, references=DocumentReferences(pix_txid=txid)),
        document(KEY_B, "250.00", DUE, party=BETA),
    ]
    txs = [
        transaction("T1", "250.00", DUE, "PIX QR", references=TransactionReferences(pix_txid=txid))
    ]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert match.documents[0].key == KEY_A


def test_nosso_numero_hard_key() -> None:
    docs = [document(KEY_A, "1200.00", DUE, references=DocumentReferences(nosso_numero="00012345"))]
    txs = [
        transaction(
            "T1",
            "1200.00",
            DUE,
            "LIQ COBRANCA",
            references=TransactionReferences(nosso_numero="12345"),
        )
    ]
    assert only_match(run(docs, txs)).status is MatchStatus.MATCHED


def test_access_key_in_memo_is_a_hard_key_even_in_groups_of_four() -> None:
    grouped = " ".join(KEY_A[i : i + 4] for i in range(0, 44, 4))
    docs = [document(KEY_A, "4321.00", DUE, direction=Direction.PAYABLE, party=GAMA)]
    txs = [transaction("T1", "-4321.00", DUE, f"TED ENVIADA NFE {grouped}")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "hard_key_access_key" in codes(match)


def test_boleto_digitable_line_or_its_barcode_in_memo() -> None:
    line = "34191790010104351004791020150008191070026000"[:44] + "123"
    docs = [
        document(
            KEY_A,
            "560.00",
            DUE,
            direction=Direction.PAYABLE,
            party=GAMA,
            references=DocumentReferences(boleto_line=line),
        )
    ]
    barcode = line[0:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]
    for memo in (f"PAGTO TITULO {line}", f"PAGTO COD BARRAS {barcode}"):
        match = only_match(run(docs, [transaction("T1", "-560.00", DUE, memo)]))
        assert match.status is MatchStatus.MATCHED
        assert "hard_key_boleto_line" in codes(match)


def test_hard_key_with_unexplained_amount_is_only_suggested() -> None:
    docs = [document(KEY_A, "1200.00", DUE, references=DocumentReferences(nosso_numero="777"))]
    txs = [
        transaction(
            "T1", "1500.00", DUE, "LIQ", references=TransactionReferences(nosso_numero="777")
        )
    ]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.SUGGESTED


def test_cnab_three_way_match() -> None:
    """Two liquidations of a return file, credited together net of fees by one bank line."""
    docs = [
        document(KEY_A, "1000.00", DUE, references=DocumentReferences(nosso_numero="501")),
        document(
            KEY_B, "500.00", DUE, party=BETA, references=DocumentReferences(nosso_numero="502")
        ),
    ]

    def liquidation(tx_id: str, amount: str, nosso: str) -> Transaction:
        return transaction(
            tx_id,
            amount,
            DUE,
            f"LIQUIDACAO {nosso}",
            references=TransactionReferences(nosso_numero=nosso),
            source=TransactionSource.CNAB_LIQUIDATION,
            group="RET-0310",
            fee="2.49",
        )

    txs = [
        liquidation("L1", "1000.00", "501"),
        liquidation("L2", "500.00", "502"),
        transaction("B1", "1495.02", date(2026, 3, 11), "CRED COBRANCA"),
        transaction("B2", "1495.02", date(2026, 4, 20), "CRED COBRANCA"),  # too late: not it
    ]
    result = run(docs, txs)
    assert len(result.matched) == 2
    for match in result.matched:
        assert match.kind is MatchKind.THREE_WAY
        assert match.transactions[-1] == "B1"
        assert "three_way" in codes(match)
    bank = [a for m in result.matched for a in m.allocations if a.transaction_id == "B1"]
    assert sum(a.amount for a in bank) == Decimal("1495.02")
    assert "B2" in result.unmatched_transactions


def test_installments_each_paid_on_its_due_date() -> None:
    dues = [date(2026, 3, 10), date(2026, 4, 9), date(2026, 5, 11)]
    docs = [
        document(KEY_A, "400.00", d, installment=f"{k + 1:03d}", issued=date(2026, 2, 9))
        for k, d in enumerate(dues)
    ]
    txs = [
        transaction(f"T{k}", "400.00", d, "PIX RECEBIDO 11222333000181 ACME FERRAGENS")
        for k, d in enumerate(dues)
    ]
    result = run(docs, txs)
    assert len(result.matched) == 3
    pairs = {(m.documents[0].installment, m.transactions[0]) for m in result.matched}
    assert pairs == {("001", "T0"), ("002", "T1"), ("003", "T2")}


def test_one_installment_paid_in_two_parts_is_a_split() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [
        transaction("T1", "400.00", DUE, "TED RECEBIDA 11222333000181 ACME"),
        transaction("T2", "600.00", date(2026, 3, 17), "TED RECEBIDA 11222333000181 ACME"),
    ]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert match.kind is MatchKind.SPLIT
    assert set(match.transactions) == {"T1", "T2"}


def test_a_lone_partial_payment_is_suggested_with_its_open_balance() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "400.00", DUE, "TED RECEBIDA 11222333000181 ACME")]
    match = only_match(run(docs, txs))
    assert match.kind is MatchKind.PARTIAL
    assert match.status is MatchStatus.SUGGESTED
    assert match.difference == Decimal("-600.00")
    assert "saldo em aberto de R$ 600,00" in " ".join(r.message for r in match.reasons)


def test_partial_payment_naming_the_document_number_is_matched_and_balance_tracked() -> None:
    docs = [document(KEY_A, "1000.00", DUE, number="1234")]
    txs = [transaction("T1", "400.00", DUE, "TED RECEBIDA 11222333000181 ACME NF 1234")]
    result = run(docs, txs)
    match = only_match(result)
    assert match.status is MatchStatus.MATCHED
    assert result.open_balances == ((docs[0].ref, Decimal("600.00")),)


def test_one_payment_for_several_invoices_of_the_same_customer() -> None:
    docs = [
        document(KEY_A, "120.00", DUE),
        document(KEY_B, "330.50", date(2026, 3, 12)),
        document(KEY_C, "99.99", date(2026, 3, 5)),
    ]
    txs = [transaction("T1", "450.50", date(2026, 3, 12), "TED RECEBIDA 11222333000181 ACME")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert match.kind is MatchKind.AGGREGATED
    assert {d.key for d in match.documents} == {KEY_A, KEY_B}
    assert sum(a.amount for a in match.allocations) == Decimal("450.50")


def test_many_payments_for_many_invoices() -> None:
    docs = [
        document(KEY_A, "300.00", DUE),
        document(KEY_B, "500.00", DUE),
        document(KEY_C, "700.00", DUE),
    ]
    memo = "PIX RECEBIDO 11222333000181 ACME FERRAGENS"
    txs = [
        transaction("T1", "555.00", DUE, memo),
        transaction("T2", "945.00", date(2026, 3, 12), memo),
    ]
    result = run(docs, txs)
    match = next(m for m in result.matches if m.kind is MatchKind.MANY_TO_MANY)
    assert set(match.transactions) == {"T1", "T2"}
    assert {d.key for d in match.documents} == {KEY_A, KEY_B, KEY_C}
    per_tx: dict[str, Decimal] = {}
    for a in match.allocations:
        per_tx[a.transaction_id] = per_tx.get(a.transaction_id, Decimal(0)) + a.amount
    assert per_tx == {"T1": Decimal("555.00"), "T2": Decimal("945.00")}


def test_late_payment_with_interest_and_fine() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    paid = date(2026, 3, 25)  # 15 days late: 2 % fine + 0.5 % interest
    txs = [transaction("T1", "1025.00", paid, "TED RECEBIDA 11222333000181 ACME")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert {"amount_interest", "date_late"} <= codes(match)
    assert "pago 11 dias úteis após o vencimento" in {r.message for r in match.reasons}


def test_interest_beyond_the_tolerance_is_not_explained() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "1100.00", date(2026, 3, 12), "TED RECEBIDA 11222333000181 ACME")]
    assert run(docs, txs).matches == ()


def test_early_payment_with_discount() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "980.00", date(2026, 3, 3), "TED RECEBIDA 11222333000181 ACME")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "amount_discount" in codes(match)


def test_bank_fee_deducted_from_the_credit() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "997.51", DUE, "TED RECEBIDA 11222333000181 ACME")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "diferença de R$ 2,49 compatível com tarifa" in {r.message for r in match.reasons}


def test_fee_without_any_identity_is_suggested() -> None:
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "997.51", DUE, "CREDITO EM CONTA")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.SUGGESTED


def test_cent_rounding() -> None:
    docs = [document(KEY_A, "333.33", DUE)]
    txs = [transaction("T1", "333.34", DUE, "PIX RECEBIDO 11222333000181")]
    match = only_match(run(docs, txs))
    assert match.status is MatchStatus.MATCHED
    assert "amount_rounding" in codes(match)


def test_due_on_carnival_paid_the_next_business_day_is_on_time() -> None:
    docs = [document(KEY_A, "200.00", date(2026, 2, 16))]  # Carnival Monday
    txs = [transaction("T1", "200.00", date(2026, 2, 18), "PIX RECEBIDO 11222333000181")]
    match = only_match(run(docs, txs))
    assert "date_on_due" in codes(match)


def test_tolerances_are_configurable() -> None:
    strict = EngineConfig(
        own_tax_ids=frozenset({OWN}),
        tolerances={"max_fee": "1.00", "rounding": "0.00", "max_discount_pct": "0"},
    )
    docs = [document(KEY_A, "1000.00", DUE)]
    txs = [transaction("T1", "997.51", DUE, "CRED 11222333000181")]
    result = run(docs, txs, config=strict)
    assert all(m.kind is MatchKind.PARTIAL for m in result.matches)


# Decoys ----------------------------------------------------------------------------------


def test_same_amount_invoices_of_different_customers() -> None:
    docs = [document(KEY_A, "500.00", DUE), document(KEY_B, "500.00", DUE, party=BETA)]
    txs = [transaction("T1", "500.00", DUE, "PIX RECEBIDO 45.723.174/0001-10 BETA ALIMENTOS")]
    result = run(docs, txs)
    assert [m.documents[0].key for m in result.matched] == [KEY_B]
    assert result.unmatched_documents == (docs[0].ref,)


def test_same_amount_invoices_without_any_identity_are_never_automatic() -> None:
    docs = [document(KEY_A, "500.00", DUE), document(KEY_B, "500.00", DUE, party=BETA)]
    txs = [transaction("T1", "500.00", DUE, "DEPOSITO")]
    result = run(docs, txs)
    assert result.matched == ()
    assert {m.documents[0].key for m in result.suggested} == {KEY_A, KEY_B}
    assert sorted(m.rank for m in result.suggested) == [1, 2]


def test_a_payment_equal_to_a_cancelled_invoice_is_not_matched_to_it() -> None:
    docs = [
        document(KEY_A, "800.00", DUE, status=DocumentStatus.CANCELLED),
        document(KEY_B, "800.00", date(2026, 3, 11), status=DocumentStatus.DENIED),
    ]
    txs = [transaction("T1", "800.00", DUE, "TED RECEBIDA 11222333000181 ACME")]
    result = run(docs, txs)
    assert result.matches == ()
    assert {a.item for a in result.set_aside_documents} == {str(docs[0].ref), str(docs[1].ref)}
    assert result.unmatched_transactions == ("T1",)


def test_fees_taxes_payroll_and_own_transfers_are_set_aside() -> None:
    docs = [document(KEY_A, "150.00", DUE, direction=Direction.PAYABLE, party=GAMA)]
    txs = [
        transaction("F1", "-150.00", DUE, "TARIFA PACOTE", kind=TransactionType.FEE),
        transaction("X1", "-150.00", DUE, "DARF 2089", kind=TransactionType.TAX),
        transaction("P1", "-150.00", DUE, "SALARIO", kind=TransactionType.PAYROLL),
        transaction(
            "O1",
            "-150.00",
            DUE,
            "TRANSF ENTRE CONTAS 34.028.316/0001-03",
            kind=TransactionType.TRANSFER,
        ),
        transaction("O2", "-150.00", DUE, "TED MESMA TITULARIDADE", counterparty_tax_id=OWN),
    ]
    result = run(docs, txs)
    assert result.matches == ()
    reasons = {a.item: a.reasons[0].code for a in result.set_aside_transactions}
    assert reasons == {
        "F1": "set_aside_bank_fee",
        "X1": "set_aside_tax",
        "P1": "set_aside_payroll",
        "O1": "set_aside_own_transfer",
        "O2": "set_aside_own_transfer",
    }


def test_another_cnpj_in_the_memo_vetoes_the_match() -> None:
    docs = [document(KEY_A, "640.00", DUE)]
    txs = [transaction("T1", "640.00", DUE, "TED RECEBIDA 45723174000110 BETA ALIMENTOS")]
    assert run(docs, txs).matched == ()


def test_payment_before_issue_is_not_matched_automatically() -> None:
    docs = [document(KEY_A, "640.00", DUE, issued=date(2026, 3, 1))]
    txs = [transaction("T1", "640.00", date(2026, 2, 1), "TED RECEBIDA 11222333000181 ACME")]
    assert run(docs, txs).matched == ()


def test_noise_stays_unmatched() -> None:
    docs = [document(KEY_A, "640.00", DUE)]
    txs = [transaction("N1", "12345.67", DUE, "RESGATE APLICACAO")]
    result = run(docs, txs)
    assert result.matches == ()
    assert result.unmatched_transactions == ("N1",)
    assert result.unmatched_documents == (docs[0].ref,)
