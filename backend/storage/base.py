"""The object store contract shared by the local-disk and S3 implementations.

Objects are written from a stream (never a whole file in memory) while their
SHA-256 and size are computed, and read back as a stream of chunks.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from backend.core.errors import DomainError, NotFound

CHUNK_SIZE = 1024 * 1024


class ObjectTooLarge(DomainError):
    """The stream went past the size limit; nothing was stored."""

    code = "FILE_TOO_LARGE"
    http_status = 413


class ObjectNotFound(NotFound):
    """No object under that key."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """What the store knows about an object."""

    key: str
    size: int
    content_type: str
    metadata: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredObject:
    """The result of a put: where it went, how big it is and its SHA-256."""

    key: str
    size: int
    sha256: str


class ObjectStore(Protocol):
    """Streaming storage of tenant files under keys built by ``backend.storage.keys``."""

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        content_type: str,
        metadata: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> StoredObject:
        """Store the stream under ``key``; raise ObjectTooLarge past ``max_bytes``."""
        ...

    def get(self, key: str) -> AsyncIterator[bytes]:
        """Stream the object's bytes; raises ObjectNotFound when iterated if missing."""
        ...

    async def head(self, key: str) -> ObjectInfo:
        """Size, content type and metadata; ObjectNotFound when missing."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object (no error when it is already gone)."""
        ...

    async def presigned_url(self, key: str, *, expires_in: int = 300) -> str:
        """A time-limited URL that downloads the object without other credentials."""
        ...


class HashingCounter:
    """Feeds chunks through SHA-256 and enforces a size limit as they pass."""

    def __init__(self, max_bytes: int | None) -> None:
        self._hash = hashlib.sha256()
        self.size = 0
        self._max = max_bytes

    def update(self, chunk: bytes) -> None:
        """Account for one chunk; raise ObjectTooLarge when over the limit."""
        self.size += len(chunk)
        if self._max is not None and self.size > self._max:
            raise ObjectTooLarge(
                f"file exceeds the limit of {self._max} bytes", details={"max_bytes": self._max}
            )
        self._hash.update(chunk)

    @property
    def hexdigest(self) -> str:
        """SHA-256 of everything seen so far."""
        return self._hash.hexdigest()
