"""Webhook secrets and signatures (HMAC-SHA256 over "{timestamp}.{body}").

The timestamp is signed with the body so a receiver can refuse replays of an old,
captured delivery (docs/webhooks.md shows the receiver's side).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - a marker, not a secret
EVENT_HEADER = "X-Conciliacontag-Event"
DELIVERY_HEADER = "X-Conciliacontag-Delivery"
TIMESTAMP_HEADER = "X-Conciliacontag-Timestamp"
SIGNATURE_HEADER = "X-Conciliacontag-Signature"


def new_secret() -> str:
    """A fresh signing secret (256 random bits), shown to the tenant once."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Conciliacontag-Signature`` value: ``sha256=<hex HMAC>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def delivery_headers(
    *, event_type: str, delivery_id: str, timestamp: int, secret: str, body: bytes
) -> dict[str, str]:
    """Every header a delivery carries, the signature included."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Conciliacontag-Webhooks/1",
        EVENT_HEADER: event_type,
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
