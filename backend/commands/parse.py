"""``conciliacontag parse``: files, folders and zips in; one JSON object per line out.

Fiscal documents and events come from ``backend.ingest`` (which also unpacks
archives and recognises bank files by content); bank and ledger files go to
``backend.statements``. Every failure is printed as an error object and makes the
exit code non-zero; one bad file or member never stops the others. The contract
is documented in docs/cli.md.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from backend.commands.formatting import DEFAULT_LOCALE, Formatter, Locale, aligned, kind_order
from backend.core.errors import Location, ParseError
from backend.fiscal.serialize import to_jsonable
from backend.ingest import iter_fiscal_stream
from backend.ingest.sniff import STATEMENT_KINDS


def iter_input_files(paths: Iterable[str]) -> Iterator[Path | ParseError]:
    """Files named on the command line, folders walked in name order; missing paths as errors."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            yield ParseError("FILE_NOT_FOUND", f"no such file or folder: {raw}", Location(file=raw))


def error_record(error: ParseError) -> dict[str, Any]:
    """An error line: ``type`` (the fiscal contract) and ``kind`` (the statements one)."""
    return {
        "type": "error",
        "kind": "error",
        "code": error.code,
        "message": error.message,
        "location": error.location.to_dict(),
    }


def _statement_records(data: bytes, file: str, member: str | None) -> Iterator[dict[str, Any]]:
    # The statement parsers are loaded on the first statement: a run over fiscal
    # documents alone starts faster without them (docs/cli.md, start-up).
    from backend.statements import parse_statement
    from backend.statements.serialize import (
        statement_to_dict,
        title_to_dict,
        transaction_to_dict,
    )

    label = f"{file}!{member}" if member else file
    try:
        result = parse_statement(data, filename=label)
    except ParseError as error:
        yield error_record(locate_error(error, file, member))
        return
    for statement in result.statements:
        yield {"type": "statement", **statement_to_dict(statement, label)}
    for tx in result.transactions:
        yield transaction_to_dict(tx, label)
    for title in result.titles:
        yield title_to_dict(title, label)
    for skipped in result.skipped:
        yield error_record(locate_error(skipped, file, member))


def locate_error(error: ParseError, file: str, member: str | None) -> ParseError:
    loc = error.location
    # The input's own name, not the "file!member" label given to the statement parser.
    location = Location(
        file=file,
        member=loc.member or member,
        path=loc.path,
        line=loc.line,
        column=loc.column,
        offset=loc.offset,
        record=loc.record,
    )
    extra = {k: v for k, v in error.details.items() if k not in ("location", "file")}
    return ParseError(error.code, error.message, location, details=extra)


def parse_file(path: Path) -> Iterator[dict[str, Any]]:
    """Every record of one input file (documents, events, transactions, titles, errors)."""
    file = str(path)
    with path.open("rb") as stream:
        for result in iter_fiscal_stream(stream, filename=file):
            source = {"file": file, "member": result.member}
            if result.error is not None:
                yield error_record(locate_error(result.error, file, result.member))
            elif result.kind in STATEMENT_KINDS and result.data is not None:
                yield from _statement_records(result.data, file, result.member)
            for record in result.records:
                payload = to_jsonable(record)
                payload["source"] = source
                yield payload


def records(paths: Iterable[str]) -> Iterator[dict[str, Any]]:
    """All records of all inputs, in input order."""
    for item in iter_input_files(paths):
        if isinstance(item, ParseError):
            yield error_record(item)
        else:
            yield from parse_file(item)


@dataclass
class _Summary:
    counts: Counter[str] = field(default_factory=Counter)
    amounts: dict[str, Decimal] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any]) -> None:
        kind = str(record.get("kind"))
        self.counts[kind] += 1
        if kind == "error":
            self.errors.append(record)
        elif kind == "transaction":
            self._sum("transactions", record["amount"])
        elif record.get("type") == "document":
            self._sum(kind, record["totals"]["total"])

    def _sum(self, key: str, amount: str) -> None:
        self.amounts[key] = self.amounts.get(key, Decimal("0")) + Decimal(amount)


def _table(summary: _Summary, out: TextIO, fmt: Formatter) -> None:
    """Counts and totals per kind (documents, events, bank files, errors), then each error."""
    rows = [[fmt.text("kind"), fmt.text("count"), fmt.text("total amount")]]
    for kind, count in sorted(summary.counts.items(), key=lambda item: kind_order(item[0])):
        amount = summary.amounts.get("transactions" if kind == "transaction" else kind)
        rows.append([fmt.kind(kind), fmt.count(count), "" if amount is None else fmt.money(amount)])
    out.write(aligned(rows, right=frozenset({1, 2})))
    for error in summary.errors:
        where = ", ".join(f"{fmt.text(k)}={v}" for k, v in error["location"].items())
        out.write(f"{fmt.text('ERROR')} {error['code']}: {error['message']} ({where})\n")


def run(
    paths: list[str], fmt: str, out: TextIO | None = None, locale: Locale = DEFAULT_LOCALE
) -> int:
    """Print the records of ``paths``; return 1 if any input failed, else 0.

    ``locale`` only affects ``fmt="table"``: jsonl is a machine format.
    """
    out = out or sys.stdout
    summary = _Summary()
    for record in records(paths):
        summary.add(record)
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if fmt == "table":
        _table(summary, out, Formatter(locale))
    return 1 if summary.errors else 0
