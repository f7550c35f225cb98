"""CSV bank and ledger exports into canonical transactions through a named profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.errors import Location, ParseError
from backend.core.text import unstorable_at
from backend.statements.banks import BANK_NAMES
from backend.statements.csv_dialect import (
    SAMPLE_ROWS,
    UNREADABLE,
    DateOrder,
    read_rows,
    sniff_date_order,
    sniff_decimal,
    sniff_delimiter,
)
from backend.statements.csv_profiles import (
    PROFILES,
    PROFILES_BY_NAME,
    ColumnMap,
    CsvProfile,
    map_columns,
    normalise_header,
)
from backend.statements.enrich import read_memo
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    AccountKind,
    Balance,
    EntryKind,
    References,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
    new_references,
    new_source_ref,
    new_transaction,
)
from backend.statements.problems import Problems
from backend.statements.values import parse_amount

HEADER_SEARCH_ROWS = 50
_DATE_CACHE_LIMIT = 4096
# Most rows carry no reference; they share one empty (immutable) References.
_NO_REFERENCES = References()
# Values of a debit/credit indicator column -> whether the money goes out.
_DIRECTIONS = {
    "D": True,
    "DEB": True,
    "DEBITO": True,
    "SAIDA": True,
    "-": True,
    "C": False,
    "CRED": False,
    "CREDITO": False,
    "ENTRADA": False,
    "+": False,
}


@dataclass(slots=True)
class CsvResult:
    """What one CSV file holds, and how it was read."""

    statements: list[Statement]
    transactions: list[Transaction]
    profile: str
    details: dict[str, str]


def parse_csv(text: str, problems: Problems, profile_name: str | None = None) -> CsvResult:
    """Read a CSV export with ``profile_name`` or the first profile that fits its header."""
    if profile_name is not None and profile_name not in PROFILES_BY_NAME:
        raise ParseError(
            "UNKNOWN_CSV_PROFILE",
            f"Unknown CSV profile {profile_name!r}; known: {', '.join(PROFILES_BY_NAME)}",
        )
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        raise ParseError(
            "NO_CSV_COLUMNS",
            "No delimiter (; , tab |) splits the lines into columns",
            Location(line=1),
        )
    rows = read_rows(text, delimiter)
    header_at, mapping = _find_header(rows, profile_name)
    reader = _RowReader(mapping, rows[header_at + 1 :], problems)
    preamble = _preamble(rows[:header_at])
    return reader.read(preamble, delimiter, rows[header_at][0])


def _find_header(
    rows: list[tuple[int, list[str]]], profile_name: str | None
) -> tuple[int, ColumnMap]:
    candidates = (PROFILES_BY_NAME[profile_name],) if profile_name else PROFILES
    closest: tuple[int, ColumnMap, list[str]] | None = None
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if c.strip()) < 2:
            continue
        for profile in candidates:
            mapping = map_columns(profile, cells, named=profile_name is not None)
            if mapping.complete:
                return index, mapping
            # Remember the row that came closest, to explain the failure.
            score = len(mapping.columns) - len(mapping.missing)
            if closest is None or score > closest[0]:
                closest = (score, mapping, cells)
    if closest is None:
        raise ParseError(
            "UNKNOWN_CSV_COLUMNS",
            "No header row found: no line has two or more named columns",
            Location(line=1),
        )
    _, mapping, cells = closest
    seen = [cell.strip() for cell in cells if cell.strip()]
    raise ParseError(
        "UNKNOWN_CSV_COLUMNS",
        f"Columns seen: {', '.join(repr(c) for c in seen)}. "
        f"Closest profile {mapping.profile.name!r} could not map: {', '.join(mapping.missing)}",
        Location(line=1),
        details={
            "columns": seen,
            "profile": mapping.profile.name,
            "unmapped": list(mapping.missing),
        },
    )


def _preamble(rows: list[tuple[int, list[str]]]) -> dict[str, str]:
    """``Conta ;12345678-9`` style lines above the header, keyed by folded label."""
    found: dict[str, str] = {}
    for _, cells in rows:
        values = [c.strip() for c in cells if c.strip()]
        if len(values) >= 2:
            found.setdefault(normalise_header(values[0]), values[1])
        elif len(values) == 1 and ":" in values[0]:
            label, _, value = values[0].partition(":")
            found.setdefault(normalise_header(label), value.strip())
    return found


class _RowReader:
    """Turns data rows into transactions for one column mapping."""

    def __init__(
        self, mapping: ColumnMap, rows: list[tuple[int, list[str]]], problems: Problems
    ) -> None:
        self.profile: CsvProfile = mapping.profile
        self.col = mapping.columns
        self.rows = rows
        self.problems = problems
        self.fingerprint = Fingerprinter()
        self.statements: dict[str, Statement] = {}
        self.by_account: dict[Account, tuple[Statement, str]] = {}
        self.ledger_accounts: dict[str, Account] = {}
        self.balances: list[Balance] = []
        self.ledger_code = "?"
        amount_values = [
            cells[i]
            for _, cells in rows[: SAMPLE_ROWS * 4]
            for role in ("amount", "credit", "debit", "balance")
            if (i := self.col.get(role)) is not None and i < len(cells) and cells[i].strip()
        ]
        self.decimal = sniff_decimal(amount_values)
        date_col = self.col["date"]
        self.date_values = [
            cells[date_col] for _, cells in rows[: SAMPLE_ROWS * 4] if date_col < len(cells)
        ]
        self.dates: DateOrder = sniff_date_order(self.date_values)
        # Raw date cell -> date: an export repeats each day on every row of that day.
        self.parsed_dates: dict[str, date] = {}

    def cell(self, cells: list[str], role: str) -> str:
        """The stripped cell of ``role``; empty when the role is unmapped or the row short."""
        index = self.col.get(role)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def amount(self, cells: list[str], role: str) -> Decimal | None:
        """The amount in the cell of ``role``; None when blank."""
        raw = self.cell(cells, role)
        if not raw:
            return None
        try:
            return parse_amount(raw, self.decimal)
        except ValueError:
            raise _BadCellError(
                "BAD_AMOUNT",
                f"{role.capitalize()} {raw[:40]!r} is not an amount",
                self.col[role] + 1,
            ) from None

    def read(self, preamble: dict[str, str], delimiter: str, header_line: int) -> CsvResult:
        """Every data row; bad rows are skipped into ``problems``."""
        bank_account = self._bank_account(preamble)
        # A razão names its account above the header ("Conta: 1.1.1.02.001 - Banco X").
        named = preamble.get("CONTA") or preamble.get("CONTA CONTABIL") or ""
        self.ledger_code = named.split()[0] if named.split() else "?"
        opening = _preamble_amount(preamble, ("SALDO", "SALDO ANTERIOR", "SALDO INICIAL"))
        if opening is not None:
            self.balances.append(Balance("opening", opening, None))
        transactions: list[Transaction] = []
        record = 0
        for line, cells in self.rows:
            if not any(c.strip() for c in cells):
                continue
            record += 1
            if cells == [UNREADABLE]:
                self.problems.skip(
                    "BAD_ROW",
                    "The record cannot be read as CSV (NUL byte or oversized field)",
                    line=line,
                    record=record,
                )
                continue
            damaged = next((i for i, c in enumerate(cells) if unstorable_at(c) is not None), None)
            if damaged is not None:
                # The csv module reads NUL since Python 3.11; the database cannot store it.
                self.problems.skip(
                    "BAD_ROW",
                    f"Column {damaged + 1} holds a NUL byte",
                    line=line,
                    record=record,
                    column=damaged + 1,
                )
                continue
            try:
                transactions.extend(self._row(cells, line, record, bank_account))
            except _BadCellError as bad:
                self.problems.skip(
                    bad.code, bad.message, line=line, record=record, column=bad.column
                )
        if not self.statements and not self.profile.ledger:
            self._statement(bank_account)
        statements = [self._finish(s, transactions) for s in self.statements.values()]
        details = {
            "delimiter": delimiter,
            "decimal_separator": self.decimal or "auto",
            "thousands_separator": {",": ".", ".": ","}.get(self.decimal or "", "auto"),
            "date_format": self.dates.describe(self.date_values[0] if self.date_values else ""),
            "header_line": str(header_line),
        }
        return CsvResult(statements, transactions, self.profile.name, details)

    def _bank_account(self, preamble: dict[str, str]) -> Account:
        number = preamble.get("CONTA") or preamble.get("CONTA CORRENTE") or ""
        head, sep, tail = number.rpartition("-")
        check = tail if sep and head and len(tail) <= 2 else None
        if self.profile.kind is EntryKind.CARD:
            kind = AccountKind.CREDIT_CARD
        else:
            kind = AccountKind.CHECKING if number else AccountKind.UNKNOWN
        return Account(
            kind=kind,
            bank_code=self.profile.bank_code,
            branch=preamble.get("AGENCIA") or None,
            number=(head if check else number).replace(".", "") or None,
            check_digit=check,
        )

    def _row(
        self, cells: list[str], line: int, record: int, bank_account: Account
    ) -> list[Transaction]:
        raw_date = self.cell(cells, "date")
        posted_on = self.parsed_dates.get(raw_date)
        if posted_on is None:
            try:
                posted_on = self.dates.parse(raw_date)
            except ValueError:
                raise _BadCellError(
                    "BAD_DATE", f"Date {raw_date[:40]!r} is not a date", self.col["date"] + 1
                ) from None
            if len(self.parsed_dates) < _DATE_CACHE_LIMIT:
                self.parsed_dates[raw_date] = posted_on
        # A separate name column (Banco Inter) completes the memo, as the bank shows it.
        description = " - ".join(
            v for v in (self.cell(cells, "description"), self.cell(cells, "counterparty")) if v
        )
        balance = self.amount(cells, "balance")
        pattern = self.profile.balance_memo
        if pattern is not None and pattern.match(normalise_header(description)):
            # Without a balance column the bank writes the balance as the amount.
            stated = balance if balance is not None else self.amount(cells, "amount")
            if stated is not None:
                self.balances.append(Balance("daily", stated, posted_on, line))
            return []
        if "debit_account" in self.col:
            return self._double_entry(cells, posted_on, description, line, record)
        amount = self._signed_amount(cells)
        if amount is None:
            if balance is not None:
                self.balances.append(Balance("daily", balance, posted_on, line))
                return []
            raise _BadCellError("BAD_AMOUNT", "The row has no amount", None)
        if self.profile.ledger:
            code = self.cell(cells, "account") or self.ledger_code
            acct = self._ledger_account(code)
            contra = self.cell(cells, "contra_account") or None
        else:
            acct, contra = bank_account, None
        return [
            self._transaction(
                cells, acct, posted_on, amount, description, line, record, balance, contra
            )
        ]

    def _signed_amount(self, cells: list[str]) -> Decimal | None:
        amount = self.amount(cells, "amount")
        if amount is not None:
            outgoing = _DIRECTIONS.get(normalise_header(self.cell(cells, "direction")))
            if outgoing is not None:
                amount = -abs(amount) if outgoing else abs(amount)
            return -amount if self.profile.negate else amount
        credit = self.amount(cells, "credit")
        debit = self.amount(cells, "debit")
        if credit is None and debit is None:
            return None
        credit_abs = abs(credit or Decimal("0.00"))
        debit_abs = abs(debit or Decimal("0.00"))
        # Bank exports: credit positive. Ledgers: debit positive (see docs/statements.md).
        return debit_abs - credit_abs if self.profile.ledger else credit_abs - debit_abs

    def _double_entry(
        self, cells: list[str], posted_on: date, description: str, line: int, record: int
    ) -> list[Transaction]:
        value = self.amount(cells, "amount")
        if value is None:
            raise _BadCellError("BAD_AMOUNT", "The row has no amount", self.col["amount"] + 1)
        debit_code = self.cell(cells, "debit_account")
        credit_code = self.cell(cells, "credit_account")
        if not debit_code and not credit_code:
            raise _BadCellError(
                "MISSING_ACCOUNT",
                "Neither a debit nor a credit account",
                self.col["debit_account"] + 1,
            )
        legs: list[Transaction] = []
        for code, amount, contra in (
            (debit_code, value, credit_code),
            (credit_code, -value, debit_code),
        ):
            if code:
                acct = self._ledger_account(code)
                legs.append(
                    self._transaction(
                        cells,
                        acct,
                        posted_on,
                        amount,
                        description,
                        line,
                        record,
                        None,
                        contra or None,
                    )
                )
        return legs

    def _transaction(
        self,
        cells: list[str],
        acct: Account,
        posted_on: date,
        amount: Decimal,
        description: str,
        line: int,
        record: int,
        balance: Decimal | None,
        contra: str | None,
    ) -> Transaction:
        statement, account_key = self._statement(acct)
        source_id = self.cell(cells, "id") or None
        name = self.cell(cells, "counterparty") or None
        facts = read_memo(description, None, name)
        references = dict(facts.references)
        document = self.cell(cells, "document")
        if document:
            references["document_number"] = document
        kind = facts.type
        if self.profile.kind is EntryKind.CARD and kind is TransactionType.OTHER:
            kind = TransactionType.CARD
        return new_transaction(
            self.profile.kind,
            acct,
            posted_on,
            amount,
            "BRL",
            description,
            kind,
            facts.counterparty,
            new_references(**references) if references else _NO_REFERENCES,
            self.fingerprint(account_key, posted_on, amount, source_id, facts.folded),
            new_source_ref(SourceFormat.CSV, line, record),
            source_id,
            balance,
            False,
            statement.index,
            contra,
        )

    def _ledger_account(self, code: str) -> Account:
        """One shared Account per ledger account code."""
        acct = self.ledger_accounts.get(code)
        if acct is None:
            acct = self.ledger_accounts[code] = Account(kind=AccountKind.LEDGER, ledger_code=code)
        return acct

    def _statement(self, acct: Account) -> tuple[Statement, str]:
        """The statement of ``acct`` and the account's key (worked out once per account)."""
        known = self.by_account.get(acct)
        if known is not None:
            return known
        key = acct.key()
        found = self.statements.get(key)
        if found is None:
            found = Statement(
                index=len(self.statements),
                kind=self.profile.kind,
                account=acct,
                currency="BRL",
                institution=BANK_NAMES.get(self.profile.bank_code or ""),
            )
            self.statements[key] = found
        known = self.by_account[acct] = (found, key)
        return known

    def _finish(self, statement: Statement, transactions: list[Transaction]) -> Statement:
        days = [t.posted_on for t in transactions if t.statement_index == statement.index]
        balances = () if self.profile.ledger else tuple(self.balances)
        return Statement(
            index=statement.index,
            kind=statement.kind,
            account=statement.account,
            currency=statement.currency,
            start=min(days, default=None),
            end=max(days, default=None),
            balances=balances,
            institution=statement.institution,
        )


class _BadCellError(Exception):
    def __init__(self, code: str, message: str, column: int | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.column = column


def _preamble_amount(preamble: dict[str, str], labels: tuple[str, ...]) -> Decimal | None:
    for label in labels:
        raw = preamble.get(label)
        if raw:
            try:
                return parse_amount(raw)
            except ValueError:
                return None
    return None
