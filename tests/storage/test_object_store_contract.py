"""The same contract for the local-disk store and the S3 store (against moto's HTTP server)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import boto3
import httpx
import pytest

from backend.storage import ObjectNotFound, ObjectStore, ObjectTooLarge, object_key
from backend.storage.local import LocalObjectStore
from backend.storage.s3 import PART_SIZE, S3ObjectStore

from .conftest import CREDENTIALS

ORG = uuid.UUID("11111111-1111-4111-8111-111111111111")


def _key(name: str = "nota fiscal ção.xml") -> str:
    return object_key(ORG, name, at=datetime(2026, 9, 5, tzinfo=UTC), object_id=uuid.uuid4())


async def _stream(data: bytes, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), chunk):
        yield data[start : start + chunk]


async def _read(store: ObjectStore, key: str) -> bytes:
    return b"".join([chunk async for chunk in store.get(key)])


@pytest.fixture(params=["local", "s3"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str, s3_bucket: str
) -> ObjectStore:
    if request.param == "local":
        return LocalObjectStore(
            tmp_path / "objects", signing_key=b"k" * 32, download_base="http://api.test"
        )
    return S3ObjectStore(s3_bucket, endpoint_url=s3_endpoint, sse="AES256", **CREDENTIALS)


async def test_put_head_get_round_trip(store: ObjectStore) -> None:
    data = b"<nfeProc>" + os.urandom(3000) + b"</nfeProc>"
    key = _key()
    stored = await store.put(
        key,
        _stream(data, 1000),
        content_type="application/xml",
        metadata={"uploader": "joão@example.com", "original_name": "Nota Fiscal ção.xml"},
    )
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    info = await store.head(key)
    assert info.size == len(data)
    assert info.content_type == "application/xml"
    assert info.metadata == {"uploader": "joão@example.com", "original_name": "Nota Fiscal ção.xml"}
    assert await _read(store, key) == data


async def test_large_object_streams_in_parts(store: ObjectStore) -> None:
    data = os.urandom(PART_SIZE * 2 + 12345)
    key = _key("extrato.ofx")
    stored = await store.put(key, _stream(data, 1024 * 1024), content_type="application/x-ofx")
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    chunks = [len(c) async for c in store.get(key)]
    assert sum(chunks) == len(data)
    assert max(chunks) <= 1024 * 1024, "reads must stream, not load the object at once"


async def test_over_the_limit_stores_nothing(store: ObjectStore) -> None:
    key = _key()
    with pytest.raises(ObjectTooLarge) as error:
        await store.put(
            key,
            _stream(os.urandom(PART_SIZE + 10), 1024 * 1024),
            content_type="x",
            max_bytes=PART_SIZE,
        )
    assert error.value.code == "FILE_TOO_LARGE"
    with pytest.raises(ObjectNotFound):
        await store.head(key)
    if isinstance(store, S3ObjectStore):
        uploads = store._client.list_multipart_uploads(Bucket=store.bucket)
        assert uploads.get("Uploads", []) == []


async def test_missing_objects_are_not_found(store: ObjectStore) -> None:
    key = _key()
    with pytest.raises(ObjectNotFound):
        await store.head(key)
    with pytest.raises(ObjectNotFound):
        await _read(store, key)


async def test_delete(store: ObjectStore) -> None:
    key = _key()
    await store.put(key, _stream(b"abc"), content_type="text/plain")
    await store.delete(key)
    with pytest.raises(ObjectNotFound):
        await store.head(key)
    await store.delete(key)


async def test_s3_presigned_url_downloads_and_encryption_is_applied(
    s3_endpoint: str, s3_bucket: str
) -> None:
    store = S3ObjectStore(s3_bucket, endpoint_url=s3_endpoint, sse="AES256", **CREDENTIALS)
    key = _key()
    await store.put(key, _stream(b"conteudo"), content_type="text/plain")
    url = await store.presigned_url(key, expires_in=60)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    assert response.content == b"conteudo"
    raw = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    assert raw.head_object(Bucket=s3_bucket, Key=key)["ServerSideEncryption"] == "AES256"


async def test_local_presigned_url_is_signed_and_expires(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path, signing_key=b"s" * 32, download_base="http://api.test/")
    key = _key()
    await store.put(key, _stream(b"x"), content_type="text/plain")
    url = httpx.URL(await store.presigned_url(key, expires_in=60))
    assert str(url).startswith("http://api.test/v1/objects?")
    expires = int(url.params["expires"])
    signature = url.params["signature"]
    assert url.params["key"] == key
    assert store.verify_signature(key, expires, signature)
    assert not store.verify_signature(key, expires + 1, signature)
    assert not store.verify_signature(_key(), expires, signature)
    assert not store.verify_signature(key, expires, signature, now=expires + 1)


async def test_local_store_refuses_keys_that_escape_its_root(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "root", signing_key=b"s", download_base="http://a")
    for key in ("../outside", f"{ORG}/2026/09/../../../../etc/passwd", "/etc/passwd"):
        with pytest.raises(ObjectNotFound):
            await store.put(key, _stream(b"x"), content_type="text/plain")
    assert not (tmp_path / "outside").exists()
