"""Session-wide test fixtures: real PostgreSQL (RLS on), real Temporal dev server.

One embedded PostgreSQL cluster and one Temporal dev server per test process
(per xdist worker). The schema is migrated once into a template database;
each test that asks for a database gets a fresh clone of it, so tests pass in
any order and in parallel.

The real public samples (fiscal XML and PDF, bank files) are not in the repository: they
are read from SAMPLES_DIR (default ../shared/samples beside the checkout). Tests that read
them carry the ``samples`` marker (every test asking for ``samples_dir`` gets it) and are
skipped, under one shared reason, when the folder is absent; with REQUIRE_SAMPLES=1 (set by
.ci/run) such a skip is a failure instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from temporalio.service import RPCError

from backend.core.settings import Settings
from backend.db.provision import role_dsn
from backend.db.session import Database, configure_database
from backend.devstack.database import DatabaseUrls, bootstrap_database
from backend.devstack.postgres import EmbeddedPostgres, free_port
from backend.devstack.temporal import TemporalDevServer
from backend.files import repository as file_rows
from backend.files import service as files
from backend.storage import build_object_store
from backend.tenancy.service import DEMO_ORGANIZATION_ID, seed_demo
from workflows.client import connect

REPO_ROOT = Path(__file__).resolve().parents[1]
# A relative SAMPLES_DIR is taken from the repository, as the default is.
SAMPLES_DIR = (REPO_ROOT / (os.environ.get("SAMPLES_DIR") or "../shared/samples")).resolve()
SAMPLES_MISSING = (
    f"real samples not found at {SAMPLES_DIR}: copy the shared samples folder there or set "
    "SAMPLES_DIR to it (README.md, Tests)"
)
# What a test parametrized by sample files gets when there are none (see sample_params).
SAMPLES_MISSING_PARAM = "samples-missing"
OWNER_ROLE = "cc_owner"
APP_ROLE = "cc_app"
TEMPLATE_DB = "cc_template"


def _samples_required() -> bool:
    return os.environ.get("REQUIRE_SAMPLES", "") not in ("", "0")


def pytest_configure(config: pytest.Config) -> None:
    # Registered here, not in pyproject.toml, so the rule and its marker live together.
    config.addinivalue_line(
        "markers", "samples: reads the real samples of SAMPLES_DIR; skipped when it is absent"
    )


def pytest_report_header(config: pytest.Config) -> str:
    found = "found" if SAMPLES_DIR.is_dir() else "absent, real-sample tests are skipped"
    return f"samples: {SAMPLES_DIR} ({found})"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Asking for samples_dir, directly or through another fixture, is reading the samples:
    # no such test can forget its marker.
    for item in items:
        if "samples_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.samples)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Skipped from this one place with one reason, so pytest's summary folds every such
    # skip into a single line; before any fixture starts a server for nothing.
    if item.get_closest_marker("samples") is not None and not SAMPLES_DIR.is_dir():
        pytest.skip(SAMPLES_MISSING)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under REQUIRE_SAMPLES, a real-sample test that was skipped, for whatever reason,
    fails: where the samples exist, none of their tests may silently go missing."""
    report = yield
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("samples") is not None
        and _samples_required()
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_SAMPLES is set and this real-sample test was skipped: {reason}"
    return report


def sample_params(relatives: Iterable[str]) -> list[str]:
    """Sample paths (relative to SAMPLES_DIR) to parametrize a test by, sorted; the iterable
    is consumed only when the samples are there. Without them, one stand-in value: the test
    is still collected and skipped with the others, where pytest would skip an empty
    parameter list on its own, under another reason."""
    return sorted(relatives) if SAMPLES_DIR.is_dir() else [SAMPLES_MISSING_PARAM]


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The real public fiscal and bank files (SAMPLES_DIR; SOURCES.tsv there says where
    each comes from). A test using it is marked ``samples`` and skipped without them."""
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def pg_server() -> Iterator[EmbeddedPostgres]:
    """A throw-away PostgreSQL 18 cluster (fsync off) for this test process.

    Its folder is our own, not pytest's numbered tmp dir: pytest prunes old numbered
    dirs when another session starts, which would pull PGDATA from under a running server.
    """
    root = Path(tempfile.mkdtemp(prefix="cc-test-pg-"))
    server = EmbeddedPostgres(root / "data", free_port(), durable=False)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: EmbeddedPostgres) -> str:
    """Roles created and the schema migrated once, into a template database."""
    bootstrap_database(
        pg_server.dsn(), database=TEMPLATE_DB, owner_role=OWNER_ROLE, app_role=APP_ROLE
    )
    return TEMPLATE_DB


@dataclass(frozen=True)
class IsolatedDatabase:
    """A fresh database cloned from the template, and how each role reaches it."""

    name: str
    urls: DatabaseUrls
    superuser: str


@pytest.fixture
async def test_db(pg_server: EmbeddedPostgres, pg_template: str) -> AsyncIterator[IsolatedDatabase]:
    """An isolated, migrated database for one test."""
    async with clone_database(pg_server, pg_template) as database:
        yield database


@asynccontextmanager
async def clone_database(
    pg_server: EmbeddedPostgres, pg_template: str
) -> AsyncIterator[IsolatedDatabase]:
    """A fresh database cloned from the migrated template, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_server.dsn())
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}" OWNER {OWNER_ROLE}')
    finally:
        await admin.close()
    try:
        yield IsolatedDatabase(
            name=name,
            urls=DatabaseUrls(
                app=role_dsn(pg_server.dsn(), APP_ROLE, name),
                owner=role_dsn(pg_server.dsn(), OWNER_ROLE, name),
            ),
            superuser=role_dsn(pg_server.dsn(), "postgres", name),
        )
    finally:
        admin = await asyncpg.connect(pg_server.dsn())
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture
async def database(test_db: IsolatedDatabase) -> AsyncIterator[Database]:
    """The application-role Database on the test's own database (also process-wide)."""
    db = Database(test_db.urls.app, pool_size=4)
    configure_database(db)
    yield db
    await db.dispose()


@pytest.fixture
async def superuser(test_db: IsolatedDatabase) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection: bypasses RLS, for control queries that prove rows exist."""
    conn = await asyncpg.connect(test_db.superuser)
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
def temporal_server() -> Iterator[TemporalDevServer]:
    """The Temporal dev server (in memory, headless) for this test process."""
    server = TemporalDevServer(db_file=None, port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def keys_dir() -> Iterator[Path]:
    """Where the test signing key is generated (once per process)."""
    root = Path(tempfile.mkdtemp(prefix="cc-test-keys-"))
    yield root / "keys"
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def settings(
    test_db: IsolatedDatabase, temporal_server: TemporalDevServer, keys_dir: Path
) -> AsyncIterator[Settings]:
    """Settings pointing at the test's database and the test Temporal server.

    The demo tenant has a fixed id in every test database, so its reconciliation
    workflow id repeats across tests on the shared Temporal server: a run a test left
    behind (its worker gone) is terminated, or the next test's signal would join it.
    """
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        data_dir=keys_dir.parent,
        database_url=test_db.urls.app,
        migration_database_url=test_db.urls.owner,
        database_app_role=APP_ROLE,
        database_owner_role=OWNER_ROLE,
        temporal_address=temporal_server.address,
        temporal_task_queue=f"test-{uuid.uuid4().hex[:8]}",
        jwt_private_key_path=keys_dir / "jwt_private.pem",
    )
    yield settings
    client = await connect(settings)
    handle = client.get_workflow_handle(f"reconcile-{DEMO_ORGANIZATION_ID}")
    with contextlib.suppress(RPCError):
        await handle.terminate("test finished")


async def _single_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def upload_bytes(
    settings: Settings, database: Database, organization_id: uuid.UUID, data: bytes, name: str
) -> uuid.UUID:
    """Store ``data`` through the upload service as ``name`` and return the file id."""
    store = build_object_store(settings)
    staged = await files.stage_upload(
        store,
        _single_chunk(data),
        organization_id=organization_id,
        uploaded_by=None,
        filename=name,
        content_type=None,
        max_bytes=settings.upload_max_bytes,
    )
    async with database.tenant_session(organization_id) as session:
        return (await files.register_upload(session, store, staged)).file.id


@pytest.fixture
async def org(database: Database) -> uuid.UUID:
    """The demo tenant (company CNPJ 11222333000181) in the test's database."""
    async with database.session() as session:
        return (await seed_demo(session)).organization_id


FileFactory = Callable[[str], Awaitable[uuid.UUID]]


@pytest.fixture
def make_file(database: Database, org: uuid.UUID) -> FileFactory:
    """Create a files row named ``name`` and return its id."""

    async def create(name: str) -> uuid.UUID:
        async with database.tenant_session(org) as session:
            row = await file_rows.insert_if_new(
                session,
                {
                    "organization_id": org,
                    "sha256": hashlib.sha256(name.encode()).hexdigest(),
                    "original_name": name,
                    "size_bytes": 1,
                    "storage_key": f"k/{name}",
                    "status": "processing",
                },
            )
            assert row is not None
            return row.id

    return create
