"""Secrets from settings, or generated once per data directory for development."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr


def configured_or_generated(value: SecretStr | None, path: Path) -> bytes:
    """``value`` when set; otherwise 32 random bytes kept in ``path`` (created once, 0600)."""
    if value is not None:
        return value.get_secret_value().encode()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()
