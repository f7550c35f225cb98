"""Companies CRUD through GraphQL: validation, conflicts, roles, audit, tenant isolation."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import httpx

from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import run_operation

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "companies.graphql"
).read_text(encoding="utf-8")


def _token(state: AppState, organization: uuid.UUID, role: Role) -> str:
    principal = Principal(subject_id=uuid.uuid4(), organization_id=organization, role=role)
    return issue_access_token(state.auth.tokens, principal)


async def test_companies_crud_with_validation_roles_and_audit(
    client: httpx.AsyncClient,
    app_state: AppState,
    demo: DemoCredentials,
    superuser: asyncpg.Connection,
) -> None:
    admin = _token(app_state, demo.organization_id, Role.ADMIN)
    created = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "CreateCompany",
            input={"cnpj": "12.ABC.345/01DE-35", "legalName": "Filial Nova Ltda", "uf": "rj"},
        )
    )["createCompany"]
    assert created["__typename"] == "CompanySuccess"
    assert created["company"]["cnpj"] == "12ABC34501DE35"
    assert created["company"]["uf"] == "RJ"
    company_id = created["company"]["id"]

    invalid = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "CreateCompany",
            input={"cnpj": "11.222.333/0001-82", "legalName": ""},
        )
    )["createCompany"]
    assert invalid["__typename"] == "ValidationError"
    assert {f["field"] for f in invalid["fields"]} == {"cnpj", "legalName"}

    duplicate = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "CreateCompany",
            input={"cnpj": "12ABC34501DE35", "legalName": "X"},
        )
    )["createCompany"]
    assert duplicate["__typename"] == "ConflictError"

    updated = (
        await run_operation(
            client,
            admin,
            OPERATIONS,
            "UpdateCompany",
            id=company_id,
            input={"cnpj": "12ABC34501DE35", "legalName": "Filial Renomeada Ltda"},
        )
    )["updateCompany"]
    assert updated["company"]["legalName"] == "Filial Renomeada Ltda"
    audit = await superuser.fetchrow(
        "select before, after from audit_logs where action = 'company.updated'"
    )
    assert '"Filial Nova Ltda"' in audit["before"]
    assert '"Filial Renomeada Ltda"' in audit["after"]

    operator = _token(app_state, demo.organization_id, Role.OPERATOR)
    denied = (await run_operation(client, operator, OPERATIONS, "DeleteCompany", id=company_id))[
        "deleteCompany"
    ]
    assert denied["__typename"] == "PermissionDeniedError"

    stranger = _token(app_state, uuid.uuid4(), Role.ADMIN)
    assert (await run_operation(client, stranger, OPERATIONS, "Companies"))["companies"] == []
    foreign = (await run_operation(client, stranger, OPERATIONS, "DeleteCompany", id=company_id))[
        "deleteCompany"
    ]
    assert foreign["__typename"] == "NotFoundError"

    deleted = (await run_operation(client, admin, OPERATIONS, "DeleteCompany", id=company_id))[
        "deleteCompany"
    ]
    assert deleted == {"__typename": "DeleteCompanySuccess", "id": company_id}
    names = [
        c["legalName"]
        for c in (await run_operation(client, admin, OPERATIONS, "Companies"))["companies"]
    ]
    assert names == ["Comércio Demonstração Ltda"]
