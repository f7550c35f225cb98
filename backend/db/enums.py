"""Closed vocabularies stored as text with CHECK constraints."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a member may do in an organization (see backend/auth/rbac.py)."""

    ADMIN = "admin"
    MANAGER = "manager"
    OPERATOR = "operator"
    AUDITOR = "auditor"


class FileStatus(StrEnum):
    """Where an uploaded file is in the ingestion pipeline."""

    UPLOADED = "uploaded"
    PROCESSING = "processing"
    PROCESSED = "processed"
    FAILED = "failed"


class DocumentStatus(StrEnum):
    """Fiscal status of a document, changed by its events."""

    AUTHORIZED = "authorized"
    CANCELLED = "cancelled"
    DENIED = "denied"
    UNKNOWN = "unknown"


class Direction(StrEnum):
    """Money direction of a document relative to the tenant's own CNPJs."""

    RECEIVABLE = "receivable"
    PAYABLE = "payable"
    UNKNOWN = "unknown"


class OpenItemStatus(StrEnum):
    """Reconciliation state of an installment or a transaction."""

    OPEN = "open"
    PARTIAL = "partial"
    RECONCILED = "reconciled"
    IGNORED = "ignored"


class ReconciliationStatus(StrEnum):
    """Outcome of a reconciliation decision."""

    MATCHED = "matched"
    SUGGESTED = "suggested"
    REJECTED = "rejected"


class DecidedBy(StrEnum):
    """Who made a reconciliation decision."""

    SYSTEM = "system"
    RULE = "rule"
    USER = "user"


class ActorType(StrEnum):
    """Who did something recorded in the audit log."""

    USER = "user"
    API_CLIENT = "api_client"
    SYSTEM = "system"
    RULE = "rule"
    # Platform support staff acting through a support grant (actor_id = the staff user).
    SUPPORT = "support"


def check_in(column: str, values: type[StrEnum]) -> str:
    """SQL for a CHECK constraint that keeps ``column`` inside an enum's values."""
    quoted = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({quoted})"
