"""The package's entry point: bytes in, ``StatementParseResult`` out."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from operator import attrgetter
from typing import TypeVar

from backend.core.errors import Location, ParseError
from backend.statements.cnab240 import parse_cnab240
from backend.statements.cnab400 import parse_cnab400
from backend.statements.csv_parser import parse_csv
from backend.statements.detect import detect_statement_format
from backend.statements.model import (
    CnabTitle,
    SourceFormat,
    Statement,
    StatementParseResult,
    Transaction,
)
from backend.statements.ofx_parser import parse_ofx
from backend.statements.problems import Problems
from backend.statements.text import ascii_encoding, decode

MAX_STATEMENT_BYTES = 64 * 1024 * 1024
_Source = TypeVar("_Source", str, bytes)
_STATEMENT_INDEX = attrgetter("statement_index")
_POSTED_ON = attrgetter("posted_on")


def parse_statement(
    data: bytes, *, filename: str | None = None, profile: str | None = None
) -> StatementParseResult:
    """Parse an OFX, CNAB 240/400 or CSV statement.

    ``profile`` names a CSV profile (see ``csv_profiles.PROFILES``) and forces CSV;
    without it the format and the profile are detected. Raises ``ParseError`` when the
    file as a whole cannot be read; bad lines are skipped and listed in the result.
    ``filename`` helps detection (a ``.csv``/``.txt`` name) and is put in the
    ``Location.file`` of every error and warning.
    """
    try:
        with _gc_paused():
            return _parse(data, filename, profile)
    except ParseError as error:
        if filename is None or error.location.file is not None:
            raise
        raise _with_file(error, filename) from None


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off while one file is parsed.

    A parse builds hundreds of thousands of long-lived objects (transactions, titles)
    and no reference cycles; with the collector on, it rescans them again and again as
    they pile up, about a fifth of the parse time. Reference counting still frees
    everything as usual. The switch is process-wide: the collector resumes (if it was
    on) as soon as the parse ends, error or not, and another thread's garbage merely
    waits that long.

    After a successful parse, the objects it built go straight to the oldest
    generation (``gc.freeze`` then ``gc.unfreeze``: two list splices). They are the
    result, alive by construction; left in the youngest generation, the collector's
    first pass would walk every one of them only to find them alive (a third of a CNAB
    parse's time). Other young objects of the process are promoted with them, so any
    garbage cycle among those waits for a full collection. Skipped when the process
    froze objects of its own (``gc.freeze`` before forking workers): ``gc.unfreeze``
    would release them too.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
    finally:
        gc.enable()


def _with_file(error: ParseError, filename: str) -> ParseError:
    extra = {k: v for k, v in error.details.items() if k != "location"}
    return ParseError(
        error.code, error.message, replace(error.location, file=filename), details=extra
    )


def _parse(data: bytes, filename: str | None, profile: str | None) -> StatementParseResult:
    if len(data) > MAX_STATEMENT_BYTES:
        raise ParseError(
            "FILE_TOO_LARGE",
            f"The file has {len(data)} bytes; the limit is {MAX_STATEMENT_BYTES}",
            details={"limit": MAX_STATEMENT_BYTES, "size": len(data)},
        )
    # Not ``data.strip()``, which would copy the whole file to test it.
    if not data or data.isspace():
        raise ParseError("EMPTY_FILE", "The file is empty", Location(line=1))
    detected = "csv" if profile is not None else detect_statement_format(data, filename)
    if detected is None:
        raise ParseError(
            "UNRECOGNIZED_FORMAT",
            "The file is not OFX, CNAB 240, CNAB 400 or a delimited (CSV) export",
            Location(line=1),
        )
    fmt = SourceFormat(detected)
    problems = Problems(filename)
    if fmt is SourceFormat.CNAB240 or fmt is SourceFormat.CNAB400:
        # The CNAB readers take ASCII bytes as they are, without building the text.
        encoding = ascii_encoding(data)
        source: str | bytes
        if encoding is None:
            text, encoding = decode(data)
            source = _blank_nul(text, problems)
        else:
            source = _blank_nul(data, problems)
        if fmt is SourceFormat.CNAB240:
            cnab = parse_cnab240(source, problems)
            return _result(fmt, encoding, problems, cnab.statements, cnab.transactions, cnab.titles)
        c400 = parse_cnab400(source, problems)
        return _result(
            fmt,
            encoding,
            problems,
            c400.statements,
            c400.transactions,
            c400.titles,
            details={"layout": c400.layout},
        )
    text, encoding = decode(data)
    if fmt is SourceFormat.OFX:
        statements, transactions = parse_ofx(_blank_nul(text, problems), problems)
        return _result(fmt, encoding, problems, statements, transactions)
    table = parse_csv(text, problems, profile)
    return _result(
        fmt,
        encoding,
        problems,
        table.statements,
        table.transactions,
        profile=table.profile,
        details=table.details,
    )


def _blank_nul(source: _Source, problems: Problems) -> _Source:
    """NUL as spaces (column positions kept), with one warning where the first was.

    PostgreSQL text cannot hold U+0000, and banks pad records with it. CSV is not
    blanked: a row holding a NUL is skipped (BAD_ROW) by the CSV reader. Files made
    mostly of NULs were already refused as binary by the decoding step.
    """
    if isinstance(source, str):
        first, count = source.find("\x00"), source.count("\x00")
        line = source.count("\n", 0, first) + 1
    else:
        first, count = source.find(b"\x00"), source.count(b"\x00")
        line = source.count(b"\n", 0, first) + 1
    if first < 0:
        return source
    problems.warn("NUL_BYTES", f"{count} NUL bytes were read as spaces", line=line)
    if isinstance(source, str):
        return source.replace("\x00", " ")
    return source.replace(b"\x00", b" ")


def _with_periods(
    statements: Sequence[Statement], transactions: Sequence[Transaction]
) -> tuple[Statement, ...]:
    """Fill a period the file does not state (CNAB) from the entries' dates."""
    if all(s.start is not None or s.end is not None for s in statements):
        return tuple(statements)
    days: dict[int, list[date]] = {}
    indexes = set(map(_STATEMENT_INDEX, transactions))
    if len(indexes) == 1:
        # Every entry in one statement, as usual: no grouping, one pass in C.
        days[indexes.pop()] = list(map(_POSTED_ON, transactions))
    else:
        for tx in transactions:
            days.setdefault(tx.statement_index, []).append(tx.posted_on)
    filled = []
    for statement in statements:
        seen = days.get(statement.index)
        if statement.start is None and statement.end is None and seen:
            statement = replace(statement, start=min(seen), end=max(seen))
        filled.append(statement)
    return tuple(filled)


def _result(
    fmt: SourceFormat,
    encoding: str,
    problems: Problems,
    statements: Sequence[Statement],
    transactions: Sequence[Transaction],
    titles: Sequence[CnabTitle] = (),
    *,
    profile: str | None = None,
    details: dict[str, str] | None = None,
) -> StatementParseResult:
    if not transactions and not titles and not problems.skipped_count:
        # A recognised file that yields nothing must say so. A statement (an account and
        # its period, balances perhaps) without movement is a warning; a file that gave
        # not even a statement is refused (the CNAB readers refuse theirs with what they
        # found).
        if not statements:
            raise ParseError(
                "NO_ENTRIES",
                f"The {fmt.value} file was recognised but holds no statement and no entry",
                Location(line=1),
            )
        problems.warn(
            "NO_ENTRIES",
            f"The {fmt.value} file holds {len(statements)} statement(s) and no entry"
            + (" (balances only)" if any(s.balances for s in statements) else ""),
            details={"statements": len(statements)},
        )
    return StatementParseResult(
        format=fmt,
        encoding=encoding,
        statements=_with_periods(statements, transactions),
        transactions=tuple(transactions),
        titles=tuple(titles),
        skipped=tuple(problems.skipped),
        skipped_count=problems.skipped_count,
        warnings=tuple(problems.warnings),
        profile=profile,
        details=details or {},
    )
