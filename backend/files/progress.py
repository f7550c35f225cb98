"""Live file progress: PostgreSQL LISTEN on the channel the file service notifies.

Notices are sent inside the transaction that changed the file, so listeners only
ever see committed states. The channel carries every tenant's notices (ids and
counters, nothing else); :func:`listen_progress` keeps only the caller's
organization, which comes from a verified token.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from backend.files.repository import PROGRESS_CHANNEL


async def listen_progress(dsn: str, organization_id: uuid.UUID) -> AsyncIterator[dict[str, Any]]:
    """Yield progress events of ``organization_id`` until the consumer stops iterating."""
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
    wanted = str(organization_id)

    def on_notice(_conn: object, _pid: int, _channel: str, payload: str) -> None:
        event = json.loads(payload)
        if event.get("organization_id") == wanted and not queue.full():
            queue.put_nowait(event)

    conn = await asyncpg.connect(dsn)
    try:
        await conn.add_listener(PROGRESS_CHANNEL, on_notice)
        while True:
            yield await queue.get()
    finally:
        await conn.close()
