"""Fixed-width helpers shared by the CNAB 240 and CNAB 400 readers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache

from backend.statements.documents import normalise_document
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    AccountKind,
    CnabTitle,
    Counterparty,
    EntryKind,
    Transaction,
    TransactionType,
    new_references,
    new_transaction,
)
from backend.statements.problems import Problems
from backend.statements.values import parse_ddmmyy, parse_ddmmyyyy

_ZERO = Decimal("0.00")


class BadFieldError(ValueError):
    """A fixed-width field that does not hold what its layout promises.

    ``code`` is ``BAD_AMOUNT`` or ``BAD_DATE``, the codes CSV and OFX lines use too.
    """

    def __init__(self, code: str, field: str, column: int, value: str) -> None:
        super().__init__(f"{field} at column {column} is {value!r}")
        self.code = code
        self.field = field
        self.column = column


def records(text: str, width: int, problems: Problems, min_width: int) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, record padded to width)``.

    Many banks trim trailing blanks, so short records are padded; a record longer than
    ``width`` is skipped unless the excess is blank (a stray CR or trailing spaces), and
    so is one too short to hold its record type (``min_width``).
    """
    for number, record in enumerate(text.splitlines(), 1):
        size = len(record)
        if size == width and not record.isspace():
            # The common case: a full record, nothing to trim or pad.
            yield number, record
            continue
        record = record.rstrip("\x1a")
        if not record or record.isspace():
            continue
        size = len(record)
        if size > width:
            if not record[width:].isspace():
                problems.skip(
                    "BAD_RECORD_LENGTH",
                    f"Record is {size} characters long; this layout has {width}",
                    line=number,
                )
                continue
            record = record[:width]
        elif size < width:
            if size < min_width:
                problems.skip(
                    "BAD_RECORD_LENGTH",
                    f"Record is only {size} characters long; this layout has {width}",
                    line=number,
                )
                continue
            record = record.ljust(width)
        yield number, record


def money(record: str, start: int, end: int, field: str) -> Decimal:
    """Digits at 0-based ``[start, end)`` as a Decimal with two implied decimals."""
    raw = record[start:end]
    if raw.isdigit() and raw.isascii():
        # Most CNAB amounts are zero-filled and unused: share one zero.
        return Decimal(raw).scaleb(-2) if raw.strip("0") else _ZERO
    stripped = raw.strip()
    if not stripped:
        return _ZERO
    if not stripped.isdigit() or not stripped.isascii():
        raise BadFieldError("BAD_AMOUNT", field, start + 1, raw)
    return Decimal(stripped).scaleb(-2)


def amounts(record: str, spans: tuple[tuple[int, int, str], ...]) -> list[Decimal]:
    """The amounts at ``(start, end, field name)`` spans, as ``money`` reads them.

    ``money`` inlined for the two common cases, a zero-filled field (most of them) and
    plain digits; anything else (blanks, a bad field) goes through ``money`` itself.
    """
    return [
        (Decimal(raw).scaleb(-2) if raw.isdigit() and raw.isascii() else money(record, s, e, f))
        if (raw := record[s:e]).strip("0")
        else _ZERO
        for s, e, f in spans
    ]


# Above this many distinct dates the cache starts over, so a hostile file cannot grow
# it without bound.
_DATE_CACHE_LIMIT = 65536


class _DateCache(dict[str, date | None]):
    """Raw ``DDMMAAAA``/``DDMMAA`` -> date (None for a blank or zero date)."""

    def __missing__(self, raw: str) -> date | None:
        value = parse_ddmmyyyy(raw) if len(raw) == 8 else parse_ddmmyy(raw)
        if len(self) >= _DATE_CACHE_LIMIT:
            self.clear()
        self[raw] = value
        return value


class Dates:
    """Date fields of one file, cached by their raw characters.

    A return file repeats a handful of dates (due, occurrence, credit) on every record:
    a dictionary hit is several times cheaper than checking the digits and building a
    ``date`` again.
    """

    __slots__ = ("_cache",)

    def __init__(self) -> None:
        self._cache = _DateCache()

    def read(
        self, record: str, starts: tuple[tuple[int, str], ...], size: int
    ) -> list[date | None]:
        """``DDMMAAAA`` (``size`` 8) or ``DDMMAA`` (6) dates at ``(start, field name)``."""
        cache = self._cache
        try:
            return [cache[record[start : start + size]] for start, _ in starts]
        except ValueError:
            # Find the first bad field again, to report its name and column.
            for start, field in starts:
                (date8 if size == 8 else date6)(record, start, field)
            raise


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
    value = record[start:end].strip()
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
_MEMO_PREFIX = {kind: f"{kind.value}:" for kind in EntryKind}


def title_transaction(
    title: CnabTitle,
    fingerprint: Fingerprinter,
    statement: tuple[int, str],
    kind: TransactionType,
) -> Transaction | None:
    """The money movement of a liquidated title or executed payment, or None.

    ``statement`` is the statement index and the account key. A collection credits what
    the payer paid (``amount_paid``, falling back to the face value when a bank leaves it
    zero); a payment debits the executed amount. The title is linked to the transaction
    through ``transaction_fingerprint``.
    """
    if not title.liquidated:
        return None
    posted_on = title.credit_date or title.occurrence_date
    if posted_on is None:
        return None
    if title.kind is EntryKind.PAYMENT:
        amount = -(title.amount_paid or title.amount)
    else:
        amount = title.amount_paid or title.amount
    nosso, seu = title.nosso_numero, title.seu_numero
    source_id = nosso or seu
    statement_index, account_key = statement
    barcode = title.barcode
    tx_fingerprint = fingerprint(
        account_key,
        posted_on,
        amount,
        source_id,
        f"{_MEMO_PREFIX[title.kind]}{title.occurrence_code}:{seu or ''}",
    )
    tx = new_transaction(
        title.kind,
        title.account,
        posted_on,
        amount,
        "BRL",
        describe(title),
        kind,
        title.counterparty,
        new_references(
            nosso_numero=nosso,
            seu_numero=seu,
            boleto_barcode=barcode if barcode and len(barcode) == 44 else None,
        ),
        tx_fingerprint,
        # The title's own source: same format, line and record.
        title.source,
        source_id,
        None,
        False,
        statement_index,
    )
    # The title was built a moment ago and is not shared yet; setting the link here
    # avoids rebuilding a 26-field frozen object per title (dataclasses.replace).
    object.__setattr__(title, "transaction_fingerprint", tx_fingerprint)
    return tx


def describe(title: CnabTitle) -> str:
    """A readable description, since CNAB records carry no memo of their own."""
    text = title.occurrence_meaning or f"Ocorrência {title.occurrence_code}"
    if title.seu_numero:
        text = f"{text} - seu número {title.seu_numero}"
    if title.nosso_numero:
        text = f"{text} - nosso número {title.nosso_numero}"
    party = title.counterparty
    if party is not None and party.name:
        text = f"{text} - {party.name}"
    return text


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
