"""Turning an uploaded file into stored documents and transactions.

The Temporal activities drive these steps and own the transactions: an archive
is expanded into member files (one short transaction per member, so a crash
loses nothing already stored), members are processed in batches (one
transaction per member), and the file is finished (cancellations applied,
counters rolled up). Every step is idempotent, so retries and reprocessing never
duplicate anything.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
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
from backend.ingestion.search_entries import document_entry, transaction_entry
from backend.search import SearchEntry
from backend.statements import parse_statement
from backend.storage import ObjectStore
from backend.tenancy import service as tenancy
from backend.transactions import service as transactions

SPOOL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    """What processing one file (or archive member) produced."""

    documents: int
    transactions: int
    errors: int
    failed: ParseError | None = None


def is_archive(file: File) -> bool:
    """True when the file is a ZIP to expand into members."""
    return file.detected_kind == Kind.ZIP.value


async def read_object(store: ObjectStore, key: str, limit: int) -> bytes:
    """The whole object (units are bounded by the per-file limit)."""
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


async def archive_members(
    store: ObjectStore, archive: File, limits: Limits = DEFAULT_LIMITS
) -> AsyncIterator[Member]:
    """The archive's members, nested ZIPs flattened one level, refused ones with their error.

    The archive is spooled to a temporary file (memory up to 16 MiB, then disk) because
    ZIP needs random access; members are inflated one at a time.
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        async for chunk in store.get(archive.storage_key):
            spool.write(chunk)
        spool.seek(0)
        for member in iter_zip(cast(BinaryIO, spool), limits=limits):
            if member.data is not None and sniff(member.data[:4]) is Kind.ZIP:
                nested = iter_zip(member.data, prefix=f"{member.name}/", limits=limits)
                for inner in nested:
                    if inner.data is not None and sniff(inner.data[:4]) is Kind.ZIP:
                        yield Member(
                            name=inner.name,
                            error=ParseError(
                                "ARCHIVE_TOO_DEEP",
                                "archives nested more than one level deep are not opened",
                                Location(member=inner.name),
                            ),
                        )
                    else:
                        yield inner
            else:
                yield member


async def add_member(
    session: AsyncSession, store: ObjectStore, archive: File, member: Member, max_bytes: int
) -> File:
    """Store one member as a child file of the archive (or record why it was refused)."""
    if member.error is not None or not member.data:
        error = member.error or ParseError(
            "EMPTY_FILE", "the member is empty", Location(member=member.name)
        )
        return await files.record_rejected_member(session, archive, member.name, error)

    async def chunks() -> AsyncIterator[bytes]:
        yield member.data or b""

    staged = await files.stage_upload(
        store,
        chunks(),
        organization_id=archive.organization_id,
        uploaded_by=archive.uploaded_by,
        filename=member.name,
        content_type=None,
        max_bytes=max_bytes,
        parent_id=archive.id,
    )
    return (await files.register_upload(session, store, staged)).file


def _split_records(
    records: list[FiscalDocument | FiscalEvent],
) -> tuple[list[FiscalDocument], list[FiscalEvent]]:
    docs = [r for r in records if isinstance(r, FiscalDocument)]
    events = [r for r in records if isinstance(r, FiscalEvent)]
    return docs, events


async def process_unit(
    session: AsyncSession, store: ObjectStore, unit: File, max_bytes: int
) -> UnitOutcome:
    """Parse one stored file and persist what it holds; record the outcome on its row.

    Bad input is recorded as the unit's failure (never raised); database and storage
    faults propagate so the activity retries.
    """
    try:
        data = await read_object(store, unit.storage_key, max_bytes)
    except ParseError as error:
        await files.mark_failed(session, unit.id, error)
        return UnitOutcome(0, 0, 1, error)
    own = await tenancy.company_ids_by_tax_id(session)
    records: list[FiscalDocument | FiscalEvent] = []
    new_transactions = 0
    errors: list[ParseError] = []
    skipped_lines = 0
    for result in iter_fiscal(data, filename=unit.original_name):
        if result.error is not None:
            errors.append(result.error)
        elif result.kind in STATEMENT_KINDS and result.data is not None:
            try:
                parsed = parse_statement(result.data, filename=unit.original_name)
            except ParseError as error:
                errors.append(error)
                continue
            stats = await transactions.persist_statement(
                session, organization_id=unit.organization_id, file_id=unit.id, result=parsed
            )
            new_transactions += stats.transactions
            skipped_lines += parsed.skipped_count
        records.extend(result.records)
    docs, events = _split_records(records)
    stored = await documents.persist_fiscal(
        session,
        organization_id=unit.organization_id,
        file_id=unit.id,
        documents=docs,
        events=events,
        own_tax_ids=own,
    )
    if errors and not records and not new_transactions and not skipped_lines:
        await files.mark_failed(session, unit.id, errors[0])
        return UnitOutcome(0, 0, len(errors), errors[0])
    document_count = stored.inserted + stored.updated
    await files.mark_result(
        session,
        unit.id,
        documents=document_count,
        transactions=new_transactions,
        errors=len(errors) + skipped_lines,
    )
    return UnitOutcome(document_count, new_transactions, len(errors) + skipped_lines)


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
    if is_archive(file):
        if file.status == FileStatus.FAILED.value:
            return file
        await files.roll_up_members(session, file_id)
        return await files.mark_processed(session, file_id)
    return file
