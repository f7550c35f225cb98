"""Use cases about the people who log in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal, PrincipalKind
from backend.core.errors import NotFound
from backend.db.session import set_context
from backend.tenancy import repository as tenancy
from backend.tenancy.models import Membership, Organization
from backend.users import repository
from backend.users.models import User


@dataclass(frozen=True, slots=True)
class Me:
    """The caller, the organization the token is bound to, and every membership."""

    user: User
    organization: Organization
    memberships: list[tuple[Membership, Organization]]


async def get_me(session: AsyncSession, principal: Principal) -> Me:
    """The logged-in user's profile. ``session`` is scoped to the principal's organization."""
    if principal.kind is not PrincipalKind.USER:
        raise NotFound("API clients have no user profile")
    await set_context(session, user_id=principal.subject_id)
    user = await repository.get(session, principal.subject_id)
    organization = await tenancy.get_organization(session, principal.organization_id)
    if user is None or organization is None:
        raise NotFound("user not found")
    memberships = await tenancy.memberships_of_user(session, user.id)
    return Me(user=user, organization=organization, memberships=memberships)
