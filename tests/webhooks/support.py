"""A real HTTP receiver for webhook tests, and the receiver-side signature check.

The receiver is ``http.server`` on 127.0.0.1 (a free port) in a thread: deliveries
cross a real socket, and it answers with the statuses a test scripts.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import asyncpg

from backend.auth.principal import Principal
from backend.db.enums import Role


@dataclass(frozen=True)
class Received:
    """One request the receiver got: path, headers (lower-case names) and body."""

    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Answers each POST with the next scripted status, then with ``default``."""

    def __init__(self, statuses: Sequence[int] = (), default: int = 200) -> None:
        self._statuses = list(statuses)
        self.default = default
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.requests.append(
                        Received(
                            path=self.path,
                            headers={k.lower(): v for k, v in self.headers.items()},
                            body=body,
                        )
                    )
                    status = receiver._statuses.pop(0) if receiver._statuses else receiver.default
                answer = b"ok" if status < 300 else b"receiver says no"
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: pytest shows failures, not access logs."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Where to register it (plain http to loopback: allowed outside production)."""
        return f"http://127.0.0.1:{self.port}/hooks"

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        """Serve in a thread until the block ends."""
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join()


def verify_signature(
    secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300
) -> bool:
    """What a receiver does (docs/webhooks.md): recompute, compare in constant time,
    refuse timestamps older (or newer) than ``tolerance`` seconds."""
    timestamp = headers["x-conciliacontag-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", headers["x-conciliacontag-signature"])


async def admin_principal(superuser: asyncpg.Connection, organization_id: uuid.UUID) -> Principal:
    """The organization's (seeded) admin as a principal: endpoints record their creator."""
    user_id = await superuser.fetchval(
        "select user_id from memberships where organization_id = $1 and role = 'admin'",
        organization_id,
    )
    assert user_id is not None
    return Principal(subject_id=user_id, organization_id=organization_id, role=Role.ADMIN)
