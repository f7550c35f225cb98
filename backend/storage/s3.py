"""Object store on S3 (AWS or any S3-compatible server such as MinIO).

Uploads stream: small objects go up in one PUT, larger ones as a multipart
upload of ``PART_SIZE`` parts, aborted on any error so no partial object is
left. boto3 is synchronous, so each call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any
from urllib.parse import quote, unquote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from backend.storage.base import (
    CHUNK_SIZE,
    HashingCounter,
    ObjectInfo,
    ObjectNotFound,
    StoredObject,
)

PART_SIZE = 8 * 1024 * 1024


def _missing(exc: ClientError) -> bool:
    code = str(exc.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


class S3ObjectStore:
    """One bucket; optional server-side encryption (AES256 or aws:kms with a key id)."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        sse: str | None = None,
        kms_key_id: str | None = None,
    ) -> None:
        self.bucket = bucket
        self._client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                retries={"max_attempts": 5, "mode": "standard"},
            ),
        )
        self._encryption: dict[str, str] = {}
        if sse:
            self._encryption["ServerSideEncryption"] = sse
            if sse == "aws:kms" and kms_key_id:
                self._encryption["SSEKMSKeyId"] = kms_key_id

    async def put(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        *,
        content_type: str,
        metadata: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> StoredObject:
        """Single PUT below PART_SIZE, multipart above; nothing is left behind on failure."""
        counter = HashingCounter(max_bytes)
        # S3 metadata must be ASCII: percent-encode values (file names are often accented).
        extra = {
            "ContentType": content_type,
            "Metadata": {k: quote(v, safe="") for k, v in (metadata or {}).items()},
            **self._encryption,
        }
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []
        try:
            async for chunk in chunks:
                counter.update(chunk)
                buffer.extend(chunk)
                if len(buffer) >= PART_SIZE:
                    if upload_id is None:
                        created = await asyncio.to_thread(
                            self._client.create_multipart_upload,
                            Bucket=self.bucket,
                            Key=key,
                            **extra,
                        )
                        upload_id = created["UploadId"]
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, buffer))
                    buffer = bytearray()
            if upload_id is None:
                await asyncio.to_thread(
                    self._client.put_object,
                    Bucket=self.bucket,
                    Key=key,
                    Body=bytes(buffer),
                    **extra,
                )
            else:
                if buffer:
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, buffer))
                await asyncio.to_thread(
                    self._client.complete_multipart_upload,
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            if upload_id is not None:
                await asyncio.to_thread(
                    self._client.abort_multipart_upload,
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                )
            raise
        return StoredObject(key=key, size=counter.size, sha256=counter.hexdigest)

    async def _upload_part(
        self, key: str, upload_id: str, number: int, data: bytearray
    ) -> dict[str, Any]:
        response = await asyncio.to_thread(
            self._client.upload_part,
            Bucket=self.bucket,
            Key=key,
            UploadId=upload_id,
            PartNumber=number,
            Body=bytes(data),
        )
        return {"ETag": response["ETag"], "PartNumber": number}

    async def get(self, key: str) -> AsyncIterator[bytes]:
        """Stream the body in 1 MiB chunks."""
        try:
            response = await asyncio.to_thread(self._client.get_object, Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                raise ObjectNotFound(f"object {key} not found") from exc
            raise
        body = response["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, CHUNK_SIZE):
                yield chunk
        finally:
            body.close()

    async def head(self, key: str) -> ObjectInfo:
        """HEAD the object."""
        try:
            response = await asyncio.to_thread(
                self._client.head_object, Bucket=self.bucket, Key=key
            )
        except ClientError as exc:
            if _missing(exc):
                raise ObjectNotFound(f"object {key} not found") from exc
            raise
        return ObjectInfo(
            key=key,
            size=int(response["ContentLength"]),
            content_type=response.get("ContentType", "application/octet-stream"),
            metadata={k: unquote(v) for k, v in response.get("Metadata", {}).items()},
            last_modified=response.get("LastModified"),
        )

    async def delete(self, key: str) -> None:
        """DELETE the object (S3 does not fail on missing keys)."""
        await asyncio.to_thread(self._client.delete_object, Bucket=self.bucket, Key=key)

    async def presigned_url(self, key: str, *, expires_in: int = 300) -> str:
        """A SigV4 presigned GET URL."""
        url: str = await asyncio.to_thread(
            self._client.generate_presigned_url,
            "get_object",
            Params={"Bucket": self.bucket, "Key": key},
            ExpiresIn=expires_in,
        )
        return url
