"""organization and bankAccounts: the caller's organization only."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from backend.db.session import Database
from backend.statements import parse_statement
from backend.tenancy.service import DemoCredentials
from backend.transactions import service as transactions

from ..conftest import FileFactory

QUERY = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "organization.graphql"
).read_text(encoding="utf-8")


async def _query(client: httpx.AsyncClient, state: AppState, organization: uuid.UUID) -> dict:  # type: ignore[type-arg]
    token = issue_access_token(
        state.auth.tokens,
        Principal(subject_id=uuid.uuid4(), organization_id=organization, role=Role.AUDITOR),
    )
    response = await client.post(
        "/graphql", json={"query": QUERY}, headers={"authorization": f"Bearer {token}"}
    )
    body: dict = response.json()  # type: ignore[type-arg]
    return body


async def test_organization_and_accounts(
    client: httpx.AsyncClient,
    app_state: AppState,
    demo: DemoCredentials,
    database: Database,
    make_file: FileFactory,
    samples_dir: Path,
) -> None:
    ofx = next(iter(sorted((samples_dir / "ofx").iterdir())))
    parsed = parse_statement(ofx.read_bytes())
    async with database.tenant_session(demo.organization_id) as session:
        await transactions.persist_statement(
            session,
            organization_id=demo.organization_id,
            file_id=await make_file("extrato.ofx"),
            result=parsed,
        )
    data = (await _query(client, app_state, demo.organization_id))["data"]
    assert data["organization"]["slug"] == "demo"
    accounts = {a["bankCode"] for a in data["bankAccounts"]}
    assert accounts == {t.account.bank_code for t in parsed.transactions}
    assert all(a["currency"] == "BRL" for a in data["bankAccounts"])

    stranger = await _query(client, app_state, uuid.uuid4())
    assert stranger["data"] is None
    assert stranger["errors"][0]["extensions"]["code"] == "NOT_FOUND"
