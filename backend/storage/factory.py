"""Pick the object store from settings: S3 when S3_BUCKET is set, else the local disk."""

from __future__ import annotations

import hashlib

from backend.core.settings import Settings
from backend.storage.base import ObjectStore
from backend.storage.local import LocalObjectStore
from backend.storage.s3 import S3ObjectStore


def build_object_store(settings: Settings, *, signing_secret: bytes) -> ObjectStore:
    """The configured store. ``signing_secret`` signs local download links."""
    if settings.s3_bucket:
        return S3ObjectStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=(
                settings.s3_secret_access_key.get_secret_value()
                if settings.s3_secret_access_key
                else None
            ),
            sse=settings.s3_sse,
            kms_key_id=settings.s3_kms_key_id,
        )
    return LocalObjectStore(
        settings.data_dir / "objects",
        signing_key=hashlib.sha256(b"object-links:" + signing_secret).digest(),
        download_base=settings.base_url,
    )
