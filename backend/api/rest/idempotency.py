"""Idempotency-Key on the REST POSTs that create something.

An integrator whose request timed out sends it again with the same ``Idempotency-Key``
and gets the first answer back (``Idempotent-Replayed: true``) instead of a second
upload, match or export. Keys are per organization (row-level security), kept for
:data:`KEY_TTL`; only successful answers are stored, so a refused request (403, 422,
409) may be corrected and sent again under the same key. A key reused with another
request (method, route, body) is refused with 422 IDEMPOTENCY_KEY_REUSED, and a key
whose first request is still running with 409 IDEMPOTENCY_KEY_IN_USE.

The key is reserved in its own committed transaction before the handler runs, so two
concurrent requests with one key cannot both run; the handler's own transactions then
commit as usual, and the answer is stored afterwards. A crash between the two leaves a
reservation without an answer, which expires with the key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Index, Text, delete, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlmodel import Field, SQLModel, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.core.errors import Conflict, Invalid
from backend.db.base import created_at, org_fk, utcnow, uuid_pk
from backend.db.session import Database

HEADER = "idempotency-key"
REPLAYED = "Idempotent-Replayed"
KEY_TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class IdempotencyKey(SQLModel, table=True):
    """A key an organization sent, the request it came with and, once done, the answer."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index(None, "organization_id", "key", unique=True),)

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    key: str = Field(sa_type=Text)
    request_hash: str = Field(sa_type=Text)
    status_code: int | None = None
    response: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    created_at: datetime = created_at()


def fingerprint(operation_id: str, request: Request, body: BaseModel | None) -> str:
    """What makes two requests "the same": the operation, its path and its parsed body."""
    content = {
        "operation": operation_id,
        "path": request.url.path,
        "body": body.model_dump(mode="json") if body is not None else None,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _checked(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Invalid(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters",
            field_errors={"Idempotency-Key": ["invalid"]},
        )
    return key


async def run_once(
    database: Database,
    organization_id: uuid.UUID,
    key: str,
    *,
    request_hash: str,
    run: Callable[[], Awaitable[Response]],
) -> Response:
    """The stored answer for ``key``, or ``run()``'s answer, stored when successful."""
    key = _checked(key)
    async with database.tenant_session(organization_id) as session:
        await session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.key == key,  # type: ignore[arg-type]
                IdempotencyKey.created_at < utcnow() - KEY_TTL,  # type: ignore[arg-type]
            )
        )
        reserved = await session.execute(
            insert(IdempotencyKey)
            .values(
                id=uuid.uuid4(),
                organization_id=organization_id,
                key=key,
                request_hash=request_hash,
            )
            .on_conflict_do_nothing()
            .returning(IdempotencyKey.__table__.c.id)  # type: ignore[attr-defined]
        )
        if reserved.first() is None:
            found = (
                await session.execute(select(IdempotencyKey).where(IdempotencyKey.key == key))
            ).scalar_one()
            return _replay(found, request_hash)
    try:
        response = await run()
    except BaseException:
        await _release(database, organization_id, key)
        raise
    if not 200 <= response.status_code < 300 or not isinstance(response, JSONResponse):
        await _release(database, organization_id, key)
        return response
    async with database.tenant_session(organization_id) as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == key)  # type: ignore[arg-type]
            .values(status_code=response.status_code, response=json.loads(bytes(response.body)))
        )
    return response


def _replay(found: IdempotencyKey, request_hash: str) -> Response:
    if found.request_hash != request_hash:
        raise Invalid(
            "this Idempotency-Key was used with another request",
            code="IDEMPOTENCY_KEY_REUSED",
            field_errors={"Idempotency-Key": ["used with another request"]},
        )
    if found.status_code is None:
        raise Conflict(
            "a request with this Idempotency-Key is still running",
            code="IDEMPOTENCY_KEY_IN_USE",
        )
    return JSONResponse(found.response, status_code=found.status_code, headers={REPLAYED: "true"})


async def _release(database: Database, organization_id: uuid.UUID, key: str) -> None:
    async with database.tenant_session(organization_id) as session:
        await session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.key == key)  # type: ignore[arg-type]
        )
