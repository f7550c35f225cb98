"""Terse builders for hand-written engine cases (tests and documentation examples)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.reconciliation.model import (
    Direction,
    Document,
    DocumentReferences,
    DocumentStatus,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
)

ACME = ("11222333000181", "ACME FERRAGENS LTDA")
BETA = ("45723174000110", "BETA ALIMENTOS SERVICOS S A")
GAMA = ("07526557000100", "GAMA TRANSPORTES EIRELI")
OWN = "34028316000103"


def document(
    key: str,
    amount: str,
    due: date,
    *,
    party: tuple[str, str] = ACME,
    issued: date | None = None,
    installment: str | None = None,
    direction: Direction = Direction.RECEIVABLE,
    status: DocumentStatus = DocumentStatus.AUTHORIZED,
    number: str | None = None,
    references: DocumentReferences | None = None,
    cfops: tuple[str, ...] = ("5102",),
    open_amount: str | None = None,
) -> Document:
    """A document side issued ten days before it is due unless told otherwise."""
    return Document(
        key=key,
        installment=installment,
        direction=direction,
        amount=Decimal(amount),
        issue_date=issued or date.fromordinal(due.toordinal() - 10),
        due_date=due,
        counterparty_tax_id=party[0],
        counterparty_name=party[1],
        number=number,
        status=status,
        open_amount=None if open_amount is None else Decimal(open_amount),
        references=references or DocumentReferences(),
        cfops=cfops,
    )


def transaction(
    tx_id: str,
    amount: str,
    posted: date,
    memo: str = "",
    *,
    kind: TransactionType = TransactionType.OTHER,
    account: str = "ACC-1",
    references: TransactionReferences | None = None,
    source: TransactionSource = TransactionSource.BANK,
    group: str | None = None,
    fee: str = "0.00",
    counterparty_tax_id: str | None = None,
    counterparty_name: str | None = None,
) -> Transaction:
    """A bank line (credit when ``amount`` is positive)."""
    return Transaction(
        id=tx_id,
        account_id=account,
        posted_on=posted,
        amount=Decimal(amount),
        memo=memo,
        type=kind,
        counterparty_tax_id=counterparty_tax_id,
        counterparty_name=counterparty_name,
        references=references or TransactionReferences(),
        source=source,
        settlement_group=group,
        deducted_fee=Decimal(fee),
    )
