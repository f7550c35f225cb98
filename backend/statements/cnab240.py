"""CNAB 240 return files (FEBRABAN): collection segments T/U and payment segments A/B/J/O/Z.

Layout positions follow FEBRABAN's CNAB 240 (v08-v10.11); the banks whose segment T
differs (Santander, Sicoob, Caixa) have their own ``TLayout``. A bank without an entry
is read with the FEBRABAN positions and an ``UNKNOWN_BANK`` warning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from backend.core.errors import Location, ParseError
from backend.statements.banks import BANK_NAMES
from backend.statements.cnab_occurrences import FEBRABAN_240_COLLECTION, FEBRABAN_240_PAYMENT
from backend.statements.cnab_records import (
    BadFieldError,
    Dates,
    account,
    amounts,
    counterparty,
    date8,
    inscription,
    money,
    records,
    text_field,
    title_transaction,
)
from backend.statements.enrich import read_memo
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    AccountKind,
    CnabTitle,
    Counterparty,
    EntryKind,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
    new_cnab_title,
    new_source_ref,
)
from backend.statements.problems import Problems

WIDTH = 240


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


@dataclass(slots=True)
class Cnab240Result:
    """What one CNAB 240 file holds."""

    statements: list[Statement]
    transactions: list[Transaction]
    titles: list[CnabTitle]


# Segment T read ahead of its U: line, occurrence code, raw account columns, account,
# nosso número, seu número, due date, face value, bank fee, reasons, payer.
_SegmentT = tuple[
    int,
    str,
    str,
    Account,
    str | None,
    str | None,
    date | None,
    Decimal,
    Decimal,
    tuple[str, ...],
    Counterparty | None,
]


class _Reader:
    """Walks the records of one file, pairing T with U and A/J/O with B/J-52."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.bank = ""
        self.layout = FEBRABAN_T
        self.t_amounts = ((*FEBRABAN_T.amount, "title amount"), (*FEBRABAN_T.fee, "bank fee"))
        self.dates = Dates()
        self.batch_account: Account | None = None
        self.pending_t: _SegmentT | None = None
        self.pending: dict[str, Any] | None = None
        self.fingerprint = Fingerprinter()
        self.statements: dict[tuple[EntryKind, str], Statement] = {}
        # One Account per distinct raw account columns, and its statement (index, key)
        # once a title of that account is kept: shared by every title of the account.
        self.accounts: dict[str, Account] = {}
        self.account_statements: dict[str, tuple[int, str]] = {}
        self.transactions: list[Transaction] = []
        self.titles: list[CnabTitle] = []
        self.record = 0
        self.warned_segments: set[str] = set()

    def file_header(self, rec: str) -> None:
        self.bank = rec[0:3]
        if not self.bank.isdigit():
            raise ParseError(
                "UNKNOWN_BANK",
                f"The file header names bank {self.bank!r}, which is not a bank code",
                Location(line=1, column=1),
            )
        if self.bank not in KNOWN_BANKS:
            self.problems.warn(
                "UNKNOWN_BANK",
                f"Bank {self.bank} has no specific CNAB 240 layout here; read as FEBRABAN",
                line=1,
            )
        self.layout = lay = T_LAYOUTS.get(self.bank, FEBRABAN_T)
        self.t_amounts = ((*lay.amount, "title amount"), (*lay.fee, "bank fee"))

    def batch_header(self, rec: str) -> None:
        self.flush()
        # Payment batch headers carry the debited account at 53-71.
        self.batch_account = account(
            self.bank, rec[52:57], rec[58:70], rec[70:71], AccountKind.CHECKING
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
        elif segment != "Z" and segment not in self.warned_segments:
            # Z authenticates a payment already read; others carry no money movement here.
            self.warned_segments.add(segment)
            self.problems.warn(
                "UNSUPPORTED_SEGMENT",
                f"Segment {segment!r} is not read (first seen here)",
                line=number,
            )

    def segment_t(self, number: int, rec: str) -> _SegmentT:
        lay = self.layout
        raw_account = rec[lay.account_span[0] : lay.account_span[1]]
        acct = self.accounts.get(raw_account)
        if acct is None:
            acct = self.accounts[raw_account] = account(
                self.bank, rec[slice(*lay.branch)], rec[slice(*lay.number)], rec[slice(*lay.check)]
            )
        nosso = text_field(rec, *lay.nosso_numero)
        seu = text_field(rec, *lay.seu_numero)
        (due,) = self.dates.read(rec, ((lay.due, "due date"),), 8)
        amount, fee = amounts(rec, self.t_amounts)
        payer_doc = rec[lay.payer_document[0] : lay.payer_document[1]]
        return (
            number,
            rec[15:17],
            raw_account,
            acct,
            nosso,
            seu,
            due,
            amount,
            fee,
            _reasons(rec[lay.reasons[0] : lay.reasons[1]]),
            counterparty(
                text_field(rec, *lay.payer_name), inscription(rec[lay.payer_type], payer_doc)
            ),
        )

    def collection(self, t: _SegmentT, u: str | None) -> None:
        """The title of a segment T and its U (None when the U is missing)."""
        line, code, raw_account, acct, nosso, seu, due, amount, fee, reasons, payer = t
        source = new_source_ref(SourceFormat.CNAB240, line, self.record + 1)
        meaning = _COLLECTION_MEANINGS.get(code)
        liquidated = code in _COLLECTION_LIQUIDATING
        if u is None:
            self.problems.warn("MISSING_SEGMENT", "Segment T without its segment U", line=line)
            title = new_cnab_title(
                EntryKind.COLLECTION,
                acct,
                code,
                meaning,
                liquidated,
                source,
                nosso,
                seu,
                amount,
                bank_fee=fee,
                due_date=due,
                counterparty=payer,
                reasons=reasons,
            )
        else:
            interest, discount, rebate, iof, paid, net, expenses, credits = amounts(u, _U_AMOUNTS)
            occurred, credited = self.dates.read(u, _U_DATES, 8)
            title = new_cnab_title(
                EntryKind.COLLECTION,
                acct,
                code,
                meaning,
                liquidated,
                source,
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
            )
        statement = self.account_statements.get(raw_account)
        if statement is None:
            statement = self.account_statements[raw_account] = self.statement(
                EntryKind.COLLECTION, acct
            )
        self.add(title, statement, TransactionType.BOLETO)

    def add(self, title: CnabTitle, statement: tuple[int, str], kind: TransactionType) -> None:
        """Count the title, keep it and its transaction (when it moved money)."""
        self.record += 1
        tx = title_transaction(title, self.fingerprint, statement, kind)
        if tx is not None:
            self.transactions.append(tx)
        elif title.liquidated:
            self.problems.warn(
                "MISSING_DATE", "Liquidated title without a credit date", line=title.source.line
            )
        self.titles.append(title)

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
        line = pending.pop("line")
        code = pending["occurrence_code"]
        kind = pending.pop("type", TransactionType.BOLETO)
        acct = pending.pop("account")
        title = new_cnab_title(
            kind=EntryKind.PAYMENT,
            account=acct,
            occurrence_meaning=FEBRABAN_240_PAYMENT.meaning(code),
            liquidated=code in FEBRABAN_240_PAYMENT.liquidating,
            source=new_source_ref(SourceFormat.CNAB240, line, self.record + 1),
            **pending,
        )
        self.add(title, self.statement(EntryKind.PAYMENT, acct), kind)

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
_U_DATES = ((137, "occurrence date"), (145, "credit date"))
_COLLECTION_MEANINGS = FEBRABAN_240_COLLECTION.meanings
_COLLECTION_LIQUIDATING = FEBRABAN_240_COLLECTION.liquidating


def _reasons(raw: str, *, keep_zero: bool = False) -> tuple[str, ...]:
    if not keep_zero and not raw.strip(" 0"):
        # Most records state no reason at all.
        return ()
    codes = (raw[i : i + 2].strip() for i in range(0, len(raw), 2))
    return tuple(c for c in codes if c and (keep_zero or c != "00"))


def parse_cnab240(text: str, problems: Problems) -> Cnab240Result:
    """Read a CNAB 240 return file; bad records are skipped and reported in ``problems``."""
    reader = _Reader(problems)
    header_seen = False
    for number, rec in records(text, WIDTH, problems, min_width=8):
        kind = rec[7]
        try:
            if kind == "3" and header_seen:
                reader.detail(number, rec)
            elif kind == "0":
                reader.file_header(rec)
                header_seen = True
            elif not header_seen:
                raise ParseError(
                    "MISSING_HEADER",
                    "The first CNAB 240 record is not a file header (type 0)",
                    Location(line=number, column=8),
                )
            elif kind == "1":
                reader.batch_header(rec)
            elif kind in "59":
                reader.flush()
            else:
                problems.skip(
                    "UNKNOWN_RECORD_TYPE",
                    f"Record type {kind!r} is not a CNAB 240 record type",
                    line=number,
                    column=8,
                )
        except BadFieldError as bad:
            # The record is lost, and with it the title it belongs to.
            reader.pending_t = None
            reader.pending = None
            problems.skip(bad.code, f"Record skipped: {bad}", line=number, column=bad.column)
    reader.flush()
    if not header_seen:
        raise ParseError("MISSING_HEADER", "No CNAB 240 file header found", Location(line=1))
    return Cnab240Result(list(reader.statements.values()), reader.transactions, reader.titles)
