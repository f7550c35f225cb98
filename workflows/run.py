"""Running the worker process until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import signal

from prometheus_client import start_http_server

from backend.core.logging import get_logger
from backend.core.settings import Settings
from backend.db.session import Database, configure_database
from backend.search import build_search_index
from workflows.client import connect
from workflows.worker import build_worker

_log = get_logger("workflows.worker")


async def run_worker(settings: Settings) -> None:
    """Connect, poll the task queue, and drain gracefully on a signal."""
    if settings.database_url is None:
        raise RuntimeError("DATABASE_URL is not set")
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    await database.check_runtime_role()
    configure_database(database)
    client = await connect(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port, addr=settings.api_host)
    search = build_search_index(settings, database)
    await search.setup()
    worker = build_worker(client, settings, database, search=search)
    _log.info("worker started", task_queue=settings.temporal_task_queue)
    async with worker:
        await stop.wait()
    await search.aclose()
    await database.dispose()
    _log.info("worker stopped")
