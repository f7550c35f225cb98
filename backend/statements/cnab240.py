"""CNAB 240 return files (FEBRABAN): collection segments T/U, payment segments A/B/J/O/Z
and bank statements for reconciliation (extrato para conciliação bancária, segment E).

Layout positions follow FEBRABAN's CNAB 240 (v08-v10.11); the banks whose segment T
differs (Santander, Sicoob, Caixa) have their own ``TLayout``. A bank without an entry
is read with the FEBRABAN positions and an ``UNKNOWN_BANK`` warning. Lot and file
trailers state how many records they close (and a statement lot its debit and credit
sums): a count or sum that disagrees with what was read is a ``TRAILER_MISMATCH``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from operator import or_
from struct import Struct
from typing import Any

from backend.core.errors import Location, ParseError
from backend.statements.banks import BANK_NAMES
from backend.statements.cnab_occurrences import FEBRABAN_240_COLLECTION, FEBRABAN_240_PAYMENT
from backend.statements.cnab_records import (
    MAX_SHIFT,
    BadFieldError,
    Entries,
    Memo,
    RecordLengthError,
    account,
    amount_value,
    amounts,
    counterparty,
    date8,
    date_value,
    decoded_records,
    fit,
    fixed_records,
    inscription,
    latin1,
    money,
    record_struct,
    text_field,
    text_value,
    unshift,
)
from backend.statements.enrich import read_memo
from backend.statements.model import (
    Account,
    AccountKind,
    Balance,
    CnabTitle,
    Counterparty,
    EntryKind,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
    new_references,
    new_source_ref,
    new_transaction,
)
from backend.statements.problems import Problems
from backend.statements.values import parse_ddmmyyyy

WIDTH = 240
_ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class TLayout:
    """0-based ``[start, end)`` positions of segment T fields for one bank."""

    nosso_numero: tuple[int, int]
    seu_numero: tuple[int, int]
    due: int
    amount: tuple[int, int]
    payer_type: int
    payer_document: tuple[int, int]
    payer_name: tuple[int, int]
    fee: tuple[int, int]
    reasons: tuple[int, int]
    branch: tuple[int, int]
    number: tuple[int, int]
    check: tuple[int, int]
    # From the branch to the check digit: the raw columns that identify the account.
    account_span: tuple[int, int]


FEBRABAN_T = TLayout(
    nosso_numero=(37, 57),
    seu_numero=(58, 73),
    due=73,
    amount=(81, 96),
    payer_type=132,
    payer_document=(133, 148),
    payer_name=(148, 188),
    fee=(198, 213),
    reasons=(213, 223),
    branch=(17, 22),
    number=(23, 35),
    check=(35, 36),
    account_span=(17, 36),
)
T_LAYOUTS: dict[str, TLayout] = {
    "033": TLayout(
        nosso_numero=(40, 53),
        seu_numero=(54, 69),
        due=69,
        amount=(77, 92),
        payer_type=127,
        payer_document=(128, 143),
        payer_name=(143, 183),
        fee=(193, 208),
        reasons=(208, 218),
        branch=(17, 21),
        number=(22, 31),
        check=(31, 32),
        account_span=(17, 32),
    ),
    # Sicoob: nosso número is 10 digits followed by installment, modality and form type.
    "756": replace(FEBRABAN_T, nosso_numero=(37, 47)),
    # Caixa SIGCB: modality (2) and a 15-digit nosso número start at position 40.
    "104": replace(FEBRABAN_T, nosso_numero=(39, 56)),
}
KNOWN_BANKS = frozenset(
    {
        "001",
        "004",
        "033",
        "041",
        "070",
        "077",
        "085",
        "104",
        "136",
        "237",
        "341",
        "422",
        "748",
        "756",
    }
)
# Clearing house of segment A: which rail carried a credit.
_CHAMBER_TYPES = {
    "018": TransactionType.TED,
    "988": TransactionType.TED,
    "700": TransactionType.DOC,
    "009": TransactionType.PIX,
}


# Segment E's category (FEBRABAN table C004) when the history text names no type.
_CATEGORY_TYPES = {
    "102": TransactionType.INTEREST,
    "105": TransactionType.FEE,
    "109": TransactionType.TAX,
    "110": TransactionType.TAX,
    "111": TransactionType.TAX,
    "117": TransactionType.TRANSFER,
    "120": TransactionType.TRANSFER,
    "126": TransactionType.TAX,
    "209": TransactionType.TRANSFER,
    "213": TransactionType.TRANSFER,
}


@dataclass(slots=True)
class _Lot:
    """The lot being read: where its header was, what it holds and what it added up to."""

    line: int
    operation: str
    account: Account
    # Records of the lot so far, its header included (the trailer counts itself).
    records: int = 1
    entries: int = 0
    debits: Decimal = _ZERO
    credits: Decimal = _ZERO
    opening: Balance | None = None
    statement: tuple[int, str] | None = None


@dataclass(slots=True)
class Cnab240Result:
    """What one CNAB 240 file holds."""

    statements: list[Statement]
    transactions: list[Transaction]
    titles: list[CnabTitle]


# Segment T read ahead of its U: line, occurrence code, its meaning, whether it
# liquidates, account, raw account columns, nosso número, seu número, due date, face
# value, bank fee, reasons, payer.
_SegmentT = tuple[
    int,
    str,
    str | None,
    bool,
    Account,
    str,
    str | None,
    str | None,
    date | None,
    Decimal,
    Decimal,
    tuple[str, ...],
    Counterparty | None,
]
# What the columns from the occurrence code to the account's check digit give:
# occurrence code, its meaning, whether it liquidates, account, raw account columns.
_Head = tuple[str, str | None, bool, Account, str]


class _Collection:
    """Segment T of one bank and segment U, read a T/U pair at a time.

    The fields of a pair come out of a Latin-1 buffer in one ``struct`` call. Columns
    that repeat from title to title are read together, once per distinct value: the
    occurrence code with the account (``heads``), the payer (``payers``), the bank fee
    with the reasons (``tails``), interest to IOF and other expenses to the credit
    date (``u_heads``, ``u_tails``), and the due date.
    """

    __slots__ = (
        "dates",
        "head",
        "heads",
        "layout",
        "payer",
        "payers",
        "read_head",
        "read_payer",
        "structs",
        "tails",
        "u_heads",
        "u_tails",
    )

    def __init__(self, bank: str, lay: TLayout, accounts: dict[str, Account]) -> None:
        # Fields read together must sit together: the account after the occurrence
        # code, the reasons right after the bank fee, the payer after its type.
        if (
            lay.account_span[0] < 17
            or lay.fee[1] != lay.reasons[0]
            or min(lay.payer_document[0], lay.payer_name[0]) <= lay.payer_type
            or lay.payer_document[1] > lay.payer_name[1]
        ):
            raise ValueError(f"segment T layout {lay} does not keep its fields together")
        self.layout = lay

        def relative(span: tuple[int, int], origin: int) -> slice:
            return slice(span[0] - origin, span[1] - origin)

        # The occurrence code (16-17) and the account columns that follow it.
        self.head = slice(15, lay.account_span[1])
        raw_account = relative(lay.account_span, 15)
        branch, number, check = (relative(span, 15) for span in (lay.branch, lay.number, lay.check))

        def head(raw: str) -> _Head:
            code = raw[:2]
            columns = raw[raw_account]
            acct = accounts.get(columns)
            if acct is None:
                acct = accounts[columns] = account(bank, raw[branch], raw[number], raw[check])
            meaning = _COLLECTION_MEANINGS.get(code)
            return code, meaning, code in _COLLECTION_LIQUIDATING, acct, columns

        # From the inscription type to the end of the payer's name.
        self.payer = slice(lay.payer_type, lay.payer_name[1])
        document = relative(lay.payer_document, lay.payer_type)
        name = relative(lay.payer_name, lay.payer_type)

        def payer(raw: str) -> Counterparty | None:
            return counterparty(text_value(raw[name]), inscription(raw[0], raw[document]))

        fee = relative(lay.fee, lay.fee[0])
        reasons = relative(lay.reasons, lay.fee[0])

        def tail(raw: str) -> tuple[Decimal, tuple[str, ...]]:
            return amount_value(raw[fee]), _reasons(raw[reasons])

        self.read_head = head
        self.read_payer = payer
        self.heads = Memo(latin1(head))
        self.payers = Memo(latin1(payer))
        self.tails = Memo(latin1(tail))
        self.u_heads = Memo(latin1(_u_head))
        self.u_tails = Memo(latin1(_u_tail))
        self.dates = Memo(latin1(date_value))
        self.structs: dict[int, Struct] = {}

    def struct(self, stride: int) -> Struct:
        """The fields of a T and the U ``stride`` bytes after it, as ``pairs`` reads them."""
        found = self.structs.get(stride)
        if found is None:
            lay = self.layout
            t_spans = [
                (self.head.start, self.head.stop),
                lay.nosso_numero,
                lay.seu_numero,
                (lay.due, lay.due + 8),
                lay.amount,
                (self.payer.start, self.payer.stop),
                (lay.fee[0], lay.reasons[1]),
            ]
            u_spans = [(stride + start, stride + end) for start, end in _U_SPANS]
            found = self.structs[stride] = record_struct(t_spans + u_spans, 2 * stride)
        return found


def _u_head(raw: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Interest/fine, discount, rebate and IOF (columns 18-77 of segment U)."""
    return (
        amount_value(raw[0:15]),
        amount_value(raw[15:30]),
        amount_value(raw[30:45]),
        amount_value(raw[45:60]),
    )


def _u_tail(raw: str) -> tuple[Decimal, Decimal, date | None, date | None]:
    """Other expenses, other credits, occurrence and credit dates (columns 108-153)."""
    return (
        amount_value(raw[0:15]),
        amount_value(raw[15:30]),
        parse_ddmmyyyy(raw[30:38]),
        parse_ddmmyyyy(raw[38:46]),
    )


def _amount(raw: bytes) -> Decimal:
    """``amount_value`` of raw bytes, without the detour through str for plain digits."""
    return Decimal(raw.decode() + "E-2") if raw.isdigit() else amount_value(raw.decode("latin-1"))


class _Reader:
    """Walks the records of one file, pairing T with U and A/J/O with B/J-52.

    A T directly followed by its U, as nearly always, is read with it in one go
    (``pairs``): many pairs per call when the file's records are evenly spaced, else
    one pair at a time, the T kept back (``t_line``, ``t_rec``) until the next record
    shows whether it is the U. Anything else, and a pair with a bad field, goes
    through the record-by-record path (``detail``), which reads field by field and
    reports a bad field by name, column and line.
    """

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.bank = ""
        self.header_seen = False
        # One Account per distinct raw account columns, and its statement (index, key)
        # once a title of that account is kept: shared by every title of the account.
        self.accounts: dict[str, Account] = {}
        self.account_statements: dict[str, tuple[int, str]] = {}
        self.collection_layout = _Collection(self.bank, FEBRABAN_T, self.accounts)
        self.batch_account: Account | None = None
        self.t_line = 0
        self.t_rec: str | None = None
        self.pending_t: _SegmentT | None = None
        self.pending: dict[str, Any] | None = None
        self.entries = Entries()
        self.statements: dict[tuple[EntryKind, str], Statement] = {}
        self.record = 0
        self.warned_segments: set[str] = set()
        self.lot: _Lot | None = None
        # Records and lots read, for the file trailer's counts.
        self.records = 0
        self.lots = 0
        self.shift_warned = False

    def read(self, records: Iterable[tuple[int, str]]) -> None:
        """Read numbered records (already split from the file) one by one."""
        problems = self.problems
        for number, rec in records:
            if rec[:1] == " ":
                rec = self.unshifted(rec, number)
            if len(rec) != WIDTH:
                try:
                    fitted = fit(rec, WIDTH, 8)
                except RecordLengthError as bad:
                    self.settle()
                    # Still a record of the file and its lot, for the trailers' counts.
                    self.count(1)
                    problems.skip(
                        "BAD_RECORD_LENGTH",
                        str(bad),
                        line=number,
                        column=bad.column,
                        details={"found": bad.found},
                    )
                    continue
                if fitted is None:
                    continue
                rec = fitted
            self.records += 1
            lot = self.lot
            if lot is not None:
                lot.records += 1
            kind = rec[7]
            try:
                if kind == "3" and self.header_seen:
                    segment = rec[13]
                    kept = self.t_rec
                    if kept is not None:
                        if segment == "U":
                            self.pair(kept, number, rec)
                            continue
                        self.settle()
                    if segment == "T" and self.pending_t is None and self.pending is None:
                        # Kept back until the next record: its U, nearly always.
                        self.t_line = number
                        self.t_rec = rec
                    else:
                        self.detail(number, rec)
                    continue
                self.settle()
                if rec.isspace():
                    continue
                if kind == "0":
                    self.file_header(rec, number)
                    self.header_seen = True
                elif not self.header_seen:
                    raise ParseError(
                        "MISSING_HEADER",
                        "The first CNAB 240 record is not a file header (type 0)",
                        Location(line=number, column=8),
                    )
                elif kind == "1":
                    self.batch_header(rec, number)
                elif kind == "5":
                    self.lot_trailer(rec, number)
                elif kind == "9":
                    self.file_trailer(rec, number)
                else:
                    problems.skip(
                        "UNKNOWN_RECORD_TYPE",
                        f"Record type {kind!r} is not a CNAB 240 record type",
                        line=number,
                        column=8,
                    )
            except BadFieldError as bad:
                self.lost(bad, number)

    def unshifted(self, rec: str, number: int) -> str:
        """``rec`` moved left when it starts late (see ``unshift``), warned once per file."""
        shift = unshift(rec)
        if not shift:
            return rec
        if not self.shift_warned:
            self.shift_warned = True
            self.problems.warn(
                "RECORD_SHIFTED",
                f"Record starts {shift} column(s) late (up to {MAX_SHIFT} are read as "
                "written one column left); first such record",
                line=number,
                column=1,
                details={"found": rec[: shift + 8]},
            )
        return rec[shift:]

    def count(self, records: int) -> None:
        """Count records read in bulk (the T/U pairs of ``pairs``) in the file and lot."""
        self.records += records
        if self.lot is not None:
            self.lot.records += records

    def lost(self, bad: BadFieldError, number: int) -> None:
        """A record with a bad field is lost, and with it the title it belongs to."""
        self.pending_t = None
        self.pending = None
        self.problems.skip(bad.code, f"Record skipped: {bad}", line=number, column=bad.column)

    def file_header(self, rec: str, number: int) -> None:
        self.bank = rec[0:3]
        if not self.bank.isdigit():
            raise ParseError(
                "UNKNOWN_BANK",
                f"The file header names bank {self.bank!r}, which is not a bank code",
                Location(line=1, column=1),
            )
        if rec[142] == "1":
            raise ParseError(
                "REMITTANCE_FILE",
                "This is a CNAB 240 remittance (remessa, file code 1) sent to the bank, "
                "not a return",
                Location(line=number, column=143),
            )
        if self.bank not in KNOWN_BANKS:
            self.problems.warn(
                "UNKNOWN_BANK",
                f"Bank {self.bank} has no specific CNAB 240 layout here; read as FEBRABAN",
                line=1,
            )
        self.collection_layout = _Collection(
            self.bank, T_LAYOUTS.get(self.bank, FEBRABAN_T), self.accounts
        )

    def batch_header(self, rec: str, number: int) -> None:
        self.flush()
        self.close_lot(number)
        self.lots += 1
        # Payment and statement lot headers carry the account at 53-71.
        self.batch_account = account(
            self.bank, rec[52:57], rec[58:70], rec[70:71], AccountKind.CHECKING
        )
        lot = self.lot = _Lot(number, rec[8], self.batch_account)
        if lot.operation == "E":
            # Extrato: the opening balance at 143-170 (date, amount, D/C, position).
            lot.statement = self.statement(EntryKind.BANK, lot.account)
            lot.opening = _balance(rec, "opening", "opening balance")

    def close_lot(self, number: int) -> None:
        """A lot that ends without its trailer (another lot header or the file trailer)."""
        lot, self.lot = self.lot, None
        if lot is not None:
            self.problems.warn(
                "TRAILER_MISMATCH",
                f"The lot that starts at line {lot.line} has no lot trailer",
                line=number,
                details={"field": "lot trailer", "expected": 1, "found": 0},
            )
            self.finish_statement(lot, None)

    def lot_trailer(self, rec: str, number: int) -> None:
        """Check the lot trailer's record count (and a statement lot's sums and balance)."""
        self.flush()
        lot, self.lot = self.lot, None
        if lot is None:
            self.problems.warn(
                "TRAILER_MISMATCH",
                "Lot trailer without a lot header",
                line=number,
                details={"field": "lot header", "expected": 1, "found": 0},
            )
            return
        statement = lot.operation == "E"
        # A statement lot's trailer keeps the account at 18-72 and counts at 171-176.
        # Some banks (Santander) count only the details: both readings are accepted.
        at = 170 if statement else 17
        raw = rec[at : at + 6]
        if not (raw.isdigit() and int(raw) == lot.records - 2):
            self.check_total(rec, at, 6, lot.records, "records in lot", number)
        closing = None
        if statement:
            self.check_sum(rec, 176, lot.debits, "sum of debits", number)
            self.check_sum(rec, 194, lot.credits, "sum of credits", number)
            try:
                closing = _balance(rec, "ledger", "closing balance")
            except BadFieldError as bad:
                self.problems.warn(bad.code, f"Lot trailer: {bad}", line=number, column=bad.column)
        self.finish_statement(lot, closing)
        opening = lot.opening
        if opening is not None and closing is not None:
            expected = opening.amount + lot.credits - lot.debits
            if expected != closing.amount:
                self.problems.warn(
                    "BALANCE_MISMATCH",
                    f"Opening balance {opening.amount} plus the entries read gives {expected}; "
                    f"the lot trailer states a closing balance of {closing.amount}",
                    line=number,
                    column=151,
                    details={"expected": str(closing.amount), "found": str(expected)},
                )

    def finish_statement(self, lot: _Lot, closing: Balance | None) -> None:
        """Give a statement lot's statement its balances and period."""
        if lot.statement is None:
            return
        key = (EntryKind.BANK, lot.statement[1])
        statement = self.statements[key]
        balances = tuple(b for b in (lot.opening, closing) if b is not None)
        self.statements[key] = replace(
            statement,
            balances=statement.balances + balances,
            start=statement.start or (lot.opening.as_of if lot.opening else None),
            end=(closing.as_of if closing else None) or statement.end,
        )

    def file_trailer(self, rec: str, number: int) -> None:
        """Check the file trailer's lot and record counts against what was read."""
        self.flush()
        self.close_lot(number)
        self.check_total(rec, 17, 6, self.lots, "lots in file", number)
        self.check_total(rec, 23, 6, self.records, "records in file", number)

    def check_total(
        self, rec: str, start: int, size: int, found: int, field: str, number: int
    ) -> None:
        """Warn when the count at 0-based ``start`` is not ``found`` (blank: not checked)."""
        raw = rec[start : start + size]
        if raw.isdigit() and int(raw) != found:
            self.problems.warn(
                "TRAILER_MISMATCH",
                f"The trailer states {int(raw)} {field}; {found} were read",
                line=number,
                column=start + 1,
                details={"field": field, "expected": int(raw), "found": found},
            )

    def check_sum(self, rec: str, start: int, found: Decimal, field: str, number: int) -> None:
        """Warn when the 18-digit sum at 0-based ``start`` is not ``found``."""
        raw = rec[start : start + 18]
        if raw.isdigit() and amount_value(raw) != found:
            self.problems.warn(
                "TRAILER_MISMATCH",
                f"The lot trailer states a {field} of {amount_value(raw)}; "
                f"the entries read give {found}",
                line=number,
                column=start + 1,
                details={"field": field, "expected": str(amount_value(raw)), "found": str(found)},
            )

    def statement_entry(self, number: int, rec: str) -> None:
        """A segment E: one entry of a bank statement, on the account of its lot."""
        lot = self.lot
        if lot is None or lot.statement is None:
            lot = self.lot = _Lot(number, "E", self.batch_account or account(self.bank, "", "", ""))
            lot.statement = self.statement(EntryKind.BANK, lot.account)
        # The entry date (143-150), else the accounting date (135-142).
        posted_on = date8(rec, 142, "entry date") or date8(rec, 134, "accounting date")
        if posted_on is None:
            raise BadFieldError("BAD_DATE", "entry date", 143, rec[142:150])
        value = money(rec, 150, 168, "entry amount")
        nature = rec[168]
        if nature == "D":
            lot.debits += value
            value = -value
        elif nature == "C":
            lot.credits += value
        else:
            raise BadFieldError("BAD_FIELD", "debit/credit nature", 169, nature)
        history = text_value(rec[176:201])
        code = text_field(rec, 172, 176)
        document = text_field(rec, 201, 240)
        description = history or (f"Histórico {code}" if code else "")
        facts = read_memo(description)
        kind = facts.type
        if kind is TransactionType.OTHER:
            kind = _CATEGORY_TYPES.get(rec[169:172], kind)
        references = dict(facts.references)
        if document is not None:
            references["document_number"] = document
        index, account_key = lot.statement
        lot.entries += 1
        self.record += 1
        self.entries.transactions.append(
            new_transaction(
                EntryKind.BANK,
                lot.account,
                posted_on,
                value,
                "BRL",
                description,
                kind,
                facts.counterparty,
                new_references(history_code=code, **references),
                self.entries.fingerprint(account_key, posted_on, value, document, facts.folded),
                new_source_ref(SourceFormat.CNAB240, number, self.record),
                document,
                None,
                False,
                index,
            )
        )

    def settle(self) -> None:
        """Read the segment T kept back, if any, before another record is read.

        A bad field loses the T (reported at its line); a good one waits in
        ``pending_t`` for its U, as on the record-by-record path.
        """
        rec = self.t_rec
        if rec is None:
            return
        self.t_rec = None
        try:
            self.pending_t = self.segment_t(self.t_line, rec)
        except BadFieldError as bad:
            self.problems.skip(
                bad.code, f"Record skipped: {bad}", line=self.t_line, column=bad.column
            )

    def pair(self, t: str, number: int, u: str) -> None:
        """The segment T kept back (``t``) and its U, the record just read (``number``)."""
        line = self.t_line
        self.t_rec = None
        try:
            region = (t + u).encode("latin-1")
        except UnicodeEncodeError:
            self.slow_pair(line, t, number, u)
            return
        self.pairs(region, line, WIDTH, number - line)

    def slow_pair(self, line: int, t: str, u_line: int, u: str) -> None:
        """A T and its U read record by record: a bad field is reported."""
        self.t_line, self.t_rec = line, t
        self.settle()
        try:
            self.detail(u_line, u)
        except BadFieldError as bad:
            self.lost(bad, u_line)

    def pairs(self, region: bytes | memoryview, line: int, stride: int, gap: int = 1) -> None:
        """Keep the titles of consecutive T/U pairs.

        ``region`` holds Latin-1 records ``stride`` bytes apart, the first T at ``line``
        and each U ``gap`` lines after its T (more than one when blank lines separate
        them). A pair with a bad field goes through ``slow_pair``.
        """
        self.settle()
        self.flush()
        layout = self.collection_layout
        dates, heads, payers, tails = layout.dates, layout.heads, layout.payers, layout.tails
        u_heads, u_tails = layout.u_heads, layout.u_tails
        statements = self.account_statements
        add = self.entries.add
        # Read once: an Enum member costs ten times a local (the metaclass's __getattr__).
        collection, cnab240, boleto = (
            EntryKind.COLLECTION,
            SourceFormat.CNAB240,
            TransactionType.BOLETO,
        )
        for index, fields in enumerate(layout.struct(stride).iter_unpack(region)):
            head, nosso, seu, due, raw_amount, payer, tail, u_head, raw_paid, raw_net, u_tail = (
                fields
            )
            try:
                due_date = dates[due]
                # _amount, inlined for the plain digits of a filled field.
                amount = (
                    Decimal(raw_amount.decode() + "E-2")
                    if raw_amount.isdigit()
                    else _amount(raw_amount)
                )
                fee, reasons = tails[tail]
                interest, discount, rebate, iof = u_heads[u_head]
                # Most titles are paid at face value: the same digits, the same Decimal.
                if raw_paid == raw_amount:
                    paid = amount
                elif raw_paid.isdigit():
                    paid = Decimal(raw_paid.decode() + "E-2")
                else:
                    paid = _amount(raw_paid)
                net = Decimal(raw_net.decode() + "E-2") if raw_net.isdigit() else _amount(raw_net)
                expenses, credits, occurred, credited = u_tails[u_tail]
            except ValueError:
                start = 2 * index * stride
                self.slow_pair(
                    line + 2 * index,
                    str(region[start : start + WIDTH], "latin-1"),
                    line + 2 * index + gap,
                    str(region[start + stride : start + stride + WIDTH], "latin-1"),
                )
                continue
            code, meaning, liquidated, acct, raw_account = heads[head]
            statement = statements.get(raw_account)
            if statement is None:
                statement = statements[raw_account] = self.statement(collection, acct)
            title_line = line + 2 * index
            if liquidated and credited is None and occurred is None:
                self.problems.warn(
                    "MISSING_DATE", "Liquidated title without a credit date", line=title_line
                )
            # text_value, inlined: this runs once per title.
            nosso_text = nosso.decode("latin-1").strip()
            seu_text = seu.decode("latin-1").strip()
            self.record = record = self.record + 1
            add(
                collection,
                acct,
                code,
                meaning,
                liquidated,
                cnab240,
                title_line,
                record,
                nosso_text if nosso_text.strip("0") else None,
                seu_text if seu_text.strip("0") else None,
                amount,
                paid,
                net,
                interest,
                discount,
                rebate,
                fee,
                iof,
                expenses,
                credits,
                due_date,
                occurred,
                credited,
                payers[payer],
                reasons,
                None,
                statement,
                boleto,
            )

    def detail(self, number: int, rec: str) -> None:
        segment = rec[13]
        if segment == "U":
            pending_t = self.pending_t
            if pending_t is None:
                self.problems.skip(
                    "ORPHAN_SEGMENT",
                    "Segment U without the segment T it completes",
                    line=number,
                    record=self.record + 1,
                )
                return
            self.pending_t = None
            self.collection(pending_t, rec)
        elif segment == "T":
            self.flush()
            self.pending_t = self.segment_t(number, rec)
        elif segment in "AJO" and not (segment == "J" and rec[17:19] == "52"):
            self.flush()
            self.pending = self.payment(segment, number, rec)
        elif segment == "J" or segment == "B":
            self.complement(segment, number, rec)
        elif segment == "E":
            self.flush()
            self.statement_entry(number, rec)
        elif segment != "Z" and segment not in self.warned_segments:
            # Z authenticates a payment already read; others carry no money movement here.
            self.warned_segments.add(segment)
            self.problems.warn(
                "UNSUPPORTED_SEGMENT",
                f"Segment {segment!r} is not read (first seen here)",
                line=number,
            )

    def segment_t(self, number: int, rec: str) -> _SegmentT:
        layout = self.collection_layout
        lay = layout.layout
        # The account first: it is kept (with the bank of the header before it) even
        # when a bad field loses this T.
        code, meaning, liquidated, acct, raw_account = layout.read_head(rec[layout.head])
        due = date8(rec, lay.due, "due date")
        amount = money(rec, *lay.amount, "title amount")
        fee = money(rec, *lay.fee, "bank fee")
        return (
            number,
            code,
            meaning,
            liquidated,
            acct,
            raw_account,
            text_field(rec, *lay.nosso_numero),
            text_field(rec, *lay.seu_numero),
            due,
            amount,
            fee,
            _reasons(rec[slice(*lay.reasons)]),
            layout.read_payer(rec[layout.payer]),
        )

    def collection(self, t: _SegmentT, u: str | None) -> None:
        """The title of a segment T and its U (None when the U is missing)."""
        (
            line,
            code,
            meaning,
            liquidated,
            acct,
            raw_account,
            nosso,
            seu,
            due,
            amount,
            fee,
            reasons,
            payer,
        ) = t
        if u is None:
            self.problems.warn("MISSING_SEGMENT", "Segment T without its segment U", line=line)
            interest = discount = rebate = iof = paid = expenses = credits = _ZERO
            net: Decimal | None = None
            occurred = credited = None
        else:
            interest, discount, rebate, iof, paid, net, expenses, credits = amounts(u, _U_AMOUNTS)
            occurred = date8(u, 137, "occurrence date")
            credited = date8(u, 145, "credit date")
        statement = self.account_statements.get(raw_account)
        if statement is None:
            statement = self.account_statements[raw_account] = self.statement(
                EntryKind.COLLECTION, acct
            )
        if liquidated and credited is None and occurred is None:
            self.problems.warn("MISSING_DATE", "Liquidated title without a credit date", line=line)
        self.record += 1
        self.entries.add(
            EntryKind.COLLECTION,
            acct,
            code,
            meaning,
            liquidated,
            SourceFormat.CNAB240,
            line,
            self.record,
            nosso,
            seu,
            amount,
            paid,
            net,
            interest,
            discount,
            rebate,
            fee,
            iof,
            expenses,
            credits,
            due,
            occurred,
            credited,
            payer,
            reasons,
            None,
            statement,
            TransactionType.BOLETO,
        )

    def payment(self, segment: str, number: int, rec: str) -> dict[str, Any]:
        occurrences = _reasons(rec[230:240], keep_zero=True)
        base: dict[str, Any] = {
            "line": number,
            "occurrence_code": occurrences[0] if occurrences else "",
            "reasons": tuple(occurrences[1:]),
            "account": self.batch_account or account(self.bank, None, None, None),
        }
        if segment == "A":
            real_amount = money(rec, 162, 177, "effective amount")
            amount = money(rec, 119, 134, "payment amount")
            pay_date = date8(rec, 93, "payment date")
            base.update(
                seu_numero=text_field(rec, 73, 93),
                nosso_numero=text_field(rec, 134, 154),
                amount=amount,
                amount_paid=real_amount or amount,
                occurrence_date=pay_date,
                credit_date=date8(rec, 154, "effective date") or pay_date,
                counterparty=counterparty(text_field(rec, 43, 73), None),
                type=_CHAMBER_TYPES.get(rec[17:20], TransactionType.TRANSFER),
            )
        elif segment == "J":
            pay_date = date8(rec, 144, "payment date")
            base.update(
                barcode=text_field(rec, 17, 61),
                counterparty=counterparty(text_field(rec, 61, 91), None),
                due_date=date8(rec, 91, "due date"),
                amount=money(rec, 99, 114, "title amount"),
                discount=money(rec, 114, 129, "discount"),
                interest_fine=money(rec, 129, 144, "interest/fine"),
                occurrence_date=pay_date,
                credit_date=pay_date,
                amount_paid=money(rec, 152, 167, "amount paid"),
                seu_numero=text_field(rec, 182, 202),
                nosso_numero=text_field(rec, 202, 222),
                type=TransactionType.BOLETO,
            )
        else:
            pay_date = date8(rec, 99, "payment date")
            name = text_field(rec, 61, 91)
            kind = read_memo(name or "").type
            base.update(
                barcode=text_field(rec, 17, 61),
                counterparty=counterparty(name, None),
                due_date=date8(rec, 91, "due date"),
                occurrence_date=pay_date,
                credit_date=pay_date,
                amount_paid=money(rec, 107, 122, "amount paid"),
                seu_numero=text_field(rec, 122, 142),
                nosso_numero=text_field(rec, 142, 162),
                type=kind if kind is TransactionType.TAX else TransactionType.BOLETO,
            )
        return base

    def complement(self, segment: str, number: int, rec: str) -> None:
        pending = self.pending
        if pending is None:
            self.problems.skip(
                "ORPHAN_SEGMENT",
                f"Segment {segment} without the payment segment it completes",
                line=number,
            )
            return
        if segment == "B":
            document = inscription(rec[17], rec[18:32])
            name = None
        else:
            # J-52: the beneficiary (who receives the boleto payment) at 76-131.
            document = inscription(rec[75], rec[76:91])
            name = text_field(rec, 91, 131)
        previous = pending.get("counterparty")
        pending["counterparty"] = counterparty(
            (previous.name if previous is not None else None) or name,
            document or (previous.document if previous is not None else None),
        )

    def flush(self) -> None:
        """Finish the title or payment read so far, if any."""
        pending_t, self.pending_t = self.pending_t, None
        if pending_t is not None:
            self.collection(pending_t, None)
        pending, self.pending = self.pending, None
        if pending is None:
            return
        line = pending["line"]
        code = pending["occurrence_code"]
        acct = pending["account"]
        liquidated = code in FEBRABAN_240_PAYMENT.liquidating
        credited = pending.get("credit_date")
        occurred = pending.get("occurrence_date")
        statement = self.statement(EntryKind.PAYMENT, acct)
        if liquidated and credited is None and occurred is None:
            self.problems.warn("MISSING_DATE", "Liquidated title without a credit date", line=line)
        self.record += 1
        self.entries.add(
            EntryKind.PAYMENT,
            acct,
            code,
            FEBRABAN_240_PAYMENT.meaning(code),
            liquidated,
            SourceFormat.CNAB240,
            line,
            self.record,
            pending.get("nosso_numero"),
            pending.get("seu_numero"),
            pending.get("amount", _ZERO),
            pending.get("amount_paid", _ZERO),
            None,
            pending.get("interest_fine", _ZERO),
            pending.get("discount", _ZERO),
            _ZERO,
            _ZERO,
            _ZERO,
            _ZERO,
            _ZERO,
            pending.get("due_date"),
            occurred,
            credited,
            pending.get("counterparty"),
            pending["reasons"],
            pending.get("barcode"),
            statement,
            pending.get("type", TransactionType.BOLETO),
        )

    def statement(self, kind: EntryKind, acct: Account) -> tuple[int, str]:
        """The index and account key of the statement of ``kind`` for ``acct``."""
        account_key = acct.key()
        key = (kind, account_key)
        found = self.statements.get(key)
        if found is None:
            found = Statement(
                index=len(self.statements),
                kind=kind,
                account=acct,
                currency="BRL",
                institution=BANK_NAMES.get(self.bank),
            )
            self.statements[key] = found
        return found.index, account_key


# Segment U, in column order (the first bad field is the one reported).
_U_AMOUNTS = (
    (17, 32, "interest/fine"),
    (32, 47, "discount"),
    (47, 62, "rebate"),
    (62, 77, "IOF"),
    (77, 92, "amount paid"),
    (92, 107, "net credit"),
    (107, 122, "other expenses"),
    (122, 137, "other credits"),
)
# Interest/fine to IOF (read through a cache), amount paid, net credit, and other
# expenses to the credit date (read through a cache).
_U_SPANS = ((17, 77), (77, 92), (92, 107), (107, 153))
_COLLECTION_MEANINGS = FEBRABAN_240_COLLECTION.meanings
_COLLECTION_LIQUIDATING = FEBRABAN_240_COLLECTION.liquidating


def _balance(rec: str, kind: str, field: str) -> Balance | None:
    """The balance at 143-169 of a statement lot's header or trailer (None when blank).

    Date (143-150), 18 digits with two decimals (151-168) and D/C (169): a debit
    balance (overdrawn) is negative.
    """
    if not rec[142:169].strip(" 0"):
        return None
    as_of = date8(rec, 142, f"{field} date")
    value = money(rec, 150, 168, field)
    nature = rec[168]
    if nature not in "DC ":
        raise BadFieldError("BAD_FIELD", f"{field} debit/credit", 169, nature)
    return Balance(kind, -value if nature == "D" else value, as_of)


def _reasons(raw: str, *, keep_zero: bool = False) -> tuple[str, ...]:
    if not keep_zero and not raw.strip(" 0"):
        # Most records state no reason at all.
        return ()
    codes = (raw[i : i + 2].strip() for i in range(0, len(raw), 2))
    return tuple(c for c in codes if c and (keep_zero or c != "00"))


def parse_cnab240(source: str | bytes, problems: Problems) -> Cnab240Result:
    """Read a CNAB 240 return file; bad records are skipped and reported in ``problems``.

    ``source`` is the file's text, or its bytes when they are ASCII (see
    ``fixed_records``).
    """
    reader = _Reader(problems)
    fixed = fixed_records(source, WIDTH)
    if fixed is None:
        text = source if isinstance(source, str) else source.decode("ascii")
        reader.read(enumerate(text.splitlines(), 1))
    else:
        buffer, stride, count = fixed
        view = memoryview(buffer)
        done = 0
        for first, end in _pair_runs(buffer, stride, count):
            reader.read(decoded_records(buffer, stride, WIDTH, done, first))
            if reader.header_seen:
                reader.count(end - first)
                reader.pairs(view[first * stride : end * stride], first + 1, stride)
            else:
                # Before the file header: refused record by record (MISSING_HEADER).
                reader.read(decoded_records(buffer, stride, WIDTH, first, end))
            done = end
        reader.read(decoded_records(buffer, stride, WIDTH, done, count))
    reader.settle()
    reader.flush()
    if not reader.header_seen:
        raise ParseError("MISSING_HEADER", "No CNAB 240 file header found", Location(line=1))
    reader.close_lot(reader.records)
    entries = reader.entries
    if (
        not entries.titles
        and not entries.transactions
        and not problems.skipped_count
        and not any(s.balances for s in reader.statements.values())
    ):
        segments = sorted(reader.warned_segments)
        raise ParseError(
            "NO_ENTRIES",
            f"The CNAB 240 file holds {reader.records} records and no entry"
            + (f" (segments not read: {', '.join(segments)})" if segments else ""),
            Location(line=1),
            details={"records": reader.records, "lots": reader.lots, "segments": segments},
        )
    return Cnab240Result(list(reader.statements.values()), entries.transactions, entries.titles)


# Detail records (type 3) keep their segment letter in the signature below; any other
# record gets a byte no letter has.
_DETAIL_MASK = bytes(0 if code == ord("3") else 0x80 for code in range(256))
_PAIRS = re.compile(rb"(?:TU)+")


def _pair_runs(buffer: bytes, stride: int, count: int) -> Iterator[tuple[int, int]]:
    """``(first, end)`` record indexes of each run of T/U pairs, in file order."""
    signature = bytes(
        map(or_, buffer[7::stride][:count].translate(_DETAIL_MASK), buffer[13::stride][:count])
    )
    for run in _PAIRS.finditer(signature):
        yield run.start(), run.end()
