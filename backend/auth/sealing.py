"""Encrypting secrets the product must read back (TOTP seeds, webhook signing keys).

Passwords and tokens are hashed, never sealed; these two must be recovered to
compute a code or a signature, so they are sealed with Fernet (AES-128-CBC +
HMAC-SHA256) under SECRET_BOX_KEY, and a database dump alone does not reveal them.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from backend.core.errors import DomainError
from backend.core.keyfiles import configured_or_generated
from backend.core.settings import Settings


class SealBroken(DomainError):
    """A sealed value could not be opened (wrong key or altered)."""

    code = "SECRET_UNREADABLE"
    http_status = 500


class SecretBox:
    """Seal and open short secrets with one key."""

    def __init__(self, key_material: bytes) -> None:
        # Any configured string becomes a valid Fernet key.
        digest = hashlib.sha256(b"conciliacontag-secret-box:" + key_material).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plaintext: str) -> str:
        """The encrypted form to store."""
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        """The plaintext of a value sealed with this key."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise SealBroken("a stored secret could not be decrypted") from exc


def secret_box(settings: Settings) -> SecretBox:
    """The box for SECRET_BOX_KEY, or for a development key under data_dir/keys."""
    return SecretBox(
        configured_or_generated(settings.secret_box_key, settings.keys_dir / "secret_box.key")
    )
