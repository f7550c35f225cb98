"""Fixed-width helpers shared by the CNAB 240 and CNAB 400 readers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from struct import Struct
from typing import Any, TypeVar

from backend.statements.documents import normalise_document
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    AccountKind,
    CnabTitle,
    CnabTitleDraft,
    Counterparty,
    EntryKind,
    References,
    ReferencesDraft,
    SourceFormat,
    SourceRef,
    SourceRefDraft,
    Transaction,
    TransactionDraft,
    TransactionType,
)
from backend.statements.values import parse_ddmmyy, parse_ddmmyyyy

_ZERO = Decimal("0.00")
_new = object.__new__

K = TypeVar("K")
V = TypeVar("V")


class BadFieldError(ValueError):
    """A fixed-width field that does not hold what its layout promises.

    ``code`` is ``BAD_AMOUNT`` or ``BAD_DATE``, the codes CSV and OFX lines use too.
    """

    def __init__(self, code: str, field: str, column: int, value: str) -> None:
        super().__init__(f"{field} at column {column} is {value!r}")
        self.code = code
        self.field = field
        self.column = column


class RecordLengthError(ValueError):
    """A record too long (non-blank excess) or too short to hold its record type.

    ``column`` is the first column at fault and ``found`` the text there.
    """

    def __init__(self, message: str, column: int, found: str) -> None:
        super().__init__(message)
        self.column = column
        self.found = found


def fit(record: str, width: int, min_width: int) -> str | None:
    """A record whose length is not ``width`` padded or trimmed to it, or None to skip it.

    Many banks trim trailing blanks, so short records are padded; a record longer than
    ``width`` is refused (``RecordLengthError``) unless the excess is blank (a stray CR
    or trailing spaces), and so is one too short to hold its record type
    (``min_width``). Blank lines are skipped silently. The readers call this only for
    records of another length (a full-width blank record they recognise themselves,
    as no record type is blank).
    """
    record = record.rstrip("\x1a")
    if not record or record.isspace():
        return None
    size = len(record)
    if size > width:
        if not record[width:].isspace():
            raise RecordLengthError(
                f"Record is {size} characters long; this layout has {width}",
                width + 1,
                record[width : width + 40],
            )
        return record[:width]
    if size < width:
        if size < min_width:
            raise RecordLengthError(
                f"Record is only {size} characters long; this layout has {width}",
                size + 1,
                record[:40],
            )
        return record.ljust(width)
    return record


# A record may start this many columns late (blanks written before it) and still be read.
MAX_SHIFT = 2


def unshift(record: str) -> int:
    """How many blanks a record starts with when it is one moved right, else 0.

    No CNAB record starts with a blank (the first column is the bank code or the record
    type), so leading blanks before a record are a writer's mistake: read as they are,
    every field would be taken one column off. Up to ``MAX_SHIFT`` are accepted.
    """
    if record[:1] != " ":
        return 0
    shift = len(record) - len(record.lstrip(" "))
    return shift if shift <= MAX_SHIFT and shift < len(record) else 0


# Above this many distinct keys a per-file cache starts over, so a hostile file cannot
# grow it without bound.
_CACHE_LIMIT = 65536


class Memo(dict[K, V]):
    """A per-file cache: ``memo[key]`` computes a missing value once and keeps it.

    Return files repeat their dates, zero-filled amounts, fees, payers and reason codes
    on record after record; a dictionary hit costs a fraction of reading the field
    again. A value whose computation raises (a bad field) is not kept.
    """

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[K], V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: K) -> V:
        value = self._compute(key)
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        self[key] = value
        return value


def latin1(read: Callable[[str], V]) -> Callable[[bytes], V]:
    """``read`` for raw bytes of a Latin-1 buffer (see ``fixed_records``)."""

    def read_bytes(raw: bytes) -> V:
        return read(raw.decode("latin-1"))

    return read_bytes


# Line breaks of str.splitlines other than CR and LF that a Latin-1 text can hold.
_CONTROL_BREAKS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_OTHER_BREAKS = (*_CONTROL_BREAKS, b"\x85")


def decoded_records(
    buffer: bytes, stride: int, width: int, first: int, end: int
) -> Iterator[tuple[int, str]]:
    """Records ``first`` to ``end`` (0-based, end excluded) of an evenly spaced file,
    numbered from 1, as text (for the record-by-record paths)."""
    for index in range(first, end):
        start = index * stride
        yield index + 1, buffer[start : start + width].decode("latin-1")


def fixed_records(source: str | bytes, width: int) -> tuple[bytes, int, int] | None:
    """``(buffer, stride, count)`` when every line of ``source`` is a record of ``width``.

    ``source`` is the file's text, or its bytes when they are ASCII (and so the text).
    ``buffer`` is that text in Latin-1, ending with a line end, and record ``i``
    (0-based) is ``buffer[i * stride : i * stride + width]``: exactly what
    ``text.splitlines()[i]`` holds, as the lines end alike (CR LF or LF) and no other
    line break occurs. The readers then cut fields straight out of the buffer, many
    records per call (``struct``), instead of splitting lines and slicing each. None
    when that does not hold (trimmed or over-long records, mixed line ends, a
    character beyond Latin-1): the record-by-record reading then applies.
    """
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = source.encode("latin-1")
        except UnicodeEncodeError:
            return None
    if data[width : width + 2] == b"\r\n":
        newline = b"\r\n"
    elif data[width : width + 1] == b"\n":
        newline = b"\n"
    else:
        return None
    stride = width + len(newline)
    size = len(data)
    if size % stride == 0:
        count = size // stride
        breaks = count
    elif (size + len(newline)) % stride == 0:
        count = (size + len(newline)) // stride
        breaks = count - 1
    else:
        return None
    if data[width::stride] != newline[:1] * breaks:
        return None
    if newline == b"\r\n" and data[width + 1 :: stride] != b"\n" * breaks:
        return None
    if data.count(b"\n") != breaks or data.count(b"\r") != (breaks if len(newline) == 2 else 0):
        return None
    # ASCII bytes (a bytes source) cannot hold the Latin-1 one, NEL.
    if any(other in data for other in (_CONTROL_BREAKS if data is source else _OTHER_BREAKS)):
        return None
    # Every record followed by its line end, so that any run of records fills whole strides.
    return (data if breaks == count else data + newline), stride, count


def record_struct(spans: Sequence[tuple[int, int]], size: int) -> Struct:
    """A ``Struct`` that cuts the byte ``spans`` (sorted, not overlapping) out of ``size``."""
    parts = []
    position = 0
    for start, end in spans:
        if start < position or end < start:
            raise ValueError(f"span {(start, end)} overlaps or precedes the one before")
        parts.append(f"{start - position}x{end - start}s")
        position = end
    parts.append(f"{size - position}x")
    return Struct("".join(parts))


def amount_value(raw: str) -> Decimal:
    """Digits with two implied decimals; blanks or zeros are zero. Raises ``ValueError``.

    ``Decimal("12345E-2")`` is ``Decimal("123.45")``, built exactly in one step.
    """
    if not raw.strip("0"):
        return _ZERO
    if raw.isdigit() and raw.isascii():
        return Decimal(raw + "E-2")
    stripped = raw.strip()
    if not stripped:
        return _ZERO
    if not stripped.isdigit() or not stripped.isascii():
        raise ValueError(f"not an amount: {raw!r}")
    return Decimal(stripped + "E-2")


def date_value(raw: str) -> date | None:
    """``DDMMAAAA`` (8 characters) or ``DDMMAA``; zeros or blanks mean no date."""
    return parse_ddmmyyyy(raw) if len(raw) == 8 else parse_ddmmyy(raw)


def money(record: str, start: int, end: int, field: str) -> Decimal:
    """Digits at 0-based ``[start, end)`` as a Decimal with two implied decimals."""
    raw = record[start:end]
    try:
        return amount_value(raw)
    except ValueError:
        raise BadFieldError("BAD_AMOUNT", field, start + 1, raw) from None


def amounts(record: str, spans: tuple[tuple[int, int, str], ...]) -> list[Decimal]:
    """The amounts at ``(start, end, field name)`` spans; the first bad one raises."""
    return [money(record, start, end, field) for start, end, field in spans]


def date8(record: str, start: int, field: str) -> date | None:
    """``DDMMAAAA`` at 0-based ``start``; zeros or blanks mean no date."""
    raw = record[start : start + 8]
    try:
        return parse_ddmmyyyy(raw)
    except ValueError:
        raise BadFieldError("BAD_DATE", field, start + 1, raw) from None


def date6(record: str, start: int, field: str) -> date | None:
    """``DDMMAA`` at 0-based ``start``; zeros or blanks mean no date."""
    raw = record[start : start + 6]
    try:
        return parse_ddmmyy(raw)
    except ValueError:
        raise BadFieldError("BAD_DATE", field, start + 1, raw) from None


def text_field(record: str, start: int, end: int) -> str | None:
    """A blank-stripped text field, or None when blank or only zeros (an unfilled field)."""
    return text_value(record[start:end])


def text_value(raw: str) -> str | None:
    """``raw`` without blanks, or None when blank or only zeros (an unfilled field)."""
    value = raw.strip()
    return value if value.strip("0") else None


@lru_cache(maxsize=4096)
def inscription(kind: str, raw: str) -> str | None:
    """CNPJ/CPF from a CNAB inscription type (1 = CPF, 2 = CNPJ) and its padded number.

    Cached: a return file names the same payers and payees over and over.
    """
    compact = raw.strip()
    if not compact or not compact.isalnum() or compact.strip("0") == "":
        return None
    if kind == "1":
        return normalise_document(compact[-11:])
    if kind == "2":
        return normalise_document(compact[-14:])
    return normalise_document(compact)


# The fingerprint's memo of a CNAB entry starts with its kind ("collection:").
# Kept here: an Enum member read as a class attribute costs ten times a global.
_PAYMENT = EntryKind.PAYMENT
_MEMO_PREFIX = {kind: f"{kind.value}:" for kind in EntryKind}


class Entries:
    """The titles of one file and the transactions of those that moved money."""

    __slots__ = ("fingerprint", "titles", "transactions")

    def __init__(self) -> None:
        # Shared with the bank statement entries of the same file (CNAB 240 segment E).
        self.fingerprint = Fingerprinter()
        self.titles: list[CnabTitle] = []
        self.transactions: list[Transaction] = []

    def add(
        self,
        kind: EntryKind,
        account: Account,
        occurrence_code: str,
        occurrence_meaning: str | None,
        liquidated: bool,
        format: SourceFormat,
        line: int,
        record: int,
        nosso_numero: str | None,
        seu_numero: str | None,
        amount: Decimal,
        amount_paid: Decimal,
        net_credit: Decimal | None,
        interest_fine: Decimal,
        discount: Decimal,
        rebate: Decimal,
        bank_fee: Decimal,
        iof: Decimal,
        other_expenses: Decimal,
        other_credits: Decimal,
        due_date: date | None,
        occurrence_date: date | None,
        credit_date: date | None,
        party: Counterparty | None,
        reasons: tuple[str, ...],
        barcode: str | None,
        statement: tuple[int, str],
        type_: TransactionType,
    ) -> None:
        """Keep a title and, when it moved money, its transaction.

        A liquidated title with a credit (or else occurrence) date is a money movement:
        a collection credits what the payer paid (``amount_paid``, falling back to the
        face value when a bank leaves it zero); a payment debits the executed amount.
        ``statement`` is the statement index and the account key. The transaction is
        built first, so the title is built once, already linked to it through
        ``transaction_fingerprint``; both share one source (format, line, record).
        Objects are built through the model's draft classes (see ``model``): this runs
        once per title, and four constructor calls cost a good part of it.
        """
        source: Any = _new(SourceRefDraft)
        source.format = format
        source.line = line
        source.record = record
        source.__class__ = SourceRef
        fingerprint = None
        posted_on = credit_date or occurrence_date
        if liquidated and posted_on is not None:
            value = amount_paid or amount
            if kind is _PAYMENT:
                value = -value
            source_id = nosso_numero or seu_numero
            statement_index, account_key = statement
            fingerprint = self.fingerprint(
                account_key,
                posted_on,
                value,
                source_id,
                f"{_MEMO_PREFIX[kind]}{occurrence_code}:{seu_numero or ''}",
            )
            # CNAB records carry no memo: describe the title instead.
            text = occurrence_meaning or f"Ocorrência {occurrence_code}"
            if seu_numero and nosso_numero:
                text = f"{text} - seu número {seu_numero} - nosso número {nosso_numero}"
            elif seu_numero:
                text = f"{text} - seu número {seu_numero}"
            elif nosso_numero:
                text = f"{text} - nosso número {nosso_numero}"
            if party is not None and party.name:
                text = f"{text} - {party.name}"
            refs: Any = _new(ReferencesDraft)
            refs.fitid = None
            refs.check_number = None
            refs.nosso_numero = nosso_numero
            refs.seu_numero = seu_numero
            refs.pix_end_to_end_id = None
            refs.pix_txid = None
            refs.boleto_barcode = barcode if barcode and len(barcode) == 44 else None
            refs.boleto_digitable_line = None
            refs.document_number = None
            refs.history_code = None
            refs.__class__ = References
            tx: Any = _new(TransactionDraft)
            tx.kind = kind
            tx.account = account
            tx.posted_on = posted_on
            tx.amount = value
            tx.currency = "BRL"
            tx.description = text
            tx.type = type_
            tx.counterparty = party
            tx.references = refs
            tx.fingerprint = fingerprint
            tx.source = source
            tx.source_id = source_id
            tx.balance = None
            tx.scheduled = False
            tx.statement_index = statement_index
            tx.contra_account = None
            tx.__class__ = Transaction
            self.transactions.append(tx)
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
        title.counterparty = party
        title.reasons = reasons
        title.barcode = barcode
        title.transaction_fingerprint = fingerprint
        title.__class__ = CnabTitle
        self.titles.append(title)


@lru_cache(maxsize=4096)
def counterparty(name: str | None, document: str | None) -> Counterparty | None:
    """A counterparty when either part is known."""
    if name is None and document is None:
        return None
    return Counterparty(name=name, document=document)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value if value and value.strip("0") else None


def account(
    bank: str,
    branch: str | None,
    number: str | None,
    check: str | None,
    kind: AccountKind = AccountKind.COLLECTION,
) -> Account:
    """An account whose blank or all-zero parts become None."""
    return Account(
        kind=kind,
        bank_code=bank,
        branch=_clean(branch),
        number=_clean(number),
        check_digit=(check or "").strip() or None,
    )
