"""Starting the webhook deliveries a committed API decision enqueued (GraphQL and REST)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.state import AppState
from backend.webhooks import service as webhooks
from workflows.client import start_deliveries


async def start_released_deliveries(
    state: AppState, organization_id: uuid.UUID, session: AsyncSession
) -> None:
    """Start the deliveries ``session``'s committed transaction enqueued (none: no call)."""
    held = webhooks.released_after_commit(session)
    if held:
        await start_deliveries(await state.temporal.get(), state.settings, organization_id, held)
