"""PostgreSQL NOTIFY/LISTEN for live updates (GraphQL subscriptions).

Notices are sent inside the transaction that made the change, so listeners only
ever see committed states. A channel carries every tenant's notices (ids and
counters, never content); :func:`listen` keeps only the organization asked for,
which the API takes from a verified token.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_QUEUE_SIZE = 1000


async def notify(session: AsyncSession, channel: str, payload: dict[str, Any]) -> None:
    """Queue a notice on ``channel``; PostgreSQL delivers it when the transaction commits."""
    await session.execute(
        text("select pg_notify(:channel, :payload)"),
        {"channel": channel, "payload": json.dumps(payload, default=str)},
    )


async def listen(
    dsn: str, channel: str, organization_id: uuid.UUID
) -> AsyncIterator[dict[str, Any]]:
    """Yield ``organization_id``'s notices on ``channel`` until the consumer stops."""
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=_QUEUE_SIZE)
    wanted = str(organization_id)

    def on_notice(_conn: object, _pid: int, _channel: str, payload: str) -> None:
        event = json.loads(payload)
        if event.get("organization_id") == wanted and not queue.full():
            queue.put_nowait(event)

    conn = await asyncpg.connect(dsn)
    try:
        await conn.add_listener(channel, on_notice)
        while True:
            yield await queue.get()
    finally:
        await conn.close()
