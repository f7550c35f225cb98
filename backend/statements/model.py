"""The canonical statement model: accounts, transactions, CNAB titles and the parse result.

Every value object is a frozen, slotted dataclass. Money is always ``decimal.Decimal``;
a transaction amount is signed from the account holder's point of view: money coming
into the account (a bank *credit*) is positive, money leaving it is negative. For ledger
entries the same rule reads as "debit positive" (see ``docs/statements.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from backend.core.drafts import draft_of
from backend.core.errors import ParseError

_ZERO = Decimal("0.00")


class SourceFormat(StrEnum):
    """The file formats this package reads."""

    OFX = "ofx"
    CNAB240 = "cnab240"
    CNAB400 = "cnab400"
    CSV = "csv"


class TransactionType(StrEnum):
    """What kind of money movement a line is, inferred from its memo or record."""

    PIX = "pix"
    TED = "ted"
    DOC = "doc"
    BOLETO = "boleto"
    CARD = "card"
    FEE = "fee"
    TAX = "tax"
    TRANSFER = "transfer"
    INTEREST = "interest"
    OTHER = "other"


class EntryKind(StrEnum):
    """Where an entry comes from: a bank account, a card bill, a CNAB return or a ledger."""

    BANK = "bank"
    CARD = "card"
    COLLECTION = "collection"
    PAYMENT = "payment"
    LEDGER = "ledger"


class AccountKind(StrEnum):
    """The nature of the account an entry belongs to."""

    CHECKING = "checking"
    SAVINGS = "savings"
    CREDIT_CARD = "credit_card"
    COLLECTION = "collection"
    LEDGER = "ledger"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Account:
    """A bank account (bank code, branch, number and check digit) or a ledger account code."""

    kind: AccountKind = AccountKind.UNKNOWN
    bank_code: str | None = None
    branch: str | None = None
    number: str | None = None
    check_digit: str | None = None
    ledger_code: str | None = None

    def key(self) -> str:
        """A stable identity string; leading zeros are dropped so padded exports agree."""
        if self.ledger_code is not None:
            return f"ledger:{self.ledger_code}"
        return ":".join(
            (
                "card" if self.kind is AccountKind.CREDIT_CARD else "bank",
                _unpad(self.bank_code),
                _unpad(self.branch),
                _unpad(self.number),
                (self.check_digit or "").upper(),
            )
        )


def _unpad(value: str | None) -> str:
    if not value:
        return ""
    return value.lstrip("0") or "0"


@dataclass(frozen=True, slots=True)
class Counterparty:
    """The other party of a movement; ``document`` is a CNPJ or CPF without punctuation."""

    name: str | None = None
    document: str | None = None


@dataclass(frozen=True, slots=True)
class References:
    """Identifiers that tie an entry to its source or to a document."""

    fitid: str | None = None
    check_number: str | None = None
    nosso_numero: str | None = None
    seu_numero: str | None = None
    pix_end_to_end_id: str | None = None
    pix_txid: str | None = None
    boleto_barcode: str | None = None
    boleto_digitable_line: str | None = None
    document_number: str | None = None
    # The bank's own code for the kind of entry (CNAB 240 segment E "código histórico"):
    # it names the entry where the history text is abbreviated or blank.
    history_code: str | None = None

    def as_dict(self) -> dict[str, str]:
        """Only the references that are set."""
        return {
            name: value for name in self.__slots__ if (value := getattr(self, name)) is not None
        }


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an entry was read: the format, the 1-based line and the record number."""

    format: SourceFormat
    line: int
    record: int | None = None


@dataclass(frozen=True, slots=True)
class Balance:
    """A balance the file states: ``kind`` is ledger, available, opening or daily.

    ``line`` is where a balance written among the entries sits: it is the balance after
    the entries above it, in file order.
    """

    kind: str
    amount: Decimal
    as_of: date | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Transaction:
    """One money movement in the canonical shape shared by every format."""

    kind: EntryKind
    account: Account
    posted_on: date
    amount: Decimal
    currency: str
    description: str
    type: TransactionType
    counterparty: Counterparty | None
    references: References
    fingerprint: str
    source: SourceRef
    source_id: str | None = None
    balance: Decimal | None = None
    scheduled: bool = False
    statement_index: int = 0
    contra_account: str | None = None


@dataclass(frozen=True, slots=True)
class CnabTitle:
    """One title (boleto) or payment reported by a CNAB return file.

    ``liquidated`` is True only when the occurrence moves money (a paid title or an
    executed payment); entries, instructions and rejections are reported with
    ``liquidated=False`` and never become transactions. ``counterparty`` is the payer of
    a collected title, or the payee (favorecido, beneficiary) of a payment.
    """

    kind: EntryKind
    account: Account
    occurrence_code: str
    occurrence_meaning: str | None
    liquidated: bool
    source: SourceRef
    nosso_numero: str | None = None
    seu_numero: str | None = None
    amount: Decimal = _ZERO
    amount_paid: Decimal = _ZERO
    net_credit: Decimal | None = None
    interest_fine: Decimal = _ZERO
    discount: Decimal = _ZERO
    rebate: Decimal = _ZERO
    bank_fee: Decimal = _ZERO
    iof: Decimal = _ZERO
    other_expenses: Decimal = _ZERO
    other_credits: Decimal = _ZERO
    due_date: date | None = None
    occurrence_date: date | None = None
    credit_date: date | None = None
    counterparty: Counterparty | None = None
    reasons: tuple[str, ...] = ()
    barcode: str | None = None
    transaction_fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """One account's statement inside a file (a file may hold several)."""

    index: int
    kind: EntryKind
    account: Account
    currency: str
    start: date | None = None
    end: date | None = None
    balances: tuple[Balance, ...] = ()
    institution: str | None = None


@dataclass(frozen=True, slots=True)
class StatementParseResult:
    """Everything read from one file.

    ``skipped`` holds the first reasons for skipped lines (at most
    ``MAX_REPORTED_PROBLEMS``); ``skipped_count`` counts all of them.
    """

    format: SourceFormat
    encoding: str
    statements: tuple[Statement, ...]
    transactions: tuple[Transaction, ...]
    titles: tuple[CnabTitle, ...] = ()
    skipped: tuple[ParseError, ...] = ()
    skipped_count: int = 0
    warnings: tuple[ParseError, ...] = ()
    profile: str | None = None
    details: dict[str, str] = field(default_factory=dict)


# Fast construction for the parsers' hot loops.
#
# A frozen dataclass's ``__init__`` stores each field through ``object.__setattr__``,
# which costs about six times a plain attribute store; with 16 to 26 fields per entry
# that was the largest single cost of parsing a CNAB file. The ``new_*`` functions
# below build the very same objects: the fields are stored on a draft subclass that
# adds no slots and allows plain stores, then the object's class is switched to the
# frozen class (allowed because the memory layout is identical). The result is
# indistinguishable from one built by ``__init__`` (type, equality, hash, repr,
# immutability); tests/statements/test_model.py checks every field is set. The result
# goes through a typed local rather than ``typing.cast``, which is a function call.
#
# The CNAB readers, which build four objects per title, use the draft classes below
# directly (``cnab_records.Entries``): one call per title instead of one per object.
# Whoever does so must store every field, then set ``__class__``.


_new = object.__new__
SourceRefDraft = draft_of(SourceRef)
ReferencesDraft = draft_of(References)
TransactionDraft = draft_of(Transaction)
CnabTitleDraft = draft_of(CnabTitle)


def new_source_ref(format: SourceFormat, line: int, record: int | None = None) -> SourceRef:
    """``SourceRef(...)``, built the fast way (see the comment above)."""
    source: Any = _new(SourceRefDraft)
    source.format = format
    source.line = line
    source.record = record
    source.__class__ = SourceRef
    built: SourceRef = source
    return built


def new_references(
    fitid: str | None = None,
    check_number: str | None = None,
    nosso_numero: str | None = None,
    seu_numero: str | None = None,
    pix_end_to_end_id: str | None = None,
    pix_txid: str | None = None,
    boleto_barcode: str | None = None,
    boleto_digitable_line: str | None = None,
    document_number: str | None = None,
    history_code: str | None = None,
) -> References:
    """``References(...)``, built the fast way (see the comment above)."""
    refs: Any = _new(ReferencesDraft)
    refs.fitid = fitid
    refs.check_number = check_number
    refs.nosso_numero = nosso_numero
    refs.seu_numero = seu_numero
    refs.pix_end_to_end_id = pix_end_to_end_id
    refs.pix_txid = pix_txid
    refs.boleto_barcode = boleto_barcode
    refs.boleto_digitable_line = boleto_digitable_line
    refs.document_number = document_number
    refs.history_code = history_code
    refs.__class__ = References
    built: References = refs
    return built


def new_transaction(
    kind: EntryKind,
    account: Account,
    posted_on: date,
    amount: Decimal,
    currency: str,
    description: str,
    type: TransactionType,
    counterparty: Counterparty | None,
    references: References,
    fingerprint: str,
    source: SourceRef,
    source_id: str | None = None,
    balance: Decimal | None = None,
    scheduled: bool = False,
    statement_index: int = 0,
    contra_account: str | None = None,
) -> Transaction:
    """``Transaction(...)``, built the fast way (see the comment above)."""
    tx: Any = _new(TransactionDraft)
    tx.kind = kind
    tx.account = account
    tx.posted_on = posted_on
    tx.amount = amount
    tx.currency = currency
    tx.description = description
    tx.type = type
    tx.counterparty = counterparty
    tx.references = references
    tx.fingerprint = fingerprint
    tx.source = source
    tx.source_id = source_id
    tx.balance = balance
    tx.scheduled = scheduled
    tx.statement_index = statement_index
    tx.contra_account = contra_account
    tx.__class__ = Transaction
    built: Transaction = tx
    return built


def new_cnab_title(
    kind: EntryKind,
    account: Account,
    occurrence_code: str,
    occurrence_meaning: str | None,
    liquidated: bool,
    source: SourceRef,
    nosso_numero: str | None = None,
    seu_numero: str | None = None,
    amount: Decimal = _ZERO,
    amount_paid: Decimal = _ZERO,
    net_credit: Decimal | None = None,
    interest_fine: Decimal = _ZERO,
    discount: Decimal = _ZERO,
    rebate: Decimal = _ZERO,
    bank_fee: Decimal = _ZERO,
    iof: Decimal = _ZERO,
    other_expenses: Decimal = _ZERO,
    other_credits: Decimal = _ZERO,
    due_date: date | None = None,
    occurrence_date: date | None = None,
    credit_date: date | None = None,
    counterparty: Counterparty | None = None,
    reasons: tuple[str, ...] = (),
    barcode: str | None = None,
    transaction_fingerprint: str | None = None,
) -> CnabTitle:
    """``CnabTitle(...)``, built the fast way (see the comment above)."""
    title: Any = _new(CnabTitleDraft)
    title.kind = kind
    title.account = account
    title.occurrence_code = occurrence_code
    title.occurrence_meaning = occurrence_meaning
    title.liquidated = liquidated
    title.source = source
    title.nosso_numero = nosso_numero
    title.seu_numero = seu_numero
    title.amount = amount
    title.amount_paid = amount_paid
    title.net_credit = net_credit
    title.interest_fine = interest_fine
    title.discount = discount
    title.rebate = rebate
    title.bank_fee = bank_fee
    title.iof = iof
    title.other_expenses = other_expenses
    title.other_credits = other_credits
    title.due_date = due_date
    title.occurrence_date = occurrence_date
    title.credit_date = credit_date
    title.counterparty = counterparty
    title.reasons = reasons
    title.barcode = barcode
    title.transaction_fingerprint = transaction_fingerprint
    title.__class__ = CnabTitle
    built: CnabTitle = title
    return built
