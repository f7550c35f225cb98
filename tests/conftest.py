"""Session-wide test fixtures: real PostgreSQL (RLS on), real Temporal dev server.

One embedded PostgreSQL cluster and one Temporal dev server per test process
(per xdist worker). The schema is migrated once into a template database;
each test that asks for a database gets a fresh clone of it, so tests pass in
any order and in parallel.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
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
SAMPLES_DIR = REPO_ROOT.parent / "shared" / "samples"
OWNER_ROLE = "cc_owner"
APP_ROLE = "cc_app"
TEMPLATE_DB = "cc_template"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The real public fiscal and bank files beside the checkout (../shared/samples)."""
    assert SAMPLES_DIR.is_dir(), f"samples not found at {SAMPLES_DIR}"
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
