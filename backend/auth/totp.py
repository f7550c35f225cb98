"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), with the standard library.

Authenticator apps (Google Authenticator, Microsoft Authenticator, 1Password, Aegis...)
all speak the same profile: HMAC-SHA-1, 30-second steps, 6 digits, a base32 secret
delivered in an ``otpauth://`` URI (usually as a QR code). That is the only profile
offered here; SHA-256/512 variants are ignored by several apps.

A code is accepted for the current step and one step either side (clock drift of up
to 30 s), and only for a step later than the last one accepted, so a code observed
once cannot be replayed, even within its own 30 seconds.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
# Steps accepted either side of the current one.
DRIFT_STEPS = 1
# 160 bits: the secret length RFC 4226 recommends for HMAC-SHA-1.
SECRET_BYTES = 20
ISSUER = "Conciliacontag"


def generate_secret() -> str:
    """A new random base32 secret (no padding, as authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226 HOTP value of ``counter`` (dynamic truncation, zero-padded)."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(now: float) -> int:
    """The RFC 6238 time step (T0 = 0) that contains the Unix time ``now``."""
    return int(now // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    """The 6-digit code of a base32 ``secret`` for time step ``step``."""
    return hotp(_key(secret), step)


def normalize_code(code: str) -> str | None:
    """The digits of a code as people type it ("123 456"); None when it cannot be one."""
    digits = "".join(code.split())
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else None


def verify(secret: str, code: str, *, now: float, last_step: int | None) -> int | None:
    """The step ``code`` belongs to, within the drift window and after ``last_step``; else None.

    Every candidate is compared in constant time, so the timing does not tell which
    step (if any) matched.
    """
    typed = normalize_code(code)
    if typed is None:
        return None
    key = _key(secret)
    current = step_at(now)
    matched: int | None = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        fresh = last_step is None or step > last_step
        if hmac.compare_digest(hotp(key, step), typed) and fresh and matched is None:
            matched = step
    return matched


def provisioning_uri(secret: str, account: str, *, issuer: str = ISSUER) -> str:
    """The ``otpauth://totp/...`` URI authenticator apps import (usually from a QR code)."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
