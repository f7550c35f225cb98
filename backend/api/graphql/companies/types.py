"""GraphQL types of the organization's companies."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.api.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import Node, to_global_id
from backend.tenancy.models import Company


@strawberry.type(name="Company")
class CompanyType(Node):
    """One of the organization's own CNPJs (digits; the web app formats them)."""

    id: strawberry.ID
    cnpj: str
    legal_name: str
    trade_name: str | None
    state_registration: str | None
    municipality_code: str | None
    uf: str | None

    @classmethod
    def from_model(cls, company: Company) -> CompanyType:
        """Build from the table model."""
        return cls(
            id=to_global_id("Company", company.id),
            cnpj=company.cnpj,
            legal_name=company.legal_name,
            trade_name=company.trade_name,
            state_registration=company.state_registration,
            municipality_code=company.municipality_code,
            uf=company.uf,
        )


@strawberry.input
class CompanyInput:
    """A company's fields; the CNPJ may be formatted and may be alphanumeric (2026)."""

    cnpj: str
    legal_name: str
    trade_name: str | None = None
    state_registration: str | None = None
    municipality_code: str | None = None
    uf: str | None = None


@strawberry.type
class CompanySuccess:
    """The created or updated company."""

    company: CompanyType


@strawberry.type
class DeleteCompanySuccess:
    """The company was removed."""

    id: strawberry.ID


CompanyResult = Annotated[
    CompanySuccess | ValidationError | ConflictError | NotFoundError | PermissionDeniedError,
    strawberry.union("CompanyResult"),
]
DeleteCompanyResult = Annotated[
    DeleteCompanySuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("DeleteCompanyResult"),
]
