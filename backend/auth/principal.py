"""Who is calling: built only from a verified token, never from headers or arguments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from backend.db.enums import ActorType, Role


class PrincipalKind(StrEnum):
    """A person logged in through the web app, or an integrator's API client."""

    USER = "user"
    API_CLIENT = "api_client"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller and the organization the token is bound to."""

    subject_id: uuid.UUID
    organization_id: uuid.UUID
    role: Role
    kind: PrincipalKind = PrincipalKind.USER
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: str | None = None

    @property
    def actor_type(self) -> ActorType:
        """How the audit log records this caller."""
        return ActorType.USER if self.kind is PrincipalKind.USER else ActorType.API_CLIENT
