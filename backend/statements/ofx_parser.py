"""OFX statements (bank and credit card) into canonical transactions."""

from __future__ import annotations

from datetime import date

from backend.core.errors import Location, ParseError
from backend.statements.banks import normalise_bank_code
from backend.statements.enrich import read_memo
from backend.statements.fingerprint import Fingerprinter
from backend.statements.model import (
    Account,
    AccountKind,
    Balance,
    EntryKind,
    SourceFormat,
    Statement,
    Transaction,
    TransactionType,
    new_references,
    new_source_ref,
    new_transaction,
)
from backend.statements.ofx_reader import Node, read_tree
from backend.statements.problems import Problems
from backend.statements.values import parse_amount, parse_compact_date

_DEBIT_TYPES = frozenset(
    {"DEBIT", "PAYMENT", "CHECK", "FEE", "SRVCHG", "ATM", "POS", "DIRECTDEBIT", "CASH", "REPEATPMT"}
)
_DATE_CACHE_LIMIT = 4096
_ACCOUNT_KINDS = {
    "CHECKING": AccountKind.CHECKING,
    "SAVINGS": AccountKind.SAVINGS,
    "MONEYMRKT": AccountKind.SAVINGS,
    "CREDITLINE": AccountKind.CHECKING,
}


def parse_ofx(text: str, problems: Problems) -> tuple[list[Statement], list[Transaction]]:
    """Read every STMTRS/CCSTMTRS of an OFX document; bad transactions are skipped."""
    tree = read_tree(text)
    root = tree.root
    nodes = tree.statements
    if not nodes:
        if not root.transactions:
            raise ParseError(
                "MALFORMED_OFX",
                "No OFX statement (STMTRS or CCSTMTRS) and no transaction (STMTTRN) found",
                Location(line=1),
            )
        problems.warn(
            "NO_STATEMENT",
            "Transactions found outside any STMTRS/CCSTMTRS aggregate; read as one statement",
        )
        nodes = [root]
    server_day = _optional_date(root.value("DTSERVER"))
    lines = _LineCounter(text)
    fingerprint = Fingerprinter()
    statements: list[Statement] = []
    transactions: list[Transaction] = []
    record = 0
    for index, node in enumerate(nodes):
        statement, balances = _statement(index, node, root)
        reader = _TransactionReader(statement, server_day, fingerprint)
        tx_nodes = node.transactions
        reader.unsigned = _unsigned_debits(tx_nodes)
        if reader.unsigned:
            problems.warn(
                "UNSIGNED_DEBITS",
                "No amount in this statement is negative although some lines are debits; "
                "debit-typed lines were read as negative",
                line=lines.line_of(node.offset),
            )
        for tx_node in tx_nodes:
            record += 1
            line = lines.line_of(tx_node.offset)
            try:
                tx = reader.read(tx_node, line, record)
            except _SkipRecordError as skip:
                problems.skip(skip.code, skip.message, line=line, record=record)
                continue
            if isinstance(tx, Balance):
                balances.append(tx)
                problems.warn(
                    "BALANCE_LINE",
                    "A balance line written as a transaction was read as a balance",
                    line=line,
                    record=record,
                )
                continue
            transactions.append(tx)
        statements.append(_with_balances(statement, balances))
    return statements, transactions


def _unsigned_debits(nodes: list[Node]) -> bool:
    """Whether a statement writes debits without a sign (no negative amount, some debits).

    Some Brazilian exports rely on TRNTYPE alone; reading their debits as credits would
    turn every payment into income.
    """
    has_debit_type = False
    for node in nodes:
        if node.fields.get("TRNAMT", "").strip().startswith("-"):
            return False
        has_debit_type = has_debit_type or (
            node.fields.get("TRNTYPE", "").strip().upper() in _DEBIT_TYPES
        )
    return has_debit_type


class _SkipRecordError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _LineCounter:
    """1-based line of increasing offsets, counted incrementally (linear, not quadratic)."""

    __slots__ = ("_line", "_offset", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def line_of(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _optional_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_compact_date(text)
    except ValueError:
        return None


def _statement(index: int, node: Node, root: Node) -> tuple[Statement, list[Balance]]:
    card = node.name == "CCSTMTRS"
    acct = node.find("CCACCTFROM" if card else "BANKACCTFROM")
    fields = acct.fields if acct is not None else {}
    account = _account(fields, card)
    tranlist = node.find("BANKTRANLIST")
    balances: list[Balance] = []
    for kind, name in (("ledger", "LEDGERBAL"), ("available", "AVAILBAL")):
        bal = node.find(name)
        if bal is None:
            continue
        try:
            amount = parse_amount(bal.fields.get("BALAMT", ""))
        except ValueError:
            continue
        balances.append(Balance(kind, amount, _optional_date(bal.fields.get("DTASOF"))))
    statement = Statement(
        index=index,
        kind=EntryKind.CARD if card else EntryKind.BANK,
        account=account,
        currency=(node.value("CURDEF") or "BRL").strip().upper()[:3] or "BRL",
        start=_optional_date(tranlist.fields.get("DTSTART")) if tranlist else None,
        end=_optional_date(tranlist.fields.get("DTEND")) if tranlist else None,
        institution=root.value("ORG") or None,
    )
    return statement, balances


def _with_balances(statement: Statement, balances: list[Balance]) -> Statement:
    if not balances:
        return statement
    return Statement(
        index=statement.index,
        kind=statement.kind,
        account=statement.account,
        currency=statement.currency,
        start=statement.start,
        end=statement.end,
        balances=tuple(balances),
        institution=statement.institution,
    )


def _account(fields: dict[str, str], card: bool) -> Account:
    acctid = fields.get("ACCTID", "").strip()
    number, check = acctid, None
    # "455000-5": Banco do Brasil and others append the check digit after a hyphen.
    head, sep, tail = acctid.rpartition("-")
    if sep and head and 0 < len(tail) <= 2 and tail.isalnum():
        number, check = head, tail
    branch = fields.get("BRANCHID", "").strip() or None
    bank = fields.get("BANKID", "").strip() or None
    if card:
        kind = AccountKind.CREDIT_CARD
    else:
        kind = _ACCOUNT_KINDS.get(fields.get("ACCTTYPE", "").strip().upper(), AccountKind.UNKNOWN)
    return Account(
        kind=kind,
        bank_code=normalise_bank_code(bank),
        branch=branch,
        number=number.replace(".", "").replace(" ", "") or None,
        check_digit=check,
    )


class _TransactionReader:
    """Turns the STMTTRN aggregates of one statement into transactions."""

    __slots__ = (
        "account",
        "account_key",
        "card",
        "currency",
        "cutoff",
        "dates",
        "fingerprint",
        "index",
        "kind",
        "unsigned",
    )

    def __init__(
        self, statement: Statement, server_day: date | None, fingerprint: Fingerprinter
    ) -> None:
        # Every transaction of the statement shares one Account and its key.
        self.account = statement.account
        self.account_key = statement.account.key()
        self.kind = statement.kind
        self.card = statement.kind is EntryKind.CARD
        self.currency = statement.currency
        self.index = statement.index
        self.cutoff = max((d for d in (statement.end, server_day) if d is not None), default=None)
        self.fingerprint = fingerprint
        self.unsigned = False
        # Raw DTPOSTED -> date: a statement repeats each day's stamp on every line.
        self.dates: dict[str, date] = {}

    def read(self, node: Node, line: int, record: int) -> Transaction | Balance:
        """One transaction, or the balance a balance line states."""
        fields = node.fields
        raw_date = fields.get("DTPOSTED") or fields.get("DTUSER") or ""
        posted_on = self.dates.get(raw_date)
        if posted_on is None:
            try:
                posted_on = parse_compact_date(raw_date)
            except ValueError:
                raise _SkipRecordError(
                    "BAD_DATE", f"DTPOSTED {raw_date[:40]!r} is not a YYYYMMDD date"
                ) from None
            if len(self.dates) < _DATE_CACHE_LIMIT:
                self.dates[raw_date] = posted_on
        raw_amount = fields.get("TRNAMT", "")
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            raise _SkipRecordError(
                "BAD_AMOUNT", f"TRNAMT {raw_amount[:40]!r} is not an amount"
            ) from None
        trntype = fields.get("TRNTYPE")
        if self.unsigned and amount > 0 and (trntype or "").strip().upper() in _DEBIT_TYPES:
            amount = -amount
        memo = fields.get("MEMO", "")
        name = fields.get("NAME") or None
        if name is None and node.children:
            payee = next((child for child in node.children if child.name == "PAYEE"), None)
            name = payee.fields.get("NAME") or None if payee is not None else None
        description = memo or name or ""
        facts = read_memo(description, trntype, name)
        if facts.is_balance:
            return Balance("daily", amount, posted_on, line)
        kind = facts.type
        if self.card and kind is TransactionType.OTHER:
            kind = TransactionType.CARD
        fitid = fields.get("FITID") or None
        check = fields.get("CHECKNUM") or None
        if facts.references:
            references = new_references(fitid, check, **dict(facts.references))
        else:
            references = new_references(fitid, check)
        cutoff = self.cutoff
        return new_transaction(
            self.kind,
            self.account,
            posted_on,
            amount,
            self.currency,
            description,
            kind,
            facts.counterparty,
            references,
            self.fingerprint(self.account_key, posted_on, amount, fitid, facts.folded),
            new_source_ref(SourceFormat.OFX, line, record),
            fitid,
            None,
            (cutoff is not None and posted_on > cutoff) or facts.scheduled,
            self.index,
        )
