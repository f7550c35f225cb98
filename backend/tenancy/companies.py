"""The organization's own companies (CNPJs): they tell receivables from payables."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, Invalid, NotFound
from backend.db.base import utcnow
from backend.fiscal.ids import is_valid_cnpj, strip_document
from backend.tenancy import repository
from backend.tenancy.models import Company

_UFS = frozenset(
    (
        "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
        "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CompanyInput:
    """What a person may set on a company."""

    cnpj: str
    legal_name: str
    trade_name: str | None = None
    state_registration: str | None = None
    municipality_code: str | None = None
    uf: str | None = None


def _validated(data: CompanyInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cnpj = strip_document(data.cnpj)
    if not is_valid_cnpj(cnpj):
        errors["cnpj"] = ["invalid CNPJ (check digits)"]
    if not data.legal_name.strip():
        errors["legalName"] = ["required"]
    if data.uf is not None and data.uf.upper() not in _UFS:
        errors["uf"] = ["not a Brazilian state"]
    if data.municipality_code is not None and not (
        data.municipality_code.isdigit() and len(data.municipality_code) == 7
    ):
        errors["municipalityCode"] = ["7 digits (IBGE)"]
    if errors:
        raise Invalid("invalid company", field_errors=errors)
    return {
        "cnpj": cnpj,
        "legal_name": data.legal_name.strip(),
        "trade_name": data.trade_name,
        "state_registration": data.state_registration,
        "municipality_code": data.municipality_code,
        "uf": data.uf.upper() if data.uf else None,
    }


def _snapshot(company: Company) -> dict[str, Any]:
    return {
        "cnpj": company.cnpj,
        "legal_name": company.legal_name,
        "trade_name": company.trade_name,
        "state_registration": company.state_registration,
        "municipality_code": company.municipality_code,
        "uf": company.uf,
    }


async def list_companies(session: AsyncSession) -> list[Company]:
    """The organization's companies by legal name."""
    return await repository.list_companies(session)


async def create_company(
    session: AsyncSession, principal: Principal, data: CompanyInput
) -> Company:
    """Add a CNPJ to the organization (admins and managers)."""
    require(principal, Permission.MANAGE_COMPANIES)
    values = _validated(data)
    if await repository.get_company_by_cnpj(session, values["cnpj"]) is not None:
        raise Conflict("this CNPJ is already one of the organization's companies")
    company = await repository.add_company(
        session, Company(organization_id=principal.organization_id, **values)
    )
    await _audit(session, principal, "company.created", company.id, None, _snapshot(company))
    return company


async def update_company(
    session: AsyncSession, principal: Principal, company_id: uuid.UUID, data: CompanyInput
) -> Company:
    """Change a company; the audit entry keeps the before and after."""
    require(principal, Permission.MANAGE_COMPANIES)
    company = await repository.get_company(session, company_id)
    if company is None:
        raise NotFound("company not found")
    values = _validated(data)
    other = await repository.get_company_by_cnpj(session, values["cnpj"])
    if other is not None and other.id != company.id:
        raise Conflict("this CNPJ is already one of the organization's companies")
    before = _snapshot(company)
    for name, value in values.items():
        setattr(company, name, value)
    company.updated_at = utcnow()
    await session.flush()
    await _audit(session, principal, "company.updated", company.id, before, _snapshot(company))
    return company


async def delete_company(
    session: AsyncSession, principal: Principal, company_id: uuid.UUID
) -> None:
    """Remove a company from the organization."""
    require(principal, Permission.MANAGE_COMPANIES)
    company = await repository.get_company(session, company_id)
    if company is None:
        raise NotFound("company not found")
    before = _snapshot(company)
    await repository.delete_company(session, company)
    await _audit(session, principal, "company.deleted", company_id, before, None)


_audit = functools.partial(audit.record_change, entity_type="company")


async def companies_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Company]:
    """A batch of companies by id (a DataLoader's fetch)."""
    return await repository.companies_by_ids(session, ids)
