"""A real API for the docs' examples: uvicorn on a free port, the demo tenant seeded."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from backend.demo import demo_archive
from backend.dev import seed
from backend.devstack.postgres import EmbeddedPostgres, free_port
from backend.devstack.temporal import TemporalDevServer
from tests.conftest import APP_ROLE, OWNER_ROLE, REPO_ROOT, IsolatedDatabase, clone_database
from tests.docs.doccheck import CURL_SHIM

DEMO_CNPJ = "11222333000181"


@dataclass(frozen=True)
class DocApi:
    """The served API and the environment the docs' blocks run in."""

    base_url: str
    env: dict[str, str]
    """Service settings of the test database and Temporal, as the server has them."""


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    with httpx.Client(base_url=base_url, timeout=2) as client:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"the API exited with {process.returncode}")
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError("the API did not become healthy in 30 s")


@pytest.fixture(scope="module")
async def doc_database(
    pg_server: EmbeddedPostgres, pg_template: str
) -> AsyncIterator[IsolatedDatabase]:
    """A fresh database with the demo tenant, for the module's API."""
    async with clone_database(pg_server, pg_template) as database:
        await seed(database.urls.app)
        yield database


@pytest.fixture(scope="module")
def doc_api(
    doc_database: IsolatedDatabase,
    temporal_server: TemporalDevServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[DocApi]:
    """``conciliacontag api`` (uvicorn) on a free port, configured as make dev does it.

    No worker runs: uploads stay ``uploaded``, which is what the docs' answers show.
    """
    port = free_port()
    env = {
        "ENVIRONMENT": "test",
        "DATA_DIR": str(tmp_path_factory.mktemp("doc-api-data")),
        "DATABASE_URL": doc_database.urls.app,
        "MIGRATION_DATABASE_URL": doc_database.urls.owner,
        "DATABASE_APP_ROLE": APP_ROLE,
        "DATABASE_OWNER_ROLE": OWNER_ROLE,
        "TEMPORAL_ADDRESS": temporal_server.address,
        "TEMPORAL_TASK_QUEUE": f"doc-check-{uuid.uuid4().hex[:8]}",
        "API_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "api", "--host", "127.0.0.1"],
        env={**os.environ, **env},
        cwd=tmp_path_factory.mktemp("doc-api-cwd"),
        stdout=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process)
        yield DocApi(base_url, env)
    finally:
        process.terminate()
        process.wait(30)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the blocks run: the demo data unzipped (``notas-emitidas/``,
    ``notas-recebidas/``, ``extratos/``), ``nota.xml`` (one of its NF-e) and ``.venv``."""
    root = tmp_path_factory.mktemp("doc-scratch")
    with zipfile.ZipFile(io.BytesIO(demo_archive(DEMO_CNPJ))) as archive:
        archive.extractall(root)
    first = sorted((root / "notas-emitidas").iterdir())[0]
    shutil.copyfile(first, root / "nota.xml")
    (root / ".venv").symlink_to(REPO_ROOT / ".venv")
    return root


@pytest.fixture(scope="module")
def shell_env(doc_api: DocApi, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The blocks' environment: the test API's settings, ``$API``, the curl shim first
    on PATH and the venv's commands after it."""
    shim = tmp_path_factory.mktemp("doc-bin")
    (shim / "curl").write_text(CURL_SHIM)
    (shim / "curl").chmod(0o755)
    real_curl = shutil.which("curl")
    assert real_curl, "the doc check needs curl"
    assert shutil.which("jq"), "the doc check needs jq"
    return {
        **os.environ,
        **doc_api.env,
        "API": doc_api.base_url,
        "PATH": os.pathsep.join([str(shim), str(REPO_ROOT / ".venv" / "bin"), os.environ["PATH"]]),
        "DOC_REAL_CURL": real_curl,
    }
