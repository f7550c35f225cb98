"""Uploads and the life of a file: stored, deduplicated, processed or failed, reprocessed.

An upload happens in two steps so no database transaction stays open while
bytes stream in: :func:`stage_upload` streams to the object store (computing
SHA-256 and enforcing the size limit, sniffing the real type from the first
bytes) and :func:`register_upload` records it, returning the existing file when
the tenant already sent the same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, Invalid, NotFound, ParseError
from backend.db.base import utcnow
from backend.db.enums import ActorType, FileStatus
from backend.db.pagination import Page, PageRequest
from backend.files import repository
from backend.files.filters import FileFilter, FileSort
from backend.files.models import File
from backend.ingest.sniff import sniff
from backend.storage import ObjectStore, object_key, safe_filename

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class StagedUpload:
    """Bytes now in the object store, not yet recorded."""

    file_id: uuid.UUID
    organization_id: uuid.UUID
    uploaded_by: uuid.UUID | None
    actor_type: ActorType
    actor_id: uuid.UUID | None
    original_name: str
    content_type: str
    storage_key: str
    sha256: str
    size: int
    detected_kind: str


@dataclass(frozen=True, slots=True)
class UploadResult:
    """The file row, and whether this upload created it (False: same bytes seen before)."""

    file: File
    created: bool


class _Peek:
    """Passes chunks through while keeping the first ``SNIFF_BYTES`` for type detection."""

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self._chunks = chunks
        self.head = bytearray()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            if len(self.head) < SNIFF_BYTES:
                self.head.extend(chunk[: SNIFF_BYTES - len(self.head)])
            yield chunk


async def stage_upload(
    store: ObjectStore,
    chunks: AsyncIterable[bytes],
    *,
    organization_id: uuid.UUID,
    uploaded_by: uuid.UUID | None,
    filename: str,
    content_type: str | None,
    max_bytes: int,
    at: datetime | None = None,
    actor: tuple[ActorType, uuid.UUID | None] | None = None,
) -> StagedUpload:
    """Stream the bytes to the store; raise ObjectTooLarge past ``max_bytes``, Invalid if empty.

    ``actor`` is who the audit log names (a user, an API client, support staff); by
    default the uploading user, or the system when there is none.
    """
    now = at or utcnow()
    file_id = uuid.uuid4()
    key = object_key(organization_id, filename, at=now, object_id=file_id)
    peek = _Peek(chunks)
    stored = await store.put(
        key,
        peek,
        content_type=content_type or "application/octet-stream",
        metadata={
            "original_name": filename,
            "uploader": str(uploaded_by or "system"),
            "uploaded_at": now.isoformat(),
        },
        max_bytes=max_bytes,
    )
    if stored.size == 0:
        await store.delete(key)
        raise Invalid("the file is empty", code="EMPTY_FILE", field_errors={"file": ["empty"]})
    return StagedUpload(
        file_id=file_id,
        organization_id=organization_id,
        uploaded_by=uploaded_by,
        actor_type=actor[0] if actor else (ActorType.USER if uploaded_by else ActorType.SYSTEM),
        actor_id=actor[1] if actor else uploaded_by,
        original_name=filename,
        content_type=content_type or "application/octet-stream",
        storage_key=key,
        sha256=stored.sha256,
        size=stored.size,
        detected_kind=sniff(bytes(peek.head)).value,
    )


async def register_upload(
    session: AsyncSession, store: ObjectStore, staged: StagedUpload
) -> UploadResult:
    """Record the staged bytes, or return the tenant's existing file with the same SHA-256.

    The duplicate's freshly stored object is deleted, so the store holds each content once.
    """
    now = utcnow()
    created = await repository.insert_if_new(
        session,
        {
            "id": staged.file_id,
            "organization_id": staged.organization_id,
            "sha256": staged.sha256,
            "original_name": safe_display_name(staged.original_name),
            "content_type": staged.content_type,
            "detected_kind": staged.detected_kind,
            "size_bytes": staged.size,
            "storage_key": staged.storage_key,
            "status": FileStatus.UPLOADED.value,
            "uploaded_by": staged.uploaded_by,
            "created_at": now,
            "updated_at": now,
        },
    )
    if created is None:
        existing = await repository.get_by_sha256(session, staged.sha256)
        if existing is None:  # only possible if the row vanished concurrently
            raise Conflict("the file changed while uploading; try again")
        await store.delete(staged.storage_key)
        return UploadResult(file=existing, created=False)
    await audit.record(
        session,
        organization_id=staged.organization_id,
        actor_type=staged.actor_type,
        actor_id=staged.actor_id,
        action="file.uploaded",
        entity_type="file",
        entity_id=created.id,
        after={
            "name": created.original_name,
            "size": created.size_bytes,
            "kind": created.detected_kind,
        },
    )
    await _notify(session, created)
    return UploadResult(file=created, created=True)


def safe_display_name(name: str, *, keep_path: bool = False) -> str:
    """The name people see: the base name (or the archive path), printable, bounded."""
    base = name if keep_path else name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return (cleaned or safe_filename(name))[:255]


async def get_file(session: AsyncSession, file_id: uuid.UUID) -> File:
    """The file, or NotFound (also for another tenant's id)."""
    found = await repository.get(session, file_id)
    if found is None:
        raise NotFound("file not found")
    return found


# What a new run starts from: no failure, no warnings, no counters.
_FRESH: dict[str, Any] = {
    "error_code": None,
    "error_message": None,
    "error_location": None,
    "warnings": [],
    "documents_count": 0,
    "transactions_count": 0,
    "errors_count": 0,
    "members_count": 0,
    "processed_at": None,
}


async def start_processing(session: AsyncSession, file_id: uuid.UUID) -> File:
    """uploaded/failed → processing, the file and its archive members reset.

    A reprocess starts from zero: members are read again (their old failures, say a
    bug since fixed, are not kept) and every write is idempotent.
    """
    updated = await repository.update_file(
        session, file_id, status=FileStatus.PROCESSING.value, updated_at=utcnow(), **_FRESH
    )
    if updated is None:
        raise NotFound("file not found")
    await repository.reset_members(session, file_id)
    await _notify(session, updated)
    return updated


async def mark_processed(session: AsyncSession, file_id: uuid.UUID) -> File:
    """processing → processed."""
    now = utcnow()
    updated = await repository.update_file(
        session, file_id, status=FileStatus.PROCESSED.value, processed_at=now, updated_at=now
    )
    if updated is None:
        raise NotFound("file not found")
    await _notify(session, updated)
    return updated


async def mark_failed(session: AsyncSession, file_id: uuid.UUID, error: ParseError) -> File:
    """→ failed, keeping the error's code, message and location for people to read."""
    now = utcnow()
    updated = await repository.update_file(
        session,
        file_id,
        status=FileStatus.FAILED.value,
        error_code=error.code,
        error_message=error.message,
        error_location=error.location.to_dict(),
        processed_at=now,
        updated_at=now,
    )
    if updated is None:
        raise NotFound("file not found")
    await _notify(session, updated)
    return updated


async def request_reprocess(
    session: AsyncSession,
    file_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    actor_type: ActorType | None = None,
) -> File:
    """A failed or processed file goes back to uploaded, without the old run's failure,
    warnings or counters (the new run's state is what it shows); a file being processed
    cannot."""
    current = await get_file(session, file_id)
    if current.status == FileStatus.PROCESSING.value:
        raise Conflict("the file is being processed", code="FILE_BUSY")
    updated = await repository.update_file(
        session, file_id, status=FileStatus.UPLOADED.value, updated_at=utcnow(), **_FRESH
    )
    assert updated is not None
    await audit.record(
        session,
        organization_id=current.organization_id,
        actor_type=actor_type or (ActorType.USER if actor_id else ActorType.SYSTEM),
        actor_id=actor_id,
        action="file.reprocess_requested",
        entity_type="file",
        entity_id=file_id,
        before={"status": current.status, "error_code": current.error_code},
        after={"status": updated.status},
    )
    await _notify(session, updated)
    return updated


async def family_ids(session: AsyncSession, file_id: uuid.UUID) -> list[uuid.UUID]:
    """The file and its archive members (what one ingestion run produced rows for)."""
    return await repository.family_ids(session, file_id)


async def roll_up_members(session: AsyncSession, parent_id: uuid.UUID) -> File:
    """Set an archive's counters from its members and notify listeners."""
    updated = await repository.sum_children_counters(session, parent_id)
    if updated is None:
        raise NotFound("file not found")
    await _notify(session, updated)
    return updated


async def register_members(
    session: AsyncSession, archive: File, members: Sequence[tuple[str, bytes]]
) -> list[tuple[File, bool]]:
    """Record archive members (their bytes stay in the archive's object), in bulk.

    Returns (row, created) per member in order; a member whose bytes the tenant already
    has resolves to that file with ``created`` False.
    """
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "organization_id": archive.organization_id,
            "parent_id": archive.id,
            "sha256": hashlib.sha256(data).hexdigest(),
            "original_name": safe_display_name(name, keep_path=True) or "member",
            "content_type": "application/octet-stream",
            "detected_kind": sniff(data[:SNIFF_BYTES]).value,
            "size_bytes": len(data),
            "storage_key": archive.storage_key,
            "archive_member": name,
            "status": FileStatus.PROCESSING.value,
            "uploaded_by": archive.uploaded_by,
            "created_at": now,
            "updated_at": now,
        }
        for name, data in members
    ]
    by_sha = await repository.insert_members(session, rows)
    return [by_sha[row["sha256"]] for row in rows]


async def mark_results(session: AsyncSession, results: Sequence[dict[str, Any]]) -> None:
    """Mark many files processed with their counters (``id``, ``documents``,
    ``transactions``, ``errors``) and ``warnings``, notifying listeners once per file."""
    await repository.set_results(session, results)


async def record_rejected_member(
    session: AsyncSession, parent: File, name: str, error: ParseError
) -> File:
    """An archive member refused before storage (unsafe name, bomb, encrypted...).

    It has no bytes of its own, so its identity is derived from the archive and the
    member name: retrying the archive finds the same row instead of adding another.
    """
    identity = hashlib.sha256(f"rejected:{parent.sha256}:{name}".encode()).hexdigest()
    now = utcnow()
    row = await repository.insert_if_new(
        session,
        {
            "organization_id": parent.organization_id,
            "parent_id": parent.id,
            "sha256": identity,
            "original_name": safe_display_name(name, keep_path=True) or "member",
            "content_type": "application/octet-stream",
            "detected_kind": None,
            "size_bytes": 0,
            "storage_key": "",
            "status": FileStatus.FAILED.value,
            "error_code": error.code,
            "error_message": error.message,
            "error_location": error.location.to_dict(),
            "uploaded_by": parent.uploaded_by,
            "processed_at": now,
            "created_at": now,
            "updated_at": now,
        },
    )
    if row is not None:
        return row
    # Seen by an earlier run (a reprocess reset it): it fails the same way again.
    return await mark_failed(session, (await get_file_by_sha256(session, identity)).id, error)


async def add_warning(session: AsyncSession, file_id: uuid.UUID, warning: dict[str, Any]) -> File:
    """Record a problem that did not stop the file (``{"code", "message", ...}``)."""
    updated = await repository.add_warning(session, file_id, warning)
    if updated is None:
        raise NotFound("file not found")
    return updated


async def get_file_by_sha256(session: AsyncSession, sha256: str) -> File:
    """The tenant's file with these bytes, or NotFound."""
    found = await repository.get_by_sha256(session, sha256)
    if found is None:
        raise NotFound("file not found")
    return found


def progress_payload(file: File) -> dict[str, Any]:
    """The progress event the API publishes to the file's organization."""
    return {
        "organization_id": str(file.organization_id),
        "file_id": str(file.id),
        "parent_id": str(file.parent_id) if file.parent_id else None,
        "status": file.status,
        "members": file.members_count,
        "documents": file.documents_count,
        "transactions": file.transactions_count,
        "errors": file.errors_count,
        "error_code": file.error_code,
    }


async def _notify(session: AsyncSession, file: File) -> None:
    await repository.notify_progress(session, progress_payload(file))


async def page_files(
    session: AsyncSession,
    principal: Principal,
    where: FileFilter,
    sort: FileSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the tenant's uploads (or of one archive's members)."""
    require(principal, Permission.READ)
    return await repository.page_files(session, where, sort, descending=descending, request=request)


async def count_files(session: AsyncSession, where: FileFilter) -> int:
    """How many of the tenant's files match."""
    return await repository.count_files(session, where)


async def files_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[File]:
    """A batch of files by id (a DataLoader's fetch)."""
    return await repository.files_by_ids(session, ids)
