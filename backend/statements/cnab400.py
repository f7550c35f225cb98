"""CNAB 400 collection return files, one layout per bank.

Most banks share the FEBRABAN-style positions from column 109 on (occurrence code,
dates, amounts); they differ in where the account and the nosso número sit, where
the credit date and the fee are, and in their occurrence codes. Banco do Brasil
(CBR643, records of type 1 and 7) and Sicoob (which follows CBR643) also move the
credit date and the fee. A bank without a layout here is refused
(``UNKNOWN_BANK``): reading money from the wrong columns is worse than not reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    BadFieldError,
    Dates,
    account,
    amounts,
    counterparty,
    records,
    text_field,
    title_transaction,
)
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    CnabTitle,
    EntryKind,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
    new_cnab_title,
    new_source_ref,
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


_DUE_DATE = ((146, "due date"),)


@dataclass(slots=True)
class Cnab400Result:
    """What one CNAB 400 file holds."""

    statements: list[Statement]
    transactions: list[Transaction]
    titles: list[CnabTitle]
    layout: str


def _layout(header: str, line: int) -> tuple[str, Layout400]:
    bank = header[76:79]
    layout = LAYOUTS.get(bank)
    if layout is None:
        raise ParseError(
            "UNKNOWN_BANK",
            f"No CNAB 400 layout for bank {bank!r} (header columns 77-79); known: "
            + ", ".join(sorted(LAYOUTS)),
            Location(line=line, column=77),
        )
    return bank, layout


class _TitleReader:
    """Reads the detail records of one file with its bank's layout."""

    __slots__ = ("amount_spans", "date_starts", "dates", "layout")

    def __init__(self, layout: Layout400) -> None:
        self.layout = layout
        # Spans worked out once per file, not once per record.
        self.amount_spans = layout.amount_spans
        self.date_starts = layout.date_starts
        self.dates = Dates()

    def title(self, acct: Account, rec: str, line: int, record: int) -> CnabTitle:
        """The title of one detail record; raises ``BadFieldError``."""
        layout, dates = self.layout, self.dates
        code = rec[108:110]
        table = layout.occurrences
        occurred, credit = dates.read(rec, self.date_starts, 6)
        nosso = layout.type7_nosso_numero if rec[0] == "7" and layout.type7_nosso_numero else None
        amount, paid, interest, discount, rebate, fee, iof, expenses, credits = amounts(
            rec, self.amount_spans
        )
        (due,) = dates.read(rec, _DUE_DATE, 6)
        payer = (
            counterparty(text_field(rec, *layout.payer_name), None) if layout.payer_name else None
        )
        return new_cnab_title(
            EntryKind.COLLECTION,
            acct,
            code,
            table.meanings.get(code),
            code in table.liquidating,
            new_source_ref(SourceFormat.CNAB400, line, record),
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
            due,
            occurred,
            credit or occurred,
            payer,
        )


def parse_cnab400(text: str, problems: Problems) -> Cnab400Result:
    """Read a CNAB 400 return file; bad records are skipped and reported in ``problems``."""
    bank: str | None = None
    layout = _STANDARD
    fingerprint = Fingerprinter()
    reader = _TitleReader(layout)
    # One Account object per distinct raw account columns, and one statement per account.
    accounts: dict[tuple[str, str, str], Account] = {}
    indexes: dict[Account, tuple[int, str]] = {}
    statements: list[Statement] = []
    transactions: list[Transaction] = []
    titles: list[CnabTitle] = []
    record = 0
    for number, rec in records(text, WIDTH, problems, min_width=1):
        kind = rec[0]
        if bank is None:
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
            bank, layout = _layout(rec, number)
            reader = _TitleReader(layout)
            continue
        if kind != "1" and kind != "7":
            if kind != "9":
                problems.warn(
                    "UNSUPPORTED_RECORD",
                    f"Record type {kind!r} is not read by the {layout.name} layout",
                    line=number,
                    column=1,
                )
            continue
        record += 1
        raw_account = (
            rec[slice(*layout.branch)],
            rec[slice(*layout.number)],
            rec[slice(*layout.check)],
        )
        acct = accounts.get(raw_account)
        if acct is None:
            acct = accounts[raw_account] = account(bank, *raw_account)
        try:
            title = reader.title(acct, rec, number, record)
        except BadFieldError as bad:
            problems.skip(
                bad.code,
                f"Record skipped: {bad}",
                line=number,
                record=record,
                column=bad.column,
            )
            continue
        statement = indexes.get(acct)
        if statement is None:
            statement = indexes[acct] = (len(statements), acct.key())
            statements.append(
                Statement(
                    index=statement[0],
                    kind=EntryKind.COLLECTION,
                    account=acct,
                    currency="BRL",
                    institution=BANK_NAMES.get(bank),
                )
            )
        tx = title_transaction(title, fingerprint, statement, TransactionType.BOLETO)
        if tx is not None:
            transactions.append(tx)
        titles.append(title)
    if bank is None:
        raise ParseError("MISSING_HEADER", "No CNAB 400 header found", Location(line=1))
    return Cnab400Result(statements, transactions, titles, layout.name)
