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
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO

from backend.commands.parse import (
    error_record,
    iter_input_files,
    locate_error,  # the same relocation of member errors as `parse`, so errors print alike
)
from backend.core.errors import ParseError
from backend.fiscal.events import apply_events
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


def _brl(value: Decimal) -> str:
    """``1234.5`` → ``R$ 1.234,50``."""
    text = f"{abs(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{'-' if value < 0 else ''}R$ {text}"


def _percent(score: float) -> str:
    """``0.9933`` → ``99,3 %``."""
    return f"{score * 100:.1f} %".replace(".", ",")


def _table(inputs: Inputs, result: ReconcileResult, out: TextIO) -> None:
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
            add("Conciliados", sum((a.amount for a in m.allocations), Decimal("0")))
        else:
            suggested_refs.update(r for r in m.documents if r not in matched_refs)
    for ref in sorted(suggested_refs, key=lambda r: r.sort_key):
        add("Documentos com sugestão", docs[ref].balance)
    for ref in result.unmatched_documents:
        add("Documentos em aberto", docs[ref].balance)
    for tx_id in result.unmatched_transactions:
        add("Lançamentos sem par", txs[tx_id].tx.magnitude)
    for aside in result.set_aside_transactions:
        add("Lançamentos separados", txs[aside.item].tx.magnitude)
    by_label = {str(ref): doc for ref, doc in docs.items()}
    for aside in result.set_aside_documents:
        add("Documentos cancelados/denegados", by_label[aside.item].amount)
    out.write("Conciliação\n")
    out.write(f"{'':<34}{'quantidade':>12}{'valor':>22}\n")
    for label in (
        "Conciliados",
        "Documentos com sugestão",
        "Documentos em aberto",
        "Lançamentos sem par",
        "Lançamentos separados",
        "Documentos cancelados/denegados",
    ):
        out.write(f"{label:<34}{counts[label]:>12}{_brl(amounts.get(label, Decimal(0))):>22}\n")
    out.write(f"Sugestões listadas: {len(result.matches) - len(result.matched)}\n")
    for m in result.matches:
        status = "CONCILIADO" if m.status is MatchStatus.MATCHED else f"SUGESTÃO #{m.rank}"
        documents = ", ".join(str(r) for r in m.documents)
        transactions = ", ".join(txs[t].printed_id for t in m.transactions)
        reasons = "; ".join(r.message for r in m.reasons)
        out.write(
            f"\n{status}  {_percent(m.score)}  diferença {_brl(m.difference)}\n"
            f"  documentos: {documents}\n  lançamentos: {transactions}\n  motivos: {reasons}\n"
        )
    for ref in result.unmatched_documents:
        doc = docs[ref]
        out.write(f"\nEM ABERTO  {ref}  {_brl(doc.balance)}  venc. {doc.expected_date:%d/%m/%Y}\n")
    for tx_id in result.unmatched_transactions:
        tx = txs[tx_id].tx
        out.write(
            f"\nSEM PAR  {txs[tx_id].printed_id}  {tx.posted_on:%d/%m/%Y}  {_brl(tx.amount)}  "
            f"{tx.memo}\n"
        )


def run(
    documents: list[str],
    statements: list[str],
    companies: list[str],
    *,
    rules: str | None = None,
    fmt: str = "jsonl",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Reconcile; return 0, 1 when an input failed to parse, 2 on bad arguments."""
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
        _table(inputs, result, out)
    else:
        for line in _Printer(inputs).lines(result):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_INPUT_ERRORS if inputs.errors else EXIT_OK
