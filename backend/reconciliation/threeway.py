"""The three-way match: CNAB liquidations, summed per settlement group, against the one
bank line that credited them.

A collection return file lists each liquidated title (nosso número, amount paid, fee);
the bank then credits the net sum of a day's liquidations in a single statement line.
Documents match liquidations by nosso número; this module ties each group of
liquidations to its bank credit so that line is explained and never matched again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from backend.reconciliation.bank_calendar import business_days_between
from backend.reconciliation.model import Transaction, TransactionSource

SETTLEMENT_BUSINESS_DAYS = 2  # a bank credits a return file's liquidations within D+2


@dataclass(frozen=True, slots=True)
class Settlement:
    """A group of liquidations and the bank credit that settled them."""

    group: str
    bank_transaction: str
    liquidations: tuple[str, ...]
    amount: Decimal
    credit_date: date


def find_settlements(transactions: list[Transaction], open_ids: set[str]) -> list[Settlement]:
    """Pair each settlement group with an open bank credit of the same account for exactly
    the group's net sum, posted on the credit date or up to two business days later (the
    nearest date wins, then the smallest id). Each bank line settles one group at most.

    Groups count all their liquidations, also those an earlier run already matched: the
    bank line may arrive in a later statement than the return file.
    """
    groups: dict[tuple[str, str], list[Transaction]] = defaultdict(list)
    credits: dict[tuple[str, Decimal], list[Transaction]] = defaultdict(list)
    for tx in transactions:
        if tx.source is TransactionSource.CNAB_LIQUIDATION and tx.settlement_group:
            groups[(tx.account_id, tx.settlement_group)].append(tx)
        elif tx.source is TransactionSource.BANK and tx.amount > 0 and tx.id in open_ids:
            credits[(tx.account_id, tx.amount)].append(tx)
    used: set[str] = set()
    found: list[Settlement] = []
    for (account, group), members in sorted(groups.items()):
        total = sum((m.net_credit for m in members), Decimal(0))
        credit_date = max(m.posted_on for m in members)
        latest = credit_date + timedelta(days=7)
        options = [
            tx
            for tx in credits.get((account, total), ())
            if tx.id not in used
            and credit_date <= tx.posted_on <= latest
            and business_days_between(credit_date, tx.posted_on) <= SETTLEMENT_BUSINESS_DAYS
        ]
        if not options:
            continue
        bank = min(options, key=lambda tx: (tx.posted_on, tx.id))
        used.add(bank.id)
        found.append(
            Settlement(group, bank.id, tuple(sorted(m.id for m in members)), total, credit_date)
        )
    return found
