"""`conciliacontag dev` (what `make dev` runs), as a person would use it: start, log in,
stop with SIGTERM, start again on the same data."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from backend.devstack.postgres import free_port, port_is_open

LOGIN = (
    'mutation { login(email: "admin@demo.conciliacontag.com.br",'
    ' password: "demo-conciliacontag") { ... on AuthTokens { accessToken } } }'
)


def _post(url: str, query: str, token: str | None = None) -> dict[str, object]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps({"query": query}).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, object] = json.loads(response.read())
        return body


class DevRun:
    """One `conciliacontag dev` process with its output collected line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "dev"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, needle: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.output.append(line)
            if needle in line:
                return line
        raise AssertionError(f"{needle!r} not seen; output:\n{''.join(self.output)}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(60)


def test_dev_starts_serves_stops_and_reuses_data(tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("pg", "temporal", "ui", "api", "metrics")}
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "EMBEDDED_POSTGRES_PORT": str(ports["pg"]),
        "EMBEDDED_TEMPORAL_PORT": str(ports["temporal"]),
        "EMBEDDED_TEMPORAL_UI_PORT": str(ports["ui"]),
        "API_PORT": str(ports["api"]),
        "WORKER_METRICS_PORT": str(ports["metrics"]),
    }
    for key in ("DATABASE_URL", "MIGRATION_DATABASE_URL", "TEMPORAL_ADDRESS"):
        env.pop(key, None)
    base = f"http://127.0.0.1:{ports['api']}"

    first = DevRun(env)
    try:
        first.wait_for("new cluster")
        first.wait_for("ready in")
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            assert json.loads(response.read())["status"] == "ok"
        token = _post(f"{base}/graphql", LOGIN)["data"]["login"]["accessToken"]  # type: ignore[index]
        me = _post(f"{base}/graphql", "{ me { email } }", token)
        assert me["data"] == {"me": {"email": "admin@demo.conciliacontag.com.br"}}
        assert port_is_open(ports["ui"]), "the Temporal UI should listen on its own port"
        with urllib.request.urlopen(f"http://127.0.0.1:{ports['metrics']}/", timeout=5) as r:
            assert b"activity_duration_seconds" in r.read()
    finally:
        code = first.stop()
    assert code == 0
    first.wait_for("stopped")
    for name, port in ports.items():
        assert not port_is_open(port), f"{name} still listening after stop"

    second = DevRun(env)
    try:
        second.wait_for("reused data")
        second.wait_for("ready in")
        token = _post(f"{base}/graphql", LOGIN)["data"]["login"]["accessToken"]  # type: ignore[index]
        assert token
    finally:
        assert second.stop() == 0
    second.wait_for("stopped")
