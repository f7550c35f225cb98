"""Uploads: streamed to the store, hashed, sniffed, deduplicated, size-limited, progress."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from backend.core.errors import Conflict, Invalid, Location, NotFound, ParseError
from backend.db.session import Database
from backend.files import service
from backend.files.progress import listen_progress
from backend.storage import ObjectNotFound, ObjectTooLarge
from backend.storage.local import LocalObjectStore
from backend.tenancy.service import seed_demo

OFX = (
    b"OFXHEADER:100\nDATA:OFXSGML\n\n"
    b"<OFX><BANKMSGSRSV1><STMTTRNRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
)


async def _chunks(data: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects", signing_key=b"k", download_base="http://t")


@pytest.fixture
async def org(database: Database) -> uuid.UUID:
    async with database.session() as session:
        return (await seed_demo(session)).organization_id


async def _upload(
    database: Database, store: LocalObjectStore, org: uuid.UUID, data: bytes, name: str = "a.ofx"
) -> service.UploadResult:
    staged = await service.stage_upload(
        store,
        _chunks(data),
        organization_id=org,
        uploaded_by=None,
        filename=name,
        content_type="application/octet-stream",
        max_bytes=1024,
    )
    async with database.tenant_session(org) as session:
        return await service.register_upload(session, store, staged)


async def test_upload_stores_hashes_and_sniffs(
    database: Database, store: LocalObjectStore, org: uuid.UUID
) -> None:
    result = await _upload(database, store, org, OFX, name="../../Extrato Março.ofx")
    file = result.file
    assert result.created
    assert file.sha256 == hashlib.sha256(OFX).hexdigest()
    assert file.size_bytes == len(OFX)
    assert file.detected_kind == "ofx"
    assert file.status == "uploaded"
    assert file.original_name == "Extrato Março.ofx"
    assert file.storage_key.startswith(f"{org}/")
    assert file.storage_key.endswith("_Extrato_Marco.ofx")
    info = await store.head(file.storage_key)
    assert info.metadata["original_name"] == "../../Extrato Março.ofx"
    assert b"".join([c async for c in store.get(file.storage_key)]) == OFX


async def test_same_bytes_twice_return_the_existing_file_and_keep_one_object(
    database: Database, store: LocalObjectStore, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    first = await _upload(database, store, org, OFX, name="a.ofx")
    second = await _upload(database, store, org, OFX, name="copy.ofx")
    assert not second.created
    assert second.file.id == first.file.id
    assert await superuser.fetchval("select count(*) from files") == 1
    objects = [p for p in store.root.rglob("*") if p.is_file() and not p.name.endswith(".json")]
    assert len(objects) == 1


async def test_too_large_and_empty_uploads_leave_nothing(
    database: Database, store: LocalObjectStore, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    with pytest.raises(ObjectTooLarge):
        await _upload(database, store, org, b"x" * 2000)
    with pytest.raises(Invalid) as empty:
        await _upload(database, store, org, b"")
    assert empty.value.code == "EMPTY_FILE"
    assert await superuser.fetchval("select count(*) from files") == 0
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


async def test_failure_reprocess_and_progress_events(
    database: Database, store: LocalObjectStore, org: uuid.UUID, test_db: object
) -> None:
    events: list[dict[str, object]] = []
    ready = asyncio.Event()

    async def collect() -> None:
        stream = listen_progress(test_db.urls.app, org)  # type: ignore[attr-defined]
        ready.set()
        async for event in stream:
            events.append(event)
            if event["status"] == "uploaded" and len(events) > 1:
                return

    listener = asyncio.create_task(collect())
    await ready.wait()
    await asyncio.sleep(0.3)  # let LISTEN register before the first notice
    file = (await _upload(database, store, org, OFX)).file
    async with database.tenant_session(org) as session:
        await service.start_processing(session, file.id)
    async with database.tenant_session(org) as session:
        with pytest.raises(Conflict):
            await service.request_reprocess(session, file.id, actor_id=None)
    async with database.tenant_session(org) as session:
        await service.mark_results(
            session, [{"id": file.id, "documents": 0, "transactions": 3, "errors": 1}]
        )
    error = ParseError("MALFORMED_OFX", "no statement", Location(line=3))
    async with database.tenant_session(org) as session:
        failed = await service.mark_failed(session, file.id, error)
    assert failed.error_location == {"line": 3}
    async with database.tenant_session(org) as session:
        again = await service.request_reprocess(session, file.id, actor_id=None)
    assert again.status == "uploaded"
    await asyncio.wait_for(listener, timeout=10)
    assert [e["status"] for e in events] == [
        "uploaded",
        "processing",
        "processed",
        "failed",
        "uploaded",
    ]
    assert events[2]["transactions"] == 3 and events[2]["errors"] == 1
    assert events[3]["error_code"] == "MALFORMED_OFX"


async def test_another_tenant_cannot_see_the_file(
    database: Database, store: LocalObjectStore, org: uuid.UUID
) -> None:
    file = (await _upload(database, store, org, OFX)).file
    async with database.tenant_session(uuid.uuid4()) as session:
        with pytest.raises(NotFound):
            await service.get_file(session, file.id)


async def test_missing_object_is_not_found(store: LocalObjectStore) -> None:
    with pytest.raises(ObjectNotFound):
        await store.head(f"{uuid.uuid4()}/2026/01/{uuid.uuid4()}_x.xml")
