"""organization and bankAccounts queries."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import node_loader
from backend.api.graphql.tenancy.types import BankAccountType
from backend.api.graphql.users.types import OrganizationType
from backend.tenancy import service


@strawberry.type
class TenancyQueries:
    """The caller's organization and its accounts."""

    @strawberry.field(description="The organization the caller's token is bound to.")
    async def organization(self, info: Info) -> OrganizationType:
        """Name and slug of the current organization."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            organization = await service.current_organization(session, principal.organization_id)
        return OrganizationType.from_model(organization)

    @strawberry.field(description="Bank, card and ledger accounts, by name.")
    async def bank_accounts(self, info: Info) -> list[BankAccountType]:
        """Accounts are created by statement imports (one per account key)."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            return [
                BankAccountType.from_model(a) for a in await service.list_bank_accounts(session)
            ]


@node_loader("BankAccount")
async def load_bank_account(info: Info, row_id: uuid.UUID) -> BankAccountType | None:
    """node(id) for bank accounts."""
    found = await info.context.loaders().bank_account.load(row_id)
    return BankAccountType.from_model(found) if found else None


@node_loader("Organization")
async def load_organization(info: Info, row_id: uuid.UUID) -> OrganizationType | None:
    """node(id) for the caller's own organization (any other id is absent)."""
    principal = info.context.require_principal()
    if row_id != principal.organization_id:
        return None
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        organization = await service.current_organization(session, principal.organization_id)
    return OrganizationType.from_model(organization)
