"""Per-tenant reconciliation rules (the language lives in backend/reconciliation)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from backend.db.base import created_at, org_fk, updated_at, uuid_pk


class Rule(SQLModel, table=True):
    """A named, versioned rule; ``definition`` is validated by the rules language."""

    __tablename__ = "rules"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        Index(None, "organization_id", "is_active", "priority"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    name: str
    description: str = ""
    version: int = 1
    priority: int = 100
    is_active: bool = True
    definition: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class RuleVersion(SQLModel, table=True):
    """One saved state of a rule: every create, update and delete adds one.

    ``rule_id`` is not a foreign key so the history outlives a deleted rule.
    """

    __tablename__ = "rule_versions"
    __table_args__ = (
        UniqueConstraint("rule_id", "version"),
        Index(None, "organization_id", "rule_id"),
    )

    id: uuid.UUID = uuid_pk()
    organization_id: uuid.UUID = org_fk()
    rule_id: uuid.UUID
    version: int
    change: str
    name: str
    description: str = ""
    priority: int = 100
    is_active: bool = True
    definition: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    changed_by: uuid.UUID | None = None
    created_at: datetime = created_at()
