"""Organizations and their members: creation and the demo seed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.passwords import hash_password
from backend.core.errors import NotFound
from backend.db.enums import ActorType, Role
from backend.db.session import set_context
from backend.tenancy import repository
from backend.tenancy.models import BankAccount, Company, Membership, Organization
from backend.users import repository as users
from backend.users.models import User

# The demo tenant has a fixed id so seeding is idempotent without a cross-tenant lookup.
DEMO_ORGANIZATION_ID = uuid.UUID("00000000-0000-4000-8000-00000000d3e0")


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    """What `make dev` prints so a person can log in."""

    organization_id: uuid.UUID
    email: str
    password: str
    company_cnpj: str
    created: bool


async def create_organization(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    name: str,
    slug: str,
    admin: User,
) -> Organization:
    """Create an organization with ``admin`` as its first admin member.

    Scopes ``session`` to the new organization (RLS lets a transaction insert only
    the organization it is scoped to). ``admin`` may be new (no id in the database yet).
    """
    await set_context(session, organization_id=organization_id)
    organization = await repository.add_organization(
        session, Organization(id=organization_id, name=name, slug=slug)
    )
    if await users.get(session, admin.id) is None:
        await users.add(session, admin)
    await repository.add_membership(
        session,
        Membership(organization_id=organization_id, user_id=admin.id, role=Role.ADMIN.value),
    )
    await audit.record(
        session,
        organization_id=organization_id,
        actor_type=ActorType.SYSTEM,
        actor_id=None,
        action="organization.created",
        entity_type="organization",
        entity_id=organization_id,
        after={"name": name, "slug": slug, "admin_user_id": str(admin.id)},
    )
    return organization


async def seed_demo(
    session: AsyncSession,
    *,
    email: str = "admin@demo.conciliacontag.com.br",
    password: str = "demo-conciliacontag",  # noqa: S107 - the published demo login
    company_cnpj: str = "11222333000181",
) -> DemoCredentials:
    """Create the demo tenant once (a company CNPJ and an admin user); later calls do nothing."""
    await set_context(session, organization_id=DEMO_ORGANIZATION_ID)
    existing = await repository.get_organization(session, DEMO_ORGANIZATION_ID)
    if existing is None:
        await set_context(session, login_email=email)
        admin = await users.get_by_email(session, email) or User(
            email=email, name="Demo Admin", password_hash=hash_password(password)
        )
        await create_organization(
            session,
            organization_id=DEMO_ORGANIZATION_ID,
            name="Escritório Demonstração Ltda",
            slug="demo",
            admin=admin,
        )
        await repository.add_company(
            session,
            Company(
                organization_id=DEMO_ORGANIZATION_ID,
                cnpj=company_cnpj,
                legal_name="Comércio Demonstração Ltda",
                trade_name="Demo Comércio",
                uf="SP",
                municipality_code="3550308",
            ),
        )
    return DemoCredentials(
        organization_id=DEMO_ORGANIZATION_ID,
        email=email,
        password=password,
        company_cnpj=company_cnpj,
        created=existing is None,
    )


async def company_ids_by_tax_id(session: AsyncSession) -> dict[str, uuid.UUID]:
    """The current organization's own CNPJs → company id (tells receivables from payables)."""
    return {company.cnpj: company.id for company in await repository.list_companies(session)}


async def list_bank_accounts(session: AsyncSession) -> list[BankAccount]:
    """The organization's accounts (created by statement imports or by hand)."""
    return await repository.list_bank_accounts(session)


async def current_organization(session: AsyncSession, organization_id: uuid.UUID) -> Organization:
    """The organization the session is scoped to."""
    organization = await repository.get_organization(session, organization_id)
    if organization is None:
        raise NotFound("organization not found")
    return organization
