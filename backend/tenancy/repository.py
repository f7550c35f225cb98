"""SQL for organizations, memberships and companies."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.pagination import like_pattern
from backend.tenancy.models import BankAccount, Company, Membership, Organization
from backend.users.models import Invitation, User


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


async def members(
    session: AsyncSession, *, active: bool | None, text_value: str | None
) -> list[tuple[Membership, User]]:
    """The organization's memberships with their users, by name."""
    query = select(Membership, User).join(User, col(User.id) == col(Membership.user_id))
    if active is not None:
        query = query.where(col(Membership.is_active) == active)
    if text_value:
        pattern = like_pattern(text_value.strip())
        query = query.where(or_(col(User.name).ilike(pattern), col(User.email).ilike(pattern)))
    result = await session.execute(query.order_by(col(User.name), col(User.id)))
    return [(m, u) for m, u in result.all()]


async def member(session: AsyncSession, user_id: uuid.UUID) -> tuple[Membership, User] | None:
    """One member of the current organization, locked for a change."""
    result = await session.execute(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(col(Membership.user_id) == user_id)
        .with_for_update(of=Membership)
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def active_admins(session: AsyncSession) -> int:
    """How many active admins the current organization has."""
    result = await session.execute(
        select(func.count())
        .select_from(Membership)
        .where(col(Membership.role) == "admin", col(Membership.is_active))
    )
    return int(result.scalar_one())


async def member_by_email(session: AsyncSession, email: str) -> tuple[Membership, User] | None:
    """The current organization's member with this e-mail, if any (its own members only:
    RLS shows a user row to an organization only through a membership of it)."""
    result = await session.execute(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(col(User.email) == email)
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def add_invitation(session: AsyncSession, invitation: Invitation) -> None:
    """Insert (or write back) an invitation."""
    session.add(invitation)
    await session.flush()


async def pending_invitation_for(session: AsyncSession, email: str) -> Invitation | None:
    """The current organization's open invitation to ``email``, locked (at most one is
    open per address: inviting again replaces it)."""
    result = await session.execute(
        select(Invitation)
        .where(
            col(Invitation.email) == email,
            col(Invitation.accepted_at).is_(None),
            col(Invitation.revoked_at).is_(None),
        )
        .with_for_update()
    )
    return result.scalars().first()


async def open_invitations(session: AsyncSession) -> list[Invitation]:
    """The current organization's invitations not yet accepted nor revoked, newest first."""
    result = await session.execute(
        select(Invitation)
        .where(col(Invitation.accepted_at).is_(None), col(Invitation.revoked_at).is_(None))
        .order_by(col(Invitation.created_at).desc(), col(Invitation.id))
    )
    return list(result.scalars())


async def get_invitation(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation | None:
    """One invitation of the current organization, locked."""
    result = await session.execute(
        select(Invitation).where(col(Invitation.id) == invitation_id).with_for_update()
    )
    return result.scalar_one_or_none()


async def invitation_by_hash(session: AsyncSession, token_hash: str) -> Invitation | None:
    """The invitation with this token hash, locked."""
    result = await session.execute(
        select(Invitation).where(col(Invitation.token_hash) == token_hash).with_for_update()
    )
    return result.scalar_one_or_none()


async def get_bank_account(session: AsyncSession, account_id: uuid.UUID) -> BankAccount | None:
    """The account, if it belongs to the current organization."""
    return await session.get(BankAccount, account_id, populate_existing=True)


async def add_bank_account(session: AsyncSession, account: BankAccount) -> BankAccount:
    """Insert or update an account."""
    session.add(account)
    await session.flush()
    return account


async def delete_bank_account(session: AsyncSession, account: BankAccount) -> None:
    """Remove an account."""
    await session.delete(account)
    await session.flush()


async def account_has_transactions(session: AsyncSession, account_id: uuid.UUID) -> bool:
    """Whether any transaction posts to the account."""
    result = await session.execute(
        text("select exists (select 1 from transactions where bank_account_id = :id)"),
        {"id": account_id},
    )
    return bool(result.scalar_one())
