"""/healthz: is the database up, is Temporal up."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.api.state import AppState


async def _check(probe: Awaitable[None]) -> str:
    try:
        await asyncio.wait_for(probe, timeout=5)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def healthz(state: AppState) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint: 200 with status ok when every check passes, else 503 naming the failures."""

    async def endpoint(_request: Request) -> Response:
        database, temporal = await asyncio.gather(
            _check(state.database.ping()), _check(state.temporal.ping())
        )
        checks = {"database": database, "temporal": temporal}
        healthy = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "checks": checks},
            status_code=200 if healthy else 503,
        )

    return endpoint
