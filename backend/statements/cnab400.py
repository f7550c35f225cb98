"""CNAB 400 collection return files, one layout per bank.

Most banks share the FEBRABAN-style positions from column 109 on (occurrence code,
dates, amounts); they differ in where the account and the nosso número sit, where
the credit date and the fee are, and in their occurrence codes. Banco do Brasil
(CBR643, records of type 1 and 7) and Sicoob (which follows CBR643) also move the
credit date and the fee. A bank without a layout of its own (Banco Fibra, Banco
Pine, cooperatives) is read with the generic FEBRABAN-style positions most banks
follow (``GENERIC``), record by record with every field checked, and an
``UNKNOWN_BANK`` warning naming the bank; a layout in ``LAYOUTS`` overrides it. The
trailer's sequence number (395-400) is the record count, checked against what was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from operator import itemgetter
from struct import Struct

from backend.core.errors import Location, ParseError
from backend.statements.banks import BANK_NAMES
from backend.statements.cnab_occurrences import (
    BANCO_DO_BRASIL_400,
    BANRISUL_400,
    BRADESCO_400,
    CAIXA_400,
    GENERIC_400,
    ITAU_400,
    SANTANDER_400,
    SICREDI_400,
    OccurrenceTable,
)
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
    date6,
    date_value,
    decoded_records,
    fit,
    fixed_records,
    latin1,
    record_struct,
    text_field,
    text_value,
    unshift,
)
from backend.statements.model import (
    Account,
    CnabTitle,
    Counterparty,
    EntryKind,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
)
from backend.statements.problems import Problems

WIDTH = 400


@dataclass(frozen=True, slots=True)
class Layout400:
    """0-based ``[start, end)`` positions that differ between banks."""

    name: str
    occurrences: OccurrenceTable
    nosso_numero: tuple[int, int]
    branch: tuple[int, int]
    number: tuple[int, int]
    check: tuple[int, int]
    credit_date: int | None = 295
    fee: tuple[int, int] = (175, 188)
    payer_name: tuple[int, int] | None = None
    # Banco do Brasil's type-7 records (7-digit convênio) move the nosso número.
    type7_nosso_numero: tuple[int, int] | None = None

    @property
    def date_starts(self) -> tuple[tuple[int, str], ...]:
        """Occurrence and credit dates (the occurrence date twice when there is no credit date)."""
        credit = self.credit_date if self.credit_date is not None else 110
        return ((110, "occurrence date"), (credit, "credit date"))

    @property
    def amount_spans(self) -> tuple[tuple[int, int, str], ...]:
        """Face value, paid, interest/fine, discount, rebate, fee, IOF, other expenses/credits."""
        return (
            (152, 165, "title amount"),
            (253, 266, "amount paid"),
            (266, 279, "interest/fine"),
            (240, 253, "discount"),
            (227, 240, "rebate"),
            (*self.fee, "bank fee"),
            (214, 227, "IOF"),
            (188, 201, "other expenses"),
            (279, 292, "other credits"),
        )


_STANDARD = Layout400(
    name="bradesco",
    occurrences=BRADESCO_400,
    nosso_numero=(70, 82),
    branch=(24, 29),
    number=(29, 36),
    check=(36, 37),
)
_CBR643 = Layout400(
    name="banco_do_brasil_cbr643",
    occurrences=BANCO_DO_BRASIL_400,
    nosso_numero=(62, 74),
    branch=(17, 21),
    number=(22, 30),
    check=(30, 31),
    credit_date=175,
    fee=(181, 188),
    type7_nosso_numero=(63, 80),
)
LAYOUTS: dict[str, Layout400] = {
    "001": _CBR643,
    "756": replace(_CBR643, name="sicoob_cbr643"),
    "237": _STANDARD,
    "341": replace(
        _STANDARD,
        name="itau",
        occurrences=ITAU_400,
        nosso_numero=(62, 70),
        branch=(17, 21),
        number=(23, 28),
        check=(28, 29),
        payer_name=(324, 354),
    ),
    "033": replace(
        _STANDARD,
        name="santander",
        occurrences=SANTANDER_400,
        nosso_numero=(62, 70),
        branch=(17, 21),
        number=(21, 29),
        check=(29, 29),
    ),
    "104": replace(
        _STANDARD,
        name="caixa_sigcb",
        occurrences=CAIXA_400,
        nosso_numero=(56, 73),
        branch=(17, 17),
        number=(17, 24),
        check=(24, 24),
        credit_date=293,
    ),
    "748": replace(
        _STANDARD,
        name="sicredi",
        occurrences=SICREDI_400,
        nosso_numero=(47, 62),
        branch=(17, 21),
        number=(22, 31),
        check=(31, 31),
        credit_date=None,
        fee=(181, 188),
    ),
    "041": replace(
        _STANDARD,
        name="banrisul",
        occurrences=BANRISUL_400,
        nosso_numero=(62, 72),
        branch=(17, 21),
        number=(21, 30),
        check=(30, 30),
    ),
    "004": replace(
        _STANDARD,
        name="banco_do_nordeste",
        occurrences=GENERIC_400,
        nosso_numero=(62, 70),
        branch=(17, 21),
        number=(23, 30),
        check=(30, 31),
        credit_date=None,
    ),
}


# Banks without a layout of their own: the positions most CNAB 400 layouts share
# (Bradesco's, which many smaller banks copy) and the FEBRABAN-style occurrence codes.
GENERIC = replace(_STANDARD, name="generic_febraban", occurrences=GENERIC_400)
_DUE_DATE = 146


@dataclass(slots=True)
class Cnab400Result:
    """What one CNAB 400 file holds."""

    statements: list[Statement]
    transactions: list[Transaction]
    titles: list[CnabTitle]
    layout: str


def _layout(header: str, line: int, problems: Problems) -> tuple[str, Layout400]:
    """The bank of the header (columns 77-79) and its layout, else the generic one."""
    bank = header[76:79]
    if not bank.isdigit():
        raise ParseError(
            "UNKNOWN_BANK",
            f"The header names bank {bank!r} at columns 77-79, which is not a bank code",
            Location(line=line, column=77),
            details={"found": bank},
        )
    layout = LAYOUTS.get(bank)
    if layout is None:
        name = BANK_NAMES.get(bank)
        problems.warn(
            "UNKNOWN_BANK",
            f"Bank {bank}{f' ({name})' if name else ''} has no CNAB 400 layout here; read "
            "with the generic FEBRABAN-style positions (known: " + ", ".join(sorted(LAYOUTS)) + ")",
            line=line,
            column=77,
            details={"bank": bank, "bank_name": name, "layout": GENERIC.name},
        )
        layout = GENERIC
    return bank, layout


# Columns 176-253 hold the bank fee (from 176 or 182), other expenses, IOF, rebate and
# discount; 267-292 interest/fine and other credits. They repeat from title to title
# and are read through caches, once per distinct value.
_CHARGES_END = 253
_INTEREST = (266, 292)
# (start, end) of an amount from column 189 (0-based 188) on.
_EXPENSES, _IOF, _REBATE, _DISCOUNT = (188, 201), (214, 227), (227, 240), (240, 253)
# What the occurrence code and date (columns 109-116) give: the code, its meaning,
# whether it liquidates, the occurrence date.
_Head = tuple[str, str | None, bool, date | None]
# The raw fields ``_TitleReader.many`` unpacks, in its order: record type, account
# columns, nosso número (both type-1 and type-7 positions), occurrence code and date,
# seu número, due date, face value, charges, amount paid, interest and other credits,
# credit date (empty when the layout has none), payer name (empty when none).
_FIELDS = (
    "kind",
    "account",
    "nosso",
    "head",
    "seu",
    "due",
    "amount",
    "charges",
    "paid",
    "interest",
    "credit",
    "payer",
)


class _TitleReader:
    """Reads the detail records of one file with its bank's layout.

    The fields of a record come out of a Latin-1 buffer in one ``struct`` call, many
    records per call when the file's records are evenly spaced (``many``). A record
    with a bad field is read again field by field (``checked``), which reports the
    field by name and column.
    """

    __slots__ = (
        "account_span",
        "account_statements",
        "accounts",
        "bank",
        "by_column",
        "charges",
        "dates",
        "entries",
        "generic",
        "heads",
        "indexes",
        "interest",
        "layout",
        "nosso_numero",
        "payers",
        "problems",
        "reorder",
        "spans",
        "statements",
        "structs",
        "type7_nosso_numero",
    )

    def __init__(self, bank: str, layout: Layout400, problems: Problems) -> None:
        self.bank = bank
        self.layout = layout
        self.problems = problems
        # Positions nobody checked for this bank: every record is read field by field.
        self.generic = layout is GENERIC
        table = layout.occurrences

        def head(raw: str) -> _Head:
            code = raw[:2]
            return code, table.meanings.get(code), code in table.liquidating, date_value(raw[2:])

        charges_start = layout.fee[0]

        def relative(span: tuple[int, int]) -> slice:
            return slice(span[0] - charges_start, span[1] - charges_start)

        fee, iof, expenses, rebate, discount = map(
            relative, (layout.fee, _IOF, _EXPENSES, _REBATE, _DISCOUNT)
        )

        def charges(raw: str) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
            """Bank fee, IOF, other expenses, rebate, discount."""
            return (
                amount_value(raw[fee]),
                amount_value(raw[iof]),
                amount_value(raw[expenses]),
                amount_value(raw[rebate]),
                amount_value(raw[discount]),
            )

        def interest(raw: str) -> tuple[Decimal, Decimal]:
            """Interest/fine, other credits."""
            return amount_value(raw[:13]), amount_value(raw[13:])

        def payer(raw: str) -> Counterparty | None:
            return counterparty(text_value(raw), None)

        spans = (layout.branch, layout.number, layout.check)
        self.account_span = (min(s for s, _ in spans), max(e for _, e in spans))

        origin = self.account_span[0]
        branch, number, check = (slice(b - origin, e - origin) for b, e in spans)

        def new_account(raw: str) -> Account:
            return account(bank, raw[branch], raw[number], raw[check])

        self.heads = Memo(latin1(head))
        self.charges = Memo(latin1(charges))
        self.interest = Memo(latin1(interest))
        self.dates = Memo(latin1(date_value))
        self.payers = Memo(latin1(payer))
        self.accounts = Memo(latin1(new_account))
        # The nosso número of type-1 and type-7 records within the columns of both.
        type7 = layout.type7_nosso_numero or layout.nosso_numero
        nosso_start = min(layout.nosso_numero[0], type7[0])
        self.nosso_numero = slice(*(at - nosso_start for at in layout.nosso_numero))
        self.type7_nosso_numero = slice(*(at - nosso_start for at in type7))
        credit = layout.credit_date
        self.structs: dict[int, Struct] = {}
        self.spans: dict[str, tuple[int, int]] = {
            "kind": (0, 1),
            "account": self.account_span,
            "nosso": (nosso_start, max(layout.nosso_numero[1], type7[1])),
            "head": (108, 116),
            "seu": (116, 126),
            "due": (_DUE_DATE, _DUE_DATE + 6),
            "amount": (152, 165),
            "charges": (charges_start, _CHARGES_END),
            "paid": (253, 266),
            "interest": _INTEREST,
            # Without a credit date of its own the occurrence date stands (in "head").
            "credit": (credit, credit + 6) if credit is not None else (WIDTH, WIDTH),
            "payer": layout.payer_name or (WIDTH, WIDTH),
        }
        # A struct cuts fields in column order; put them back in _FIELDS order when
        # the layout's columns run in another (Banco do Brasil's credit date).
        self.by_column = sorted(_FIELDS, key=self.spans.__getitem__)
        self.reorder = (
            None
            if self.by_column == list(_FIELDS)
            else itemgetter(*(self.by_column.index(name) for name in _FIELDS))
        )
        self.entries = Entries()
        # One statement per account, found by raw account columns once it has one.
        self.indexes: dict[Account, tuple[int, str]] = {}
        self.account_statements: dict[bytes, tuple[int, str]] = {}
        self.statements: list[Statement] = []

    def rows(self, region: bytes | memoryview, stride: int) -> Iterable[tuple[bytes, ...]]:
        """The raw fields of each record of ``region``, in ``_FIELDS`` order."""
        found = self.structs.get(stride)
        if found is None:
            spans = [self.spans[name] for name in self.by_column]
            found = self.structs[stride] = record_struct(spans, stride)
        rows = found.iter_unpack(region)
        return rows if self.reorder is None else map(self.reorder, rows)

    def one(self, rec: str, line: int, record: int) -> None:
        """The title of one detail record."""
        if self.generic:
            self.checked(rec, line, record)
            return
        try:
            region = rec.encode("latin-1")
        except UnicodeEncodeError:
            self.checked(rec, line, record)
            return
        self.many(region, line, record, WIDTH)

    def many(self, region: bytes | memoryview, line: int, record: int, stride: int) -> None:
        """Keep the titles of consecutive detail records.

        ``region`` holds Latin-1 records ``stride`` bytes apart, the first at ``line``
        and numbered ``record``. A record with a bad field goes through ``checked``.
        """
        dates, heads, charges_of, interest_of = self.dates, self.heads, self.charges, self.interest
        statements = self.account_statements
        add = self.entries.add
        type7_nosso, nosso_numero = self.type7_nosso_numero, self.nosso_numero
        # Read once: an Enum member costs ten times a local (the metaclass's __getattr__).
        collection, cnab400, boleto = (
            EntryKind.COLLECTION,
            SourceFormat.CNAB400,
            TransactionType.BOLETO,
        )
        for index, (
            kind,
            raw_account,
            nosso,
            head,
            seu,
            due,
            raw_amount,
            charges,
            raw_paid,
            interests,
            credit,
            payer,
        ) in enumerate(self.rows(region, stride)):
            try:
                code, meaning, liquidated, occurrence_date = heads[head]
                credited = dates[credit] if credit else occurrence_date
                # amount_value, inlined for the plain digits of a filled field.
                amount = (
                    Decimal(raw_amount.decode() + "E-2")
                    if raw_amount.isdigit()
                    else amount_value(raw_amount.decode("latin-1"))
                )
                # Most titles are paid at face value: the same digits, the same Decimal.
                if raw_paid == raw_amount:
                    paid = amount
                elif raw_paid.isdigit():
                    paid = Decimal(raw_paid.decode() + "E-2")
                else:
                    paid = amount_value(raw_paid.decode("latin-1"))
                interest, credits = interest_of[interests]
                fee, iof, expenses, rebate, discount = charges_of[charges]
                due_date = dates[due]
            except ValueError:
                start = index * stride
                self.checked(
                    str(region[start : start + WIDTH], "latin-1"), line + index, record + index
                )
                continue
            acct = self.accounts[raw_account]
            statement = statements.get(raw_account)
            if statement is None:
                statement = statements[raw_account] = self.statement(acct)
            # text_value, inlined: this runs once per title.
            nosso_raw = nosso[type7_nosso if kind == b"7" else nosso_numero]
            nosso_text = nosso_raw.decode("latin-1").strip()
            seu_text = seu.decode("latin-1").strip()
            add(
                collection,
                acct,
                code,
                meaning,
                liquidated,
                cnab400,
                line + index,
                record + index,
                nosso_text if nosso_text.strip("0") else None,
                seu_text if seu_text.strip("0") else None,
                amount,
                paid,
                None,
                interest,
                discount,
                rebate,
                fee,
                iof,
                expenses,
                credits,
                due_date,
                occurrence_date,
                credited or occurrence_date,
                self.payers[payer],
                (),
                None,
                statement,
                boleto,
            )

    def checked(self, rec: str, line: int, record: int) -> None:
        """A record read field by field: a bad field skips it, reported by name and column."""
        try:
            self.slow(rec, line, record)
        except BadFieldError as bad:
            self.problems.skip(
                bad.code, f"Record skipped: {bad}", line=line, record=record, column=bad.column
            )

    def slow(self, rec: str, line: int, record: int) -> None:
        """The title of one detail record, read field by field; raises ``BadFieldError``."""
        layout = self.layout
        table = layout.occurrences
        code = rec[108:110]
        if self.generic and not (code.isdigit() and code.isascii()):
            # The generic positions do not fit this bank's records: nothing is read.
            raise BadFieldError("BAD_FIELD", "occurrence code", 109, code)
        occurrence_date, credit_date = (
            date6(rec, start, name) for start, name in layout.date_starts
        )
        amount, paid, interest, discount, rebate, fee, iof, expenses, credits = amounts(
            rec, layout.amount_spans
        )
        due_date = date6(rec, _DUE_DATE, "due date")
        acct = account(
            self.bank,
            rec[slice(*layout.branch)],
            rec[slice(*layout.number)],
            rec[slice(*layout.check)],
        )
        nosso = layout.type7_nosso_numero if rec[0] == "7" and layout.type7_nosso_numero else None
        payer_name = layout.payer_name
        self.entries.add(
            EntryKind.COLLECTION,
            acct,
            code,
            table.meanings.get(code),
            code in table.liquidating,
            SourceFormat.CNAB400,
            line,
            record,
            text_field(rec, *(nosso or layout.nosso_numero)),
            text_field(rec, 116, 126),
            amount,
            paid,
            None,
            interest,
            discount,
            rebate,
            fee,
            iof,
            expenses,
            credits,
            due_date,
            occurrence_date,
            credit_date or occurrence_date,
            counterparty(text_field(rec, *payer_name), None) if payer_name else None,
            (),
            None,
            self.statement(acct),
            TransactionType.BOLETO,
        )

    def statement(self, acct: Account) -> tuple[int, str]:
        """The index and account key of the statement of ``acct``, opened when first seen."""
        statement = self.indexes.get(acct)
        if statement is None:
            statement = self.indexes[acct] = (len(self.statements), acct.key())
            self.statements.append(
                Statement(
                    index=statement[0],
                    kind=EntryKind.COLLECTION,
                    account=acct,
                    currency="BRL",
                    institution=BANK_NAMES.get(self.bank),
                )
            )
        return statement


class _Reader:
    """Walks the records of one file: the header picks the layout, details are titles."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.layout = _STANDARD
        self.titles: _TitleReader | None = None
        # Detail records seen so far, bad ones included: the next one's record number.
        self.record = 0
        # Every record seen, for the trailer's sequence number.
        self.records = 0
        self.shift_warned = False
        self.trailer_seen = False

    def read(self, records: Iterable[tuple[int, str]]) -> None:
        """Read numbered records (already split from the file) one by one."""
        problems = self.problems
        for number, rec in records:
            if rec[:1] == " ":
                shift = unshift(rec)
                if shift:
                    if not self.shift_warned:
                        self.shift_warned = True
                        problems.warn(
                            "RECORD_SHIFTED",
                            f"Record starts {shift} column(s) late (up to {MAX_SHIFT} are "
                            "read as written one column left); first such record",
                            line=number,
                            column=1,
                            details={"found": rec[: shift + 9]},
                        )
                    rec = rec[shift:]
            if len(rec) != WIDTH:
                try:
                    fitted = fit(rec, WIDTH, 1)
                except RecordLengthError as bad:
                    self.records += 1
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
            kind = rec[0]
            titles = self.titles
            if (kind == "1" or kind == "7") and titles is not None:
                self.record += 1
                self.records += 1
                titles.one(rec, number, self.record)
                continue
            if rec.isspace():
                continue
            self.records += 1
            if titles is None:
                if kind != "0":
                    raise ParseError(
                        "MISSING_HEADER",
                        "The first CNAB 400 record is not a header (type 0)",
                        Location(line=number, column=1),
                    )
                if rec[1] == "1" and "REMESSA" in rec[2:9].upper():
                    raise ParseError(
                        "REMITTANCE_FILE",
                        "This is a CNAB 400 remittance (remessa) sent to the bank, not a return",
                        Location(line=number, column=2),
                    )
                bank, self.layout = _layout(rec, number, problems)
                self.titles = _TitleReader(bank, self.layout, problems)
            elif kind == "9":
                self.trailer(rec, number)
            else:
                problems.warn(
                    "UNSUPPORTED_RECORD",
                    f"Record type {kind!r} is not read by the {self.layout.name} layout",
                    line=number,
                    column=1,
                )

    def trailer(self, rec: str, number: int) -> None:
        """Check the trailer's sequence number (395-400): the file's records, itself included."""
        self.trailer_seen = True
        raw = rec[394:400]
        if raw.isdigit() and int(raw) != self.records:
            self.problems.warn(
                "TRAILER_MISMATCH",
                f"The trailer's sequence number says the file has {int(raw)} records; "
                f"{self.records} were read",
                line=number,
                column=395,
                details={"field": "records in file", "expected": int(raw), "found": self.records},
            )


_DETAILS = re.compile(rb"[17]+")


def parse_cnab400(source: str | bytes, problems: Problems) -> Cnab400Result:
    """Read a CNAB 400 return file; bad records are skipped and reported in ``problems``.

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
        for run in _DETAILS.finditer(buffer[::stride][:count]):
            first, end = run.span()
            reader.read(decoded_records(buffer, stride, WIDTH, done, first))
            titles = reader.titles
            if titles is None or titles.generic:
                # Before the header: refused record by record (MISSING_HEADER); a
                # generic layout reads each record field by field.
                reader.read(decoded_records(buffer, stride, WIDTH, first, end))
            else:
                region = view[first * stride : end * stride]
                titles.many(region, first + 1, reader.record + 1, stride)
                reader.record += end - first
                reader.records += end - first
            done = end
        reader.read(decoded_records(buffer, stride, WIDTH, done, count))
    titles = reader.titles
    if titles is None:
        raise ParseError("MISSING_HEADER", "No CNAB 400 header found", Location(line=1))
    entries = titles.entries
    if not entries.titles and not problems.skipped_count:
        raise ParseError(
            "NO_ENTRIES",
            f"The CNAB 400 file holds {reader.records} records and no title"
            + ("" if reader.trailer_seen else " (and no trailer: it may be cut short)"),
            Location(line=1),
            details={"records": reader.records, "layout": reader.layout.name},
        )
    return Cnab400Result(
        titles.statements, entries.transactions, entries.titles, reader.layout.name
    )
