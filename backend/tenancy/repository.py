"""SQL for organizations, memberships and companies."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.tenancy.models import BankAccount, Company, Membership, Organization


async def add_organization(session: AsyncSession, organization: Organization) -> Organization:
    """Insert an organization (the session must be scoped to its id)."""
    session.add(organization)
    await session.flush()
    return organization


async def get_organization(
    session: AsyncSession, organization_id: uuid.UUID
) -> Organization | None:
    """The organization, if visible."""
    return await session.get(Organization, organization_id)


async def get_organization_by_slug(session: AsyncSession, slug: str) -> Organization | None:
    """The organization with this slug, if visible."""
    result = await session.execute(select(Organization).where(col(Organization.slug) == slug))
    return result.scalar_one_or_none()


async def add_membership(session: AsyncSession, membership: Membership) -> Membership:
    """Insert a membership."""
    session.add(membership)
    await session.flush()
    return membership


async def memberships_of_user(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Membership, Organization]]:
    """Active memberships of a user with their organizations, oldest first."""
    result = await session.execute(
        select(Membership, Organization)
        .join(Organization, col(Organization.id) == col(Membership.organization_id))
        .where(
            col(Membership.user_id) == user_id,
            col(Membership.is_active),
            col(Organization.is_active),
        )
        .order_by(col(Membership.created_at))
    )
    return [(m, o) for m, o in result.all()]


async def get_membership(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    """The user's membership in the organization, if any."""
    result = await session.execute(
        select(Membership).where(
            col(Membership.organization_id) == organization_id,
            col(Membership.user_id) == user_id,
        )
    )
    return result.scalar_one_or_none()


async def add_company(session: AsyncSession, company: Company) -> Company:
    """Insert a company."""
    session.add(company)
    await session.flush()
    return company


async def list_companies(session: AsyncSession) -> list[Company]:
    """The current organization's companies by legal name."""
    result = await session.execute(select(Company).order_by(col(Company.legal_name)))
    return list(result.scalars())


async def get_company(session: AsyncSession, company_id: uuid.UUID) -> Company | None:
    """The company, if it belongs to the current organization."""
    return await session.get(Company, company_id, populate_existing=True)


async def get_company_by_cnpj(session: AsyncSession, cnpj: str) -> Company | None:
    """The current organization's company with this CNPJ."""
    result = await session.execute(select(Company).where(col(Company.cnpj) == cnpj))
    return result.scalar_one_or_none()


async def delete_company(session: AsyncSession, company: Company) -> None:
    """Remove a company (documents keep their data; their company link is cleared)."""
    await session.delete(company)
    await session.flush()


async def list_bank_accounts(session: AsyncSession) -> list[BankAccount]:
    """The current organization's bank, card and ledger accounts by name."""
    result = await session.execute(select(BankAccount).order_by(col(BankAccount.name)))
    return list(result.scalars())


async def companies_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Company]:
    """Companies with these ids."""
    result = await session.execute(select(Company).where(col(Company.id).in_(ids)))
    return list(result.scalars())
