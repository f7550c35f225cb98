"""``conciliacontag reconcile``: fiscal documents and statements in, decisions out.

Inputs are read exactly as ``conciliacontag parse`` reads them (files, folders, zips and
nested members; the content decides the format), turned into the engine's input by
``backend.reconciliation.adapters`` and reconciled for the tenant named by ``--company``.
stdout carries only the result (jsonl or a table); every input failure is printed on
stderr as the same error object ``parse`` prints, and documents that give nothing to
reconcile as warning objects. The contract is documented in docs/cli.md.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO

from backend.commands.formatting import (
    DEFAULT_LOCALE,
    Formatter,
    Locale,
    aligned,
)
from backend.commands.parse import (
    error_record,
    iter_input_files,
    locate_error,  # the same relocation of member errors as `parse`, so errors print alike
)
from backend.core.errors import ParseError
from backend.fiscal.events import apply_events
from backend.fiscal.ids import format_tax_id
from backend.fiscal.model import DocumentKind, FiscalDocument, FiscalEvent
from backend.ingest import iter_fiscal_stream
from backend.ingest.sniff import STATEMENT_KINDS
from backend.reconciliation import (
    Document,
    DocumentRef,
    EngineConfig,
    Match,
    MatchStatus,
    ReconcileResult,
    RulesError,
    RuleSet,
    load_rules,
    reconcile,
)
from backend.reconciliation.adapters import (
    AdaptedTransaction,
    align_liquidation_accounts,
    document_sides,
    statement_transactions,
    valid_company_id,
)
from backend.reconciliation.serialize import match_object
from backend.statements import parse_statement

EXIT_OK = 0
EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A bad argument: an invalid --company or an unreadable or invalid --rules file."""


@dataclass
class Inputs:
    """Everything read from the paths: engine inputs, and what stderr must report."""

    documents: list[Document] = field(default_factory=list)
    transactions: list[AdaptedTransaction] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Collected:
    fiscal: list[tuple[FiscalDocument, dict[str, Any]]] = field(default_factory=list)
    events: list[FiscalEvent] = field(default_factory=list)
    transactions: list[AdaptedTransaction] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def company_ids(values: Iterable[str]) -> frozenset[str]:
    """The tenant's CNPJs/CPFs (formatted or not, alphanumeric CNPJ accepted)."""
    ids = set()
    for value in values:
        cleaned = valid_company_id(value)
        if cleaned is None:
            raise UsageError(f"--company {value!r} is not a valid CNPJ or CPF")
        ids.add(cleaned)
    return frozenset(ids)


def read_rules(path: str | None) -> RuleSet | None:
    """The rules file: YAML when named ``.yaml``/``.yml``, else JSON."""
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--rules {path}: {exc}") from exc
    fmt: Literal["json", "yaml"] = "yaml" if path.lower().endswith((".yaml", ".yml")) else "json"
    syntax_errors: tuple[type[Exception], ...] = ()
    if fmt == "yaml":
        try:
            # PyYAML is untyped and optional (see docs/reconciliation.md): loaded by name.
            syntax_errors = (importlib.import_module("yaml").YAMLError,)
        except ImportError as exc:
            raise UsageError(f"--rules {path}: YAML rules need PyYAML") from exc
    try:
        return load_rules(text, fmt=fmt)
    except RulesError as exc:
        raise UsageError(f"--rules {path}: " + "; ".join(exc.problems)) from exc
    except syntax_errors as exc:
        raise UsageError(f"--rules {path}: {exc}") from exc


def _read_statement(data: bytes, file: str, member: str | None, into: _Collected) -> None:
    label = f"{file}!{member}" if member else file
    try:
        result = parse_statement(data, filename=label)
    except ParseError as error:
        into.errors.append(error_record(locate_error(error, file, member)))
        return
    into.transactions.extend(statement_transactions(result.transactions, result.titles))
    into.errors.extend(error_record(locate_error(e, file, member)) for e in result.skipped)


def _read_file(path: Path, into: _Collected) -> None:
    file = str(path)
    with path.open("rb") as stream:
        for result in iter_fiscal_stream(stream, filename=file):
            if result.error is not None:
                into.errors.append(error_record(locate_error(result.error, file, result.member)))
            elif result.kind in STATEMENT_KINDS and result.data is not None:
                _read_statement(result.data, file, result.member, into)
            for record in result.records:
                if isinstance(record, FiscalEvent):
                    into.events.append(record)
                else:
                    into.fiscal.append((record, {"file": file, "member": result.member}))


def read_inputs(paths: Iterable[str], own: frozenset[str]) -> Inputs:
    """Read every path, apply events to documents, adapt both sides for the engine.

    The same document read twice (or its DANFE next to its XML) counts once: the XML
    wins over the PDF rendering, then the first one read. The same statement line read
    twice (overlapping exports of one account) has the same fingerprint and counts once.
    """
    collected = _Collected()
    read: set[Path] = set()
    for item in iter_input_files(paths):
        if isinstance(item, ParseError):
            collected.errors.append(error_record(item))
        elif item.resolve() not in read:  # a file named twice (both flags) is read once
            read.add(item.resolve())
            _read_file(item, collected)
    inputs = Inputs(errors=collected.errors)
    docs = [doc for doc, _ in collected.fiscal]
    sources = [source for _, source in collected.fiscal]
    seen: set[str] = set()
    # XML first, so a DANFE of a key already read from its XML is the duplicate.
    order = sorted(range(len(docs)), key=lambda i: (docs[i].kind is DocumentKind.DANFE, i))
    updated = apply_events(docs, collected.events)
    for index in order:
        adapted = document_sides(updated[index], own)
        if adapted.key is not None and adapted.key in seen:
            continue
        if adapted.key is not None:
            seen.add(adapted.key)
        if adapted.skipped is not None:
            inputs.warnings.append(
                {
                    "type": "warning",
                    "kind": "warning",
                    "code": adapted.skipped.value,
                    "message": _SKIP_MESSAGES[adapted.skipped.value],
                    "document": adapted.key,
                    "location": sources[index],
                }
            )
        inputs.documents.extend(adapted.sides)
    unique: dict[str, AdaptedTransaction] = {}
    for tx in collected.transactions:
        unique.setdefault(tx.tx.id, tx)
    inputs.transactions = align_liquidation_accounts(list(unique.values()))
    return inputs


_SKIP_MESSAGES = {
    "DOCUMENT_NOT_OF_COMPANY": "documento não emitido nem recebido pelas empresas informadas",
    "DOCUMENT_BETWEEN_OWN_CNPJS": "documento entre CNPJs da própria empresa",
    "DOCUMENT_WITHOUT_ISSUE_DATE": "documento sem data de emissão",
    "DOCUMENT_WITHOUT_KEY": "documento sem chave de acesso, emitente ou número",
    "DOCUMENT_WITHOUT_AMOUNT": "documento sem valor a pagar",
}


class _Printer:
    """The result's jsonl objects, with engine transaction ids shown as ``parse`` prints them."""

    def __init__(self, inputs: Inputs) -> None:
        self.tx = {a.tx.id: a for a in inputs.transactions}
        self.docs = {d.ref: d for d in inputs.documents}

    def _ref(self, ref: DocumentRef) -> dict[str, Any]:
        return {"key": ref.key, "installment": ref.installment}

    def _printed(self, tx_id: str) -> str:
        return self.tx[tx_id].printed_id

    def match(self, match: Match) -> dict[str, Any]:
        line = match_object(match)
        line["transactions"] = [self._printed(t) for t in match.transactions]
        line["fingerprints"] = list(match.transactions)
        for allocation in line["allocations"]:
            allocation["fingerprint"] = allocation["transaction"]
            allocation["transaction"] = self._printed(allocation["transaction"])
        return line

    def document(self, ref: DocumentRef) -> dict[str, Any]:
        doc = self.docs[ref]
        return {
            "type": "unmatched_document",
            "document": self._ref(ref),
            "direction": doc.direction.value,
            "amount": str(doc.balance),
            "due_date": doc.expected_date.isoformat(),
            "counterparty": {"document": doc.counterparty_tax_id, "name": doc.counterparty_name},
        }

    def transaction(self, tx_id: str, line_type: str = "unmatched_transaction") -> dict[str, Any]:
        adapted = self.tx[tx_id]
        tx = adapted.tx
        return {
            "type": line_type,
            "transaction": adapted.printed_id,
            "fingerprint": tx_id,
            "account": tx.account_id,
            "posted_on": tx.posted_on.isoformat(),
            "amount": str(tx.amount),
            "description": tx.memo,
        }

    def lines(self, result: ReconcileResult) -> Iterator[dict[str, Any]]:
        for match in result.matches:
            yield self.match(match)
        for aside in result.set_aside_transactions:
            line = self.transaction(aside.item, "set_aside_transaction")
            line["ledger_account"] = aside.ledger_account
            line["rule_id"] = aside.rule_id
            line["reasons"] = [{"code": r.code, "message": r.message} for r in aside.reasons]
            yield line
        by_label = {str(ref): ref for ref in self.docs}
        for aside in result.set_aside_documents:
            yield {
                "type": "set_aside_document",
                "document": self._ref(by_label[aside.item]),
                "reasons": [{"code": r.code, "message": r.message} for r in aside.reasons],
            }
        for ref in result.unmatched_documents:
            yield self.document(ref)
        for tx_id in result.unmatched_transactions:
            yield self.transaction(tx_id)


_SUMMARY = (
    "Matched",
    "Documents with a suggestion",
    "Open documents",
    "Unmatched transactions",
    "Transactions set aside",
    "Cancelled/denied documents",
)


def _open_document_order(doc: Document) -> tuple[date, str, str, Decimal, tuple[str, str]]:
    """Open documents are listed by due date, counterparty (name, then CNPJ/CPF), amount.

    The key and installment break the remaining ties, so the order never depends on the
    order the files were read in.
    """
    name = (doc.counterparty_name or "").casefold()
    return (doc.expected_date, name, doc.counterparty_tax_id or "", doc.balance, doc.ref.sort_key)


def _counterparty(doc: Document) -> str:
    tax_id = format_tax_id(doc.counterparty_tax_id) if doc.counterparty_tax_id else None
    if doc.counterparty_name and tax_id:
        return f"{doc.counterparty_name} ({tax_id})"
    return doc.counterparty_name or tax_id or "-"


def _table(inputs: Inputs, result: ReconcileResult, out: TextIO, fmt: Formatter) -> None:
    """The report: counts and amounts, each match or suggestion, the open and unmatched."""
    docs = {d.ref: d for d in inputs.documents}
    txs = {a.tx.id: a for a in inputs.transactions}
    counts: Counter[str] = Counter()
    amounts: dict[str, Decimal] = {}

    def add(label: str, amount: Decimal) -> None:
        counts[label] += 1
        amounts[label] = amounts.get(label, Decimal("0")) + amount

    matched_refs = {ref for m in result.matched for ref in m.documents}
    suggested_refs: set[DocumentRef] = set()
    for m in result.matches:
        if m.status is MatchStatus.MATCHED:
            add("Matched", sum((a.amount for a in m.allocations), Decimal("0")))
        else:
            suggested_refs.update(r for r in m.documents if r not in matched_refs)
    for ref in suggested_refs:
        add("Documents with a suggestion", docs[ref].balance)
    for ref in result.unmatched_documents:
        add("Open documents", docs[ref].balance)
    for tx_id in result.unmatched_transactions:
        add("Unmatched transactions", txs[tx_id].tx.magnitude)
    for aside in result.set_aside_transactions:
        add("Transactions set aside", txs[aside.item].tx.magnitude)
    by_label = {str(ref): doc for ref, doc in docs.items()}
    for aside in result.set_aside_documents:
        add("Cancelled/denied documents", by_label[aside.item].amount)

    out.write(fmt.text("Reconciliation") + "\n")
    summary = [["", fmt.text("count"), fmt.text("amount")]]
    summary += [
        [fmt.text(label), fmt.count(counts[label]), fmt.money(amounts.get(label, Decimal(0)))]
        for label in _SUMMARY
    ]
    out.write(aligned(summary, right=frozenset({1, 2})))
    suggestions = len(result.matches) - len(result.matched)
    out.write(f"{fmt.text('Suggestions listed')}: {fmt.count(suggestions)}\n")

    for m in result.matches:
        if m.status is MatchStatus.MATCHED:
            status = fmt.text("MATCHED")
        else:
            status = f"{fmt.text('SUGGESTION')} #{m.rank}"
        documents = ", ".join(str(r) for r in m.documents)
        transactions = ", ".join(txs[t].printed_id for t in m.transactions)
        # The engine's reason messages are pt-BR; in English the stable codes stand in.
        reasons = "; ".join(r.message if fmt.locale == "pt-BR" else r.code for r in m.reasons)
        out.write(
            f"\n{status}  {fmt.percent(m.score)}  {fmt.text('difference')} "
            f"{fmt.money(m.difference)}\n"
            f"  {fmt.text('documents')}: {documents}\n"
            f"  {fmt.text('transactions')}: {transactions}\n"
            f"  {fmt.text('reasons')}: {reasons}\n"
        )
    if result.unmatched_documents:
        _open_documents([docs[ref] for ref in result.unmatched_documents], out, fmt)
    if result.unmatched_transactions:
        _unmatched_transactions([txs[t] for t in result.unmatched_transactions], out, fmt)


def _open_documents(open_docs: list[Document], out: TextIO, fmt: Formatter) -> None:
    """The open documents' table, in :func:`_open_document_order`."""
    open_docs = sorted(open_docs, key=_open_document_order)
    out.write(
        f"\n{fmt.text('Open documents')} ({fmt.text('by due date, counterparty and amount')})\n"
    )
    rows = [
        [
            fmt.text(heading)
            for heading in (
                "due date",
                "direction",
                "number",
                "installment",
                "amount",
                "counterparty",
                "access key",
            )
        ]
    ]
    rows += [
        [
            fmt.date(doc.expected_date),
            fmt.text(doc.direction.value),
            doc.number or "-",
            doc.installment or "-",
            fmt.money(doc.balance),
            _counterparty(doc),
            doc.key,
        ]
        for doc in open_docs
    ]
    out.write(aligned(rows, right=frozenset({4})))


def _unmatched_transactions(
    unmatched: list[AdaptedTransaction], out: TextIO, fmt: Formatter
) -> None:
    """The unmatched transactions' table, by date, signed amount and printed id."""
    unmatched = sorted(
        unmatched, key=lambda a: (a.tx.posted_on, a.tx.amount, a.printed_id, a.tx.id)
    )
    out.write(f"\n{fmt.text('Unmatched transactions')} ({fmt.text('by date, amount and id')})\n")
    rows = [[fmt.text(h) for h in ("date", "id", "amount", "description")]]
    rows += [
        [fmt.date(a.tx.posted_on), a.printed_id, fmt.money(a.tx.amount), a.tx.memo]
        for a in unmatched
    ]
    out.write(aligned(rows, right=frozenset({2})))


def run(
    documents: list[str],
    statements: list[str],
    companies: list[str],
    *,
    rules: str | None = None,
    fmt: str = "jsonl",
    locale: Locale = DEFAULT_LOCALE,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Reconcile; return 0, 1 when an input failed to parse, 2 on bad arguments.

    ``locale`` only affects ``fmt="table"``: jsonl is a machine format.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        own = company_ids(companies)
        rule_set = read_rules(rules)
    except UsageError as exc:
        err.write(f"conciliacontag reconcile: {exc}\n")
        return EXIT_USAGE
    inputs = read_inputs([*documents, *statements], own)
    for problem in [*inputs.errors, *inputs.warnings]:
        err.write(json.dumps(problem, ensure_ascii=False) + "\n")
    result = reconcile(
        inputs.documents,
        [a.tx for a in inputs.transactions],
        config=EngineConfig(own_tax_ids=own),
        rules=rule_set,
    )
    if fmt == "table":
        _table(inputs, result, out, Formatter(locale))
    else:
        for line in _Printer(inputs).lines(result):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_INPUT_ERRORS if inputs.errors else EXIT_OK
