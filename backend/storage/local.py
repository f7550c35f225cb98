"""Object store on the local filesystem (the default for ``make dev``).

Objects are written to a temporary file and renamed into place, so a reader
never sees half an object; metadata sits beside it as JSON. Presigned URLs are
HMAC-signed links to the API's download route.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from backend.storage.base import (
    CHUNK_SIZE,
    HashingCounter,
    ObjectInfo,
    ObjectNotFound,
    StoredObject,
)
from backend.storage.keys import is_valid_key


class LocalObjectStore:
    """Files under ``root``; ``signing_key`` signs download links served at ``download_base``."""

    def __init__(self, root: Path, *, signing_key: bytes, download_base: str) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._signing_key = signing_key
        self._download_base = download_base.rstrip("/")

    def _path(self, key: str) -> Path:
        if not is_valid_key(key):
            raise ObjectNotFound("invalid object key")
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise ObjectNotFound("invalid object key")
        return path

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        content_type: str,
        metadata: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> StoredObject:
        """Stream to a temporary file in the target folder, then rename atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        counter = HashingCounter(max_bytes)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                async for chunk in chunks:
                    counter.update(chunk)
                    await asyncio.to_thread(handle.write, chunk)
            meta = {
                "content_type": content_type,
                "metadata": metadata or {},
                "size": counter.size,
                "sha256": counter.hexdigest,
            }
            await asyncio.to_thread(_commit, path, tmp_name, meta)
        except BaseException:
            await asyncio.to_thread(_discard, tmp_name)
            raise
        return StoredObject(key=key, size=counter.size, sha256=counter.hexdigest)

    async def get(self, key: str) -> AsyncIterator[bytes]:
        """Read the file in 1 MiB chunks."""
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"object {key} not found") from exc
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
                yield chunk
        finally:
            handle.close()

    async def head(self, key: str) -> ObjectInfo:
        """Size, content type and metadata from the sidecar file."""
        try:
            return await asyncio.to_thread(_head, self._path(key), key)
        except FileNotFoundError as exc:
            raise ObjectNotFound(f"object {key} not found") from exc

    async def delete(self, key: str) -> None:
        """Remove the object and its sidecar."""
        path = self._path(key)
        await asyncio.to_thread(_discard, str(path), f"{path}.meta.json")

    def _signature(self, key: str, expires: int) -> str:
        message = f"{key}\n{expires}".encode()
        return hmac.new(self._signing_key, message, hashlib.sha256).hexdigest()

    async def presigned_url(self, key: str, *, expires_in: int = 300) -> str:
        """A link to the API download route, valid for ``expires_in`` seconds."""
        self._path(key)
        expires = int(time.time()) + expires_in
        query = urlencode(
            {"key": key, "expires": expires, "signature": self._signature(key, expires)}
        )
        return f"{self._download_base}/v1/objects?{query}"

    def verify_signature(
        self, key: str, expires: int, signature: str, *, now: float | None = None
    ) -> bool:
        """True when the link was signed by this store and has not expired."""
        current = time.time() if now is None else now
        if expires < current:
            return False
        return hmac.compare_digest(self._signature(key, expires), signature)


def _commit(path: Path, tmp_name: str, meta: dict[str, object]) -> None:
    Path(f"{path}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    os.replace(tmp_name, path)


def _discard(*names: str) -> None:
    for name in names:
        Path(name).unlink(missing_ok=True)


def _head(path: Path, key: str) -> ObjectInfo:
    meta = json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))
    stat = path.stat()
    return ObjectInfo(
        key=key,
        size=stat.st_size,
        content_type=meta["content_type"],
        metadata=meta["metadata"],
        last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
    )
