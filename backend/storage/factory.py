"""Pick the object store from settings: S3 when S3_BUCKET is set, else the local disk."""

from __future__ import annotations

import hashlib

from backend.core.keyfiles import configured_or_generated
from backend.core.settings import Settings
from backend.storage.base import ObjectStore
from backend.storage.local import LocalObjectStore
from backend.storage.s3 import S3ObjectStore


def link_secret(settings: Settings) -> bytes:
    """The secret that signs local download links: OBJECT_LINK_SECRET, or a dev file."""
    return configured_or_generated(
        settings.object_link_secret, settings.keys_dir / "object_links.key"
    )


def build_object_store(settings: Settings) -> ObjectStore:
    """The configured store."""
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
        signing_key=hashlib.sha256(b"object-links:" + link_secret(settings)).digest(),
        download_base=settings.base_url,
    )
