"""End-to-end ingestion: a zip of N NF-e plus an OFX of N transactions, uploaded through
the service, until every document is stored, searchable and reconciled.

Runs on its own embedded PostgreSQL and Temporal dev server with an in-process worker.
Prints the end-to-end time (median of several runs for 1,000 documents) and its
breakdown per stage, and the same for 10,000, so growth can be compared with linear.

    .venv/bin/python bench/ingest.py [--sizes 1000 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import shutil
import statistics
import tempfile
import time
import uuid
import zipfile
from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg

from backend.core.settings import Settings
from backend.db.session import Database
from backend.devstack.database import bootstrap_database
from backend.devstack.postgres import EmbeddedPostgres, free_port
from backend.devstack.temporal import TemporalDevServer
from backend.files import service as files
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.storage import build_object_store
from backend.tenancy.service import seed_demo
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.metrics import ACTIVITY_SECONDS
from workflows.worker import build_worker


def make_batch(size: int, seed: int) -> bytes:
    """A zip with ``size`` NF-e and one OFX statement of ``size`` lines."""
    rng = random.Random(seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(size):
            archive.writestr(f"nfe/{n:06d}.xml", nfe_xml(random_nfe(rng, number=n + 1)))
        entries = [
            GenEntry(
                posted_on=date(2026, 9, 1) + timedelta(days=n % 60),
                amount=Decimal(rng.randint(-500_000, 500_000)) / 100,
                memo=f"PIX RECEBIDO CLIENTE {n}",
                fitid=f"{seed}-{n}",
            )
            for n in range(size)
        ]
        archive.writestr("extrato.ofx", make_ofx([GenStatement(entries=entries)]))
    return buffer.getvalue()


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 1 << 20):
        yield data[start : start + (1 << 20)]


def _activity_seconds() -> dict[str, float]:
    totals: dict[str, float] = {}
    for metric in ACTIVITY_SECONDS.collect():
        for sample in metric.samples:
            if sample.name.endswith("_sum"):
                totals[sample.labels["activity"]] = sample.value
    return totals


async def _error(database: Database, org: uuid.UUID, file_id: uuid.UUID) -> str:
    async with database.tenant_session(org) as session:
        file = await files.get_file(session, file_id)
    return f"{file.error_code}: {file.error_message}"


async def run_once(
    settings: Settings, database: Database, data: bytes, size: int
) -> dict[str, float]:
    """One upload → workflow → stored and indexed; returns seconds per stage.

    The worker is already running when the clock starts, as it is in production.
    """
    async with database.session() as session:
        org = (await seed_demo(session)).organization_id
    store = build_object_store(settings)
    client = await connect(settings)
    async with build_worker(client, settings, database):
        before = _activity_seconds()
        started = time.perf_counter()
        staged = await files.stage_upload(
            store,
            _chunks(data),
            organization_id=org,
            uploaded_by=None,
            filename="lote.zip",
            content_type="application/zip",
            max_bytes=settings.upload_max_bytes,
        )
        async with database.tenant_session(org) as session:
            file_id = (await files.register_upload(session, store, staged)).file.id
        uploaded = time.perf_counter()
        handle = await start_ingest(
            client, settings, IngestFileInput(organization_id=org, file_id=file_id)
        )
        result = await handle.result()
        ingested = time.perf_counter()
        await client.get_workflow_handle(f"reconcile-{org}").result()
        finished = time.perf_counter()
    assert result.documents == size, (result, await _error(database, org, file_id))
    assert result.transactions == size, result
    after = _activity_seconds()
    stages = {
        "upload": uploaded - started,
        "ingested (stored+indexed)": ingested - started,
        "total": finished - started,
    }
    for name, seconds in after.items():
        stages[name] = seconds - before.get(name, 0.0)
    return stages


async def main(sizes: list[int], runs: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="cc-bench-ingest-"))
    pg = EmbeddedPostgres(root / "pg", free_port(), durable=False)
    temporal = TemporalDevServer(db_file=None, port=free_port())
    pg.start()
    temporal.start()
    try:
        await asyncio.to_thread(
            bootstrap_database,
            pg.dsn(),
            database="bench_template",
            owner_role="own",
            app_role="app",
        )
        for size in sizes:
            data = make_batch(size, seed=size)
            results = []
            for run in range(runs if size <= 1000 else 1):
                name = f"bench_{size}_{run}"
                admin = await asyncpg.connect(pg.dsn())
                await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE bench_template OWNER own')
                await admin.close()
                settings = Settings(
                    _env_file=None,  # type: ignore[call-arg]
                    data_dir=root / f"data-{name}",
                    database_url=pg.dsn(database=name, user="app"),
                    temporal_address=temporal.address,
                    temporal_task_queue=f"bench-{uuid.uuid4().hex[:6]}",
                    log_level="WARNING",
                )
                database = Database(settings.database_url or "", pool_size=4)
                try:
                    results.append(await run_once(settings, database, data, size))
                finally:
                    await database.dispose()
            stages = {k: statistics.median(r[k] for r in results) for k in results[0]}
            per_doc = stages["total"] / size * 1000
            print(
                f"{size:>6} NF-e + {size} OFX lines: end to end {stages['total']:.2f} s"
                f" (median of {len(results)}; {per_doc:.2f} ms per document)"
            )
            for key, seconds in sorted(stages.items()):
                if key != "total":
                    print(f"         {key:<16} {seconds:7.2f} s")
    finally:
        temporal.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.sizes, args.runs))
