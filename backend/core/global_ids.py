"""Opaque global ids: base64url("Type:uuid") without padding.

The GraphQL layer (backend/api/graphql/relay.py) exposes objects under these ids,
and services that talk to the outside world without GraphQL (webhook payloads)
must name objects the same way, so the encoding lives here, free of strawberry.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from backend.core.errors import NotFound


def to_global_id(type_name: str, row_id: uuid.UUID) -> str:
    """The opaque global id of a row of ``type_name``."""
    raw = f"{type_name}:{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_global_id(global_id: str) -> tuple[str, uuid.UUID]:
    """(type name, uuid) of a global id; NOT_FOUND for anything malformed."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, uuid.UUID(raw)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise NotFound("no such object") from exc
