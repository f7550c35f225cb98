"""Object storage for tenant files: local filesystem (default) or S3."""

from backend.storage.base import (
    ObjectInfo,
    ObjectNotFound,
    ObjectStore,
    ObjectTooLarge,
    StoredObject,
)
from backend.storage.factory import build_object_store
from backend.storage.keys import object_key, safe_filename

__all__ = [
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectTooLarge",
    "StoredObject",
    "build_object_store",
    "object_key",
    "safe_filename",
]
