"""RS256 signing keys.

Production reads a PEM private key from ``JWT_PRIVATE_KEY`` (the PEM itself) or
``JWT_PRIVATE_KEY_PATH``; development generates one under ``.data/keys`` on
first use. The public half is published as a JWKS for integrators.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from backend.core.settings import Settings


def _generate(path: Path) -> RSAKey:
    key = RSAKey.generate_key(2048, private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written with 0600 from the start: the file is a credential.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.as_pem(private=True))
    return key


def load_signing_key(settings: Settings) -> RSAKey:
    """The private key, with ``kid`` set to its RFC 7638 thumbprint."""
    if settings.jwt_private_key is not None:
        key = RSAKey.import_key(settings.jwt_private_key.get_secret_value())
    else:
        path = settings.jwt_private_key_path or settings.keys_dir / "jwt_private.pem"
        if path.exists():
            key = RSAKey.import_key(path.read_bytes())
        elif settings.environment == "production":
            raise RuntimeError("JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_PATH must be set in production")
        else:
            try:
                key = _generate(path)
            except FileExistsError:  # another process generated it first
                key = RSAKey.import_key(path.read_bytes())
    key.ensure_kid()
    return key


def public_jwks(key: RSAKey) -> dict[str, Any]:
    """The JSON Web Key Set with only the public half of ``key``."""
    public = RSAKey.import_key(key.as_dict(private=False))
    public.ensure_kid()
    data: dict[str, Any] = dict(KeySet([public]).as_dict(private=False))
    for jwk in data["keys"]:
        jwk.update({"use": "sig", "alg": "RS256"})
    return data
