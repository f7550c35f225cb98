"""GraphQL types for the logged-in user."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.api.graphql.relay import Node, to_global_id
from backend.api.graphql.support.types import SupportAccess
from backend.support.service import SupportVisitor
from backend.tenancy.models import Membership, Organization
from backend.users.service import Me


@strawberry.type(name="Organization")
class OrganizationType(Node):
    """A tenant."""

    id: strawberry.ID
    name: str
    slug: str

    @classmethod
    def from_model(cls, organization: Organization) -> OrganizationType:
        """Build from the table model."""
        return cls(
            id=to_global_id("Organization", organization.id),
            name=organization.name,
            slug=organization.slug,
        )


@strawberry.type(name="Membership")
class MembershipType:
    """The user's role in one organization."""

    role: str
    organization: OrganizationType

    @classmethod
    def from_models(cls, membership: Membership, organization: Organization) -> MembershipType:
        """Build from the table models."""
        return cls(role=membership.role, organization=OrganizationType.from_model(organization))


@strawberry.type(name="Me")
class MeType:
    """The caller, the organization the token is bound to, and all their memberships."""

    id: strawberry.ID
    email: str
    name: str
    role: str
    last_login_at: datetime | None
    organization: OrganizationType
    memberships: list[MembershipType]
    support_access: SupportAccess | None = strawberry.field(
        default=None,
        description="Set when the caller is platform support staff acting through a "
        "support grant (role is then the grant's); null for the organization's own users.",
    )

    @classmethod
    def from_support_visitor(cls, visitor: SupportVisitor) -> MeType:
        """A staff member inside an organization: no memberships, the grant's role."""
        return cls(
            id=to_global_id("User", visitor.user.id),
            email=visitor.user.email,
            name=visitor.user.name,
            role=visitor.grant.role,
            last_login_at=visitor.user.last_login_at,
            organization=OrganizationType.from_model(visitor.organization),
            memberships=[],
            support_access=SupportAccess.from_visitor(visitor),
        )

    @classmethod
    def from_me(cls, me: Me, role: str) -> MeType:
        """Build from the service's result."""
        return cls(
            id=to_global_id("User", me.user.id),
            email=me.user.email,
            name=me.user.name,
            role=role,
            last_login_at=me.user.last_login_at,
            organization=OrganizationType.from_model(me.organization),
            memberships=[MembershipType.from_models(m, o) for m, o in me.memberships],
        )
