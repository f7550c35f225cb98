"""companies query and create/update/delete mutations: thin adapters over the service."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.companies.types import (
    CompanyInput,
    CompanyResult,
    CompanySuccess,
    CompanyType,
    DeleteCompanyResult,
    DeleteCompanySuccess,
)
from backend.api.graphql.context import Info
from backend.api.graphql.relay import from_global_id, node_loader
from backend.tenancy import companies


def _service_input(data: CompanyInput) -> companies.CompanyInput:
    return companies.CompanyInput(
        cnpj=data.cnpj,
        legal_name=data.legal_name,
        trade_name=data.trade_name,
        state_registration=data.state_registration,
        municipality_code=data.municipality_code,
        uf=data.uf,
    )


def _uuid(value: strawberry.ID) -> uuid.UUID:
    return from_global_id(value, "Company")


@strawberry.type
class CompanyQueries:
    """The organization's companies."""

    @strawberry.field(description="The organization's own CNPJs, by legal name.")
    async def companies(self, info: Info) -> list[CompanyType]:
        """Every company of the caller's organization."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            return [CompanyType.from_model(c) for c in await companies.list_companies(session)]


@strawberry.type
class CompanyMutations:
    """Managing the organization's companies (admins and managers); every change is audited."""

    @strawberry.mutation(description="Add one of the organization's CNPJs.")
    async def create_company(self, info: Info, input: CompanyInput) -> CompanyResult:
        """Validation errors name the fields."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            company = await companies.create_company(session, principal, _service_input(input))
            return CompanySuccess(company=CompanyType.from_model(company))

    @strawberry.mutation(description="Change a company.")
    async def update_company(
        self,
        info: Info,
        id: strawberry.ID,
        input: CompanyInput,
    ) -> CompanyResult:
        """The audit log keeps the before and after."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            company = await companies.update_company(
                session, principal, _uuid(id), _service_input(input)
            )
            return CompanySuccess(company=CompanyType.from_model(company))

    @strawberry.mutation(description="Remove a company.")
    async def delete_company(self, info: Info, id: strawberry.ID) -> DeleteCompanyResult:
        """Documents keep their data; their company link is cleared."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            await companies.delete_company(session, principal, _uuid(id))
        return DeleteCompanySuccess(id=id)


@node_loader("Company")
async def load_company(info: Info, row_id: uuid.UUID) -> CompanyType | None:
    """node(id) for companies."""
    found = await info.context.loaders().company.load(row_id)
    return CompanyType.from_model(found) if found else None
