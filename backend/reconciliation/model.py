"""The engine's own input model: open document sides and transactions.

The model is independent of the parsers (``backend.fiscal``, ``backend.statements``):
adapters translate their output into these values, so the engine can be used and tested
on its own. Every value is a frozen, slotted dataclass; money is always ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal("0.00")


class Direction(StrEnum):
    """Which way money is expected to move, seen from the tenant.

    A receivable was issued by the tenant (expect a credit); a payable was received by the
    tenant (expect a debit).
    """

    RECEIVABLE = "receivable"
    PAYABLE = "payable"


class DocumentStatus(StrEnum):
    """Fiscal status of a document; only ``authorized`` ones can be matched."""

    AUTHORIZED = "authorized"
    CANCELLED = "cancelled"
    DENIED = "denied"


class TransactionType(StrEnum):
    """What kind of money movement a transaction is (same vocabulary as the statements)."""

    PIX = "pix"
    TED = "ted"
    DOC = "doc"
    BOLETO = "boleto"
    CARD = "card"
    FEE = "fee"
    TAX = "tax"
    TRANSFER = "transfer"
    INTEREST = "interest"
    PAYROLL = "payroll"
    OTHER = "other"


class TransactionSource(StrEnum):
    """Where a transaction was read.

    ``cnab_liquidation`` is one liquidated title of a CNAB return file: the bank credits the
    net sum of a settlement group in a single ``bank`` line (the three-way match).
    """

    BANK = "bank"
    CNAB_LIQUIDATION = "cnab_liquidation"
    LEDGER = "ledger"


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Identity of a document side: the access key (or NFS-e id) and the installment."""

    key: str
    installment: str | None = None

    def __str__(self) -> str:
        return self.key if self.installment is None else f"{self.key}/{self.installment}"

    @property
    def sort_key(self) -> tuple[str, str]:
        """A total order (``installment`` may be ``None``)."""
        return (self.key, self.installment or "")


@dataclass(frozen=True, slots=True)
class DocumentReferences:
    """Payment references known for a document side (from the boleto or the Pix charge)."""

    nosso_numero: str | None = None
    boleto_line: str | None = None
    pix_txid: str | None = None
    pix_end_to_end_id: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One document side: an installment (NF-e ``dup``) or the whole document.

    ``open_amount`` is the balance still open before the decisions passed to the engine
    in the same call (``None`` means the whole ``amount``). ``cfops`` and ``number`` serve
    rules and the document-number signal.
    """

    key: str
    installment: str | None
    direction: Direction
    amount: Decimal
    issue_date: date
    due_date: date | None = None
    counterparty_tax_id: str | None = None
    counterparty_name: str | None = None
    number: str | None = None
    status: DocumentStatus = DocumentStatus.AUTHORIZED
    open_amount: Decimal | None = None
    references: DocumentReferences = field(default_factory=DocumentReferences)
    cfops: tuple[str, ...] = ()

    @property
    def ref(self) -> DocumentRef:
        """The identity used in decisions."""
        return DocumentRef(self.key, self.installment)

    @property
    def balance(self) -> Decimal:
        """The amount still expected."""
        return self.amount if self.open_amount is None else self.open_amount

    @property
    def expected_date(self) -> date:
        """The date payment is expected: the due date, else the issue date."""
        return self.due_date or self.issue_date


@dataclass(frozen=True, slots=True)
class TransactionReferences:
    """References a statement line carries or that its parser extracted."""

    fitid: str | None = None
    nosso_numero: str | None = None
    seu_numero: str | None = None
    pix_end_to_end_id: str | None = None
    pix_txid: str | None = None
    boleto_line: str | None = None
    document_number: str | None = None


@dataclass(frozen=True, slots=True)
class Transaction:
    """One money movement; ``amount`` is signed, a credit to the tenant is positive.

    For a CNAB liquidation ``amount`` is what the payer paid and ``deducted_fee`` the bank
    fee taken from it; liquidations with the same ``settlement_group`` (the return file and
    its credit date) are credited together, net of fees, by one bank line.
    """

    id: str
    account_id: str
    posted_on: date
    amount: Decimal
    memo: str = ""
    type: TransactionType = TransactionType.OTHER
    counterparty_tax_id: str | None = None
    counterparty_name: str | None = None
    references: TransactionReferences = field(default_factory=TransactionReferences)
    source: TransactionSource = TransactionSource.BANK
    settlement_group: str | None = None
    deducted_fee: Decimal = ZERO

    @property
    def is_credit(self) -> bool:
        """Money came in."""
        return self.amount > 0

    @property
    def magnitude(self) -> Decimal:
        """The unsigned amount."""
        return -self.amount if self.amount < 0 else self.amount

    @property
    def net_credit(self) -> Decimal:
        """What the bank credits for a liquidation: the amount paid less the fee."""
        return self.amount - self.deducted_fee
