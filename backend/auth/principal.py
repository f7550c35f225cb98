"""Who is calling: built only from a verified token, never from headers or arguments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from backend.db.enums import ActorType, Role


class PrincipalKind(StrEnum):
    """A person logged in through the web app, an integrator's API client, or platform
    support staff acting inside one organization through a support grant (backend/support)."""

    USER = "user"
    API_CLIENT = "api_client"
    SUPPORT = "support"


# The only scope a person's token can carry: an admin who must enroll TOTP before doing
# anything else (REQUIRE_ADMIN_TOTP) gets a token limited to enrolling.
TOTP_ENROLLMENT_SCOPE = "totp_enrollment"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller and the organization the token is bound to."""

    subject_id: uuid.UUID
    organization_id: uuid.UUID
    role: Role
    kind: PrincipalKind = PrincipalKind.USER
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: str | None = None
    # SUPPORT only: the support grant the token was exchanged for (checked on every request).
    grant_id: uuid.UUID | None = None

    @property
    def user_id(self) -> uuid.UUID | None:
        """The person behind the call (for ``created_by``-style columns); None for API clients."""
        return None if self.kind is PrincipalKind.API_CLIENT else self.subject_id

    @property
    def totp_enrollment_only(self) -> bool:
        """True for an admin's token that may only enroll a second factor."""
        return self.kind is PrincipalKind.USER and TOTP_ENROLLMENT_SCOPE in self.scopes

    @property
    def actor_type(self) -> ActorType:
        """How the audit log records this caller."""
        return _ACTOR_TYPES[self.kind]


_ACTOR_TYPES = {
    PrincipalKind.USER: ActorType.USER,
    PrincipalKind.API_CLIENT: ActorType.API_CLIENT,
    PrincipalKind.SUPPORT: ActorType.SUPPORT,
}


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    """Platform support staff outside any organization (a staff token from ``staffLogin``).

    Deliberately not a :class:`Principal`: it has no organization, so no tenant field can
    take it; only the support fields accept it (``Context.require_staff``).
    """

    user_id: uuid.UUID
    token_id: str | None = None
    # A staff member without TOTP where it is required: the token may only enroll it.
    totp_enrollment_only: bool = False
