"""Turning an uploaded file into stored documents and transactions.

A file is read once, as a stream of *units*: the file itself, or each member of
an archive (nested archives flattened one level). Units are handled in chunks;
each chunk is one transaction that records the members as child files, parses
them, and persists documents, events and transactions in bulk. The activity
commits chunk by chunk and checkpoints how many units are done, so a crash
resumes where it stopped, and every write is idempotent, so nothing is stored
twice. Bad input never raises: it becomes the unit's failure (code, message,
location) and the other units go on; so does a reader that crashes, or a unit the
database refuses (see ``backend.ingestion.failures``).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Location, ParseError
from backend.db.enums import FileStatus
from backend.documents import service as documents
from backend.files import service as files
from backend.files.models import File
from backend.fiscal.model import FiscalDocument, FiscalEvent
from backend.ingest import iter_fiscal
from backend.ingest.archives import Member, iter_zip
from backend.ingest.limits import DEFAULT_LIMITS, Limits
from backend.ingest.sniff import STATEMENT_KINDS, Kind, sniff
from backend.ingestion.failures import Failure, reader_failed
from backend.ingestion.search_entries import document_entry, transaction_entry
from backend.search import SearchEntry
from backend.statements import parse_statement
from backend.statements.model import StatementParseResult
from backend.storage import ObjectStore
from backend.tenancy import service as tenancy
from backend.transactions import service as transactions

SPOOL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Unit:
    """One thing to parse: a whole file (``name`` None) or an archive member."""

    name: str | None
    data: bytes | None = None
    error: ParseError | None = None


@dataclass(slots=True)
class ChunkOutcome:
    """What a chunk stored."""

    documents: int = 0
    transactions: int = 0
    errors: int = 0
    skipped: int = 0


@dataclass(slots=True)
class _Parsed:
    """One unit's parse results, before persistence."""

    file: File
    documents: list[FiscalDocument] = field(default_factory=list)
    events: list[FiscalEvent] = field(default_factory=list)
    statements: list[StatementParseResult] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)


def is_archive(file: File) -> bool:
    """True when the file is a ZIP whose members are the units."""
    return file.detected_kind == Kind.ZIP.value and file.parent_id is None


async def _spool(store: ObjectStore, key: str) -> BinaryIO:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - caller closes
    async for chunk in store.get(key):
        spool.write(chunk)
    spool.seek(0)
    return cast(BinaryIO, spool)


def _flatten(members: Iterator[Member], limits: Limits) -> Iterator[Unit]:
    for member in members:
        if member.data is not None and sniff(member.data[:4]) is Kind.ZIP:
            for inner in iter_zip(member.data, prefix=f"{member.name}/", limits=limits):
                if inner.data is not None and sniff(inner.data[:4]) is Kind.ZIP:
                    error = ParseError(
                        "ARCHIVE_TOO_DEEP",
                        "archives nested more than one level deep are not opened",
                        Location(member=inner.name),
                    )
                    yield Unit(inner.name, error=error)
                else:
                    yield Unit(inner.name, inner.data, inner.error)
        else:
            yield Unit(member.name, member.data, member.error)


async def read_object(store: ObjectStore, key: str, limit: int) -> bytes:
    """The whole object, refusing more than ``limit`` bytes."""
    data = bytearray()
    async for chunk in store.get(key):
        data.extend(chunk)
        if len(data) > limit:
            raise ParseError(
                "FILE_TOO_LARGE",
                f"the file exceeds the limit of {limit} bytes",
                Location(),
                details={"limit": limit},
            )
    return bytes(data)


async def units(
    store: ObjectStore, file: File, max_bytes: int, limits: Limits = DEFAULT_LIMITS
) -> AsyncIterator[Unit]:
    """The file's units in a stable order (archive order for members)."""
    if not is_archive(file):
        try:
            data = await read_object(store, file.storage_key, max_bytes)
        except ParseError as error:
            yield Unit(None, error=error)
            return
        yield Unit(None, data)
        return
    spool = await _spool(store, file.storage_key)
    try:
        for unit in _flatten(iter_zip(spool, limits=limits), limits):
            yield unit
    finally:
        spool.close()


def _location(target: File) -> Location:
    if target.archive_member is not None:
        return Location(member=target.archive_member)
    return Location(file=target.original_name)


def _parse(target: File, data: bytes) -> _Parsed:
    """Pure: a unit's bytes into documents, events, statements and errors.

    A reader that raises anything but a ParseError fails the whole unit (what it
    yielded before is not trusted) and the other units go on.
    """
    try:
        return _read(target, data)
    except Exception as error:
        return _Parsed(file=target, errors=[reader_failed(error, _location(target))])


def _read(target: File, data: bytes) -> _Parsed:
    parsed = _Parsed(file=target)
    name = target.archive_member or target.original_name
    for result in iter_fiscal(data, filename=name):
        if result.error is not None:
            parsed.errors.append(result.error)
            continue
        if result.kind in STATEMENT_KINDS and result.data is not None:
            try:
                parsed.statements.append(parse_statement(result.data, filename=name))
            except ParseError as error:
                parsed.errors.append(error)
        for record in result.records:
            if isinstance(record, FiscalDocument):
                parsed.documents.append(record)
            else:
                parsed.events.append(record)
    return parsed


async def _targets(
    session: AsyncSession, file: File, chunk: Sequence[Unit], outcome: ChunkOutcome
) -> list[tuple[File, bytes]]:
    """Child rows for the chunk's members; the (file, bytes) pairs that still need parsing."""
    if not is_archive(file):
        unit = chunk[0]
        if unit.error is not None or not unit.data:
            error = unit.error or ParseError("EMPTY_FILE", "the file is empty", Location())
            await files.mark_failed(session, file.id, error)
            outcome.errors += 1
            return []
        return [(file, unit.data)]
    readable: list[tuple[str, bytes]] = []
    for unit in chunk:
        if not unit.name and unit.error is not None:
            # The archive itself cannot be read: that is the file's failure.
            await files.mark_failed(session, file.id, unit.error)
            outcome.errors += 1
            return []
        name = unit.name or "member"
        if unit.error is not None or not unit.data:
            error = unit.error or ParseError(
                "EMPTY_FILE", "the member is empty", Location(member=name)
            )
            await files.record_rejected_member(session, file, name, error)
            outcome.errors += 1
        else:
            readable.append((name, unit.data))
    registered = await files.register_members(session, file, readable)
    todo: list[tuple[File, bytes]] = []
    for (child, created), (_, data) in zip(registered, readable, strict=True):
        if not created and child.status in (FileStatus.PROCESSED.value, FileStatus.FAILED.value):
            outcome.skipped += 1  # the same bytes were already ingested
        else:
            todo.append((child, data))
    # Identical members within one chunk resolve to one file: parse it once.
    return list({child.id: (child, data) for child, data in todo}.values())


async def process_chunk(session: AsyncSession, file: File, chunk: Sequence[Unit]) -> ChunkOutcome:
    """Record, parse and persist one chunk of units in the caller's transaction, in bulk."""
    outcome = ChunkOutcome()
    parsed = [
        _parse(target, data) for target, data in await _targets(session, file, chunk, outcome)
    ]
    failed = [
        unit
        for unit in parsed
        if unit.errors and not (unit.documents or unit.events or unit.statements)
    ]
    for unit in failed:
        await files.mark_failed(session, unit.file.id, unit.errors[0])
        outcome.errors += len(unit.errors)
    good = [unit for unit in parsed if unit not in failed]
    fiscal = await documents.persist_fiscal(
        session,
        organization_id=file.organization_id,
        documents=[(unit.file.id, d) for unit in good for d in unit.documents],
        events=[(unit.file.id, e) for unit in good for e in unit.events],
        own_tax_ids=await tenancy.company_ids_by_tax_id(session),
    )
    results: list[dict[str, object]] = []
    for unit in good:
        new_transactions = 0
        for statement in unit.statements:
            stats = await transactions.persist_statement(
                session,
                organization_id=file.organization_id,
                file_id=unit.file.id,
                result=statement,
            )
            new_transactions += stats.transactions
        errors = len(unit.errors) + sum(s.skipped_count for s in unit.statements)
        results.append(
            {
                "id": unit.file.id,
                "documents": len(unit.documents),
                "transactions": new_transactions,
                "errors": errors,
                "warnings": fiscal.warnings.get(unit.file.id, []),
            }
        )
        outcome.documents += len(unit.documents)
        outcome.transactions += new_transactions
        outcome.errors += errors
    await files.mark_results(session, results)
    return outcome


async def record_unit_failure(
    session: AsyncSession, file: File, unit: Unit, failure: Failure
) -> None:
    """Record why the database refused one unit: on the file, or on its archive member."""
    if not is_archive(file):
        await files.mark_failed(session, file.id, failure.as_parse_error(_location(file)))
        return
    name = unit.name or "member"
    error = failure.as_parse_error(Location(member=name))
    if not unit.data:
        await files.record_rejected_member(session, file, name, error)
        return
    [(child, _)] = await files.register_members(session, file, [(name, unit.data)])
    await files.mark_failed(session, child.id, error)


async def start(session: AsyncSession, file_id: uuid.UUID) -> File:
    """Mark the file processing (a reprocess starts its counters from zero)."""
    return await files.start_processing(session, file_id)


async def search_entries(session: AsyncSession, file_id: uuid.UUID) -> list[SearchEntry]:
    """Entries for everything the file (and its members) stored."""
    family = await files.family_ids(session, file_id)
    entries = [document_entry(d) for d in await documents.stored_for_files(session, family)]
    entries.extend(
        transaction_entry(t) for t in await transactions.stored_for_files(session, family)
    )
    return entries


async def finish(session: AsyncSession, file_id: uuid.UUID) -> File:
    """Apply cancellations, roll an archive's counters up, and close the file."""
    file = await files.get_file(session, file_id)
    await documents.apply_cancellations(session, file.organization_id)
    if file.status == FileStatus.FAILED.value:
        return file
    if is_archive(file):
        await files.roll_up_members(session, file_id)
        return await files.mark_processed(session, file_id)
    return file
