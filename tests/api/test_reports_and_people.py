"""Reports, dashboard and search on real data; people (invite, role, deactivate, accept)
and bank accounts managed over GraphQL with their rules and audit entries."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.search import EntityType, SearchEntry
from tests.graphql_client import run_operation
from tests.mailbox import invitation_token

from ..conftest import FileFactory
from .conftest import MemberToken
from .tenant_data import build_tenant_data

ROOT = Path(__file__).resolve().parents[2] / "graphql" / "operations"
REPORTS = (ROOT / "reports.graphql").read_text(encoding="utf-8")
PEOPLE = (ROOT / "people.graphql").read_text(encoding="utf-8")
AUTH = (ROOT / "auth.graphql").read_text(encoding="utf-8")


async def test_summary_aging_dashboard_agree_with_the_data(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=8)
    auditor = await member_token(org, Role.AUDITOR)
    rows = (await run_operation(client, auditor, REPORTS, "ReconciliationSummary"))[
        "reconciliationSummary"
    ]
    assert {r["direction"] for r in rows} == {"RECEIVABLE"}
    assert sum(r["documents"] for r in rows) == data.documents
    assert sum(r["installments"] for r in rows) == data.installments
    assert sum(r["matched"] for r in rows) == data.matched
    assert sum(r["suggested"] for r in rows) == data.suggested
    total = await superuser.fetchval("select sum(open_amount) from document_installments")
    assert sum(Decimal(r["openAmount"]) for r in rows) == total
    for r in rows:
        assert Decimal(r["matchedAmount"]) + Decimal(r["openAmount"]) == Decimal(r["amount"])

    aging = (await run_operation(client, auditor, REPORTS, "Aging", asOf="2026-11-20"))["aging"]
    receivable = {b["bucket"]: b for b in aging if b["direction"] == "RECEIVABLE"}
    # Second installments fell due on 2026-11-03: 17 days overdue on the 20th.
    assert receivable["overdue_1_30"]["installments"] == data.documents
    assert sum(Decimal(b["openAmount"]) for b in aging) == total
    assert {b["bucket"] for b in aging} >= {"current", "overdue_90_plus", "no_due_date"}

    dashboard = (await run_operation(client, auditor, REPORTS, "Dashboard"))["dashboard"]
    assert dashboard["documents"] == data.documents
    assert dashboard["transactions"] == data.transactions
    assert Decimal(dashboard["openReceivables"]) == total
    assert dashboard["pendingSuggestions"] == data.suggested


async def test_parse_error_rates_count_members_by_kind(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    for n, (kind, status, code) in enumerate(
        [
            ("nfe", "processed", None),
            ("nfe", "failed", "MALFORMED_XML"),
            ("nfe", "failed", "MALFORMED_XML"),
            ("nfe", "failed", "DTD_FORBIDDEN"),
            ("ofx", "processed", None),
        ]
    ):
        await superuser.execute(
            "insert into files (id, organization_id, sha256, original_name, detected_kind,"
            " size_bytes, storage_key, status, error_code, members_count, documents_count,"
            " transactions_count, errors_count) values ($1,$2,$3,$4,$5,1,'k',$6,$7,0,0,0,0)",
            uuid.uuid4(),
            org,
            f"{n:064d}",
            f"f{n}",
            kind,
            status,
            code,
        )
    rows = (
        await run_operation(
            client, await member_token(org, Role.OPERATOR), REPORTS, "ParseErrorRates"
        )
    )["parseErrorRates"]
    assert rows == [
        {"kind": "nfe", "files": 4, "failed": 3, "rate": "0.7500", "topErrorCode": "MALFORMED_XML"},
        {"kind": "ofx", "files": 1, "failed": 0, "rate": "0.0000", "topErrorCode": None},
    ]


async def test_search_finds_by_formatted_cnpj_and_resolves_nodes(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    app_state: AppState,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    document = await superuser.fetchrow(
        "select id, number, counterparty_tax_id, total_amount from documents limit 1"
    )
    await app_state.search.upsert(
        org,
        [
            SearchEntry(
                organization_id=org,
                entity_type=EntityType.DOCUMENT,
                entity_id=document["id"],
                title=f"NF-e {document['number']}",
                keywords=(document["counterparty_tax_id"],),
                amount=document["total_amount"],
            )
        ],
    )
    cnpj = document["counterparty_tax_id"]
    formatted = f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"
    found = (
        await run_operation(
            client, await member_token(org, Role.OPERATOR), REPORTS, "Search", text=formatted
        )
    )["search"]
    assert found["totalCount"] == 1
    hit = found["edges"][0]["node"]
    assert hit["node"]["__typename"] == "Document"
    assert hit["node"]["number"] == document["number"]
    assert Decimal(hit["node"]["total"]) == document["total_amount"]


async def test_invite_accept_change_role_deactivate_and_the_last_admin_stays(
    client: httpx.AsyncClient,
    settings: Settings,
    member_token: MemberToken,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    admin = await member_token(org, Role.ADMIN)
    invited = (
        await run_operation(
            client,
            admin,
            PEOPLE,
            "InviteUser",
            input={"email": "Nova.Pessoa@Example.com", "name": "Nova Pessoa", "role": "OPERATOR"},
        )
    )["inviteUser"]
    assert invited["__typename"] == "InviteUserSuccess"
    assert invited["invitation"]["email"] == "nova.pessoa@example.com"
    assert invited["emailSent"] is True

    token = invitation_token(settings, "nova.pessoa@example.com")
    short = (
        await run_operation(client, "", PEOPLE, "AcceptInvitation", token=token, password="curta")
    )["acceptInvitation"]
    assert short["__typename"] == "ValidationError"
    accepted = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=token, password="senha-longa-123"
        )
    )["acceptInvitation"]
    assert accepted == {"__typename": "AcceptInvitationSuccess", "email": "nova.pessoa@example.com"}
    reused = (
        await run_operation(
            client, "", PEOPLE, "AcceptInvitation", token=token, password="outra-senha-123"
        )
    )["acceptInvitation"]
    assert reused["__typename"] == "AuthenticationError"
    again = (
        await run_operation(
            client,
            admin,
            PEOPLE,
            "InviteUser",
            input={"email": "nova.pessoa@example.com", "name": "X", "role": "ADMIN"},
        )
    )["inviteUser"]
    assert (again["__typename"], again["code"]) == ("ConflictError", "ALREADY_MEMBER")
    login = (
        await run_operation(
            client,
            "",
            AUTH,
            "Login",
            email="nova.pessoa@example.com",
            password="senha-longa-123",
            organizationId=None,
        )
    )["login"]
    assert login["__typename"] == "AuthTokens" and login["role"] == "operator"

    members = (await run_operation(client, admin, PEOPLE, "Users", text="nova.pessoa"))["users"]
    user_id = members[0]["id"]
    promoted = (
        await run_operation(client, admin, PEOPLE, "ChangeRole", userId=user_id, role="MANAGER")
    )["changeRole"]
    assert promoted["user"]["role"] == "MANAGER"
    operator = await member_token(org, Role.OPERATOR)
    denied = (
        await run_operation(client, operator, PEOPLE, "ChangeRole", userId=user_id, role="ADMIN")
    )["changeRole"]
    assert denied["__typename"] == "PermissionDeniedError"
    gone = (await run_operation(client, admin, PEOPLE, "DeactivateUser", userId=user_id))[
        "deactivateUser"
    ]
    assert gone["user"]["isActive"] is False
    refused = (
        await run_operation(
            client,
            "",
            AUTH,
            "Login",
            email="nova.pessoa@example.com",
            password="senha-longa-123",
            organizationId=None,
        )
    )["login"]
    assert refused["__typename"] != "AuthTokens"

    # The demo admin and the test admin: deactivating both would leave nobody in charge.
    admins = await superuser.fetch(
        "select user_id from memberships where organization_id = $1 and role = 'admin'"
        " and is_active",
        org,
    )
    results = [
        (
            await run_operation(
                client, admin, PEOPLE, "DeactivateUser", userId=to_global_id("User", row["user_id"])
            )
        )["deactivateUser"]
        for row in admins
    ]
    assert results[-1]["__typename"] == "ConflictError" and results[-1]["code"] == "LAST_ADMIN"
    actions = await superuser.fetch(
        "select action from audit_logs where organization_id = $1 and action like 'user.%'"
        " order by created_at",
        org,
    )
    assert [a["action"] for a in actions][:4] == [
        "user.invited",
        "user.invitation_accepted",
        "user.role_changed",
        "user.deactivated",
    ]


async def test_bank_accounts_crud_keeps_statement_identity_and_transactions(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    admin = await member_token(org, Role.ADMIN)
    account = {"kind": "BANK", "name": "Itaú movimento", "bankCode": "341", "branch": "0730",
               "accountNumber": "035110", "accountDigit": "0"}  # fmt: skip
    created = (await run_operation(client, admin, PEOPLE, "CreateBankAccount", input=account))[
        "createBankAccount"
    ]
    assert created["__typename"] == "BankAccountSuccess"
    key = await superuser.fetchval(
        "select account_key from bank_accounts where name = $1", "Itaú movimento"
    )
    assert key == "bank:341:730:35110:0"
    twin = (
        await run_operation(
            client, admin, PEOPLE, "CreateBankAccount", input={**account, "branch": "730"}
        )
    )["createBankAccount"]
    assert (twin["__typename"], twin["code"]) == ("ConflictError", "ACCOUNT_EXISTS")
    invalid = (
        await run_operation(
            client, admin, PEOPLE, "CreateBankAccount", input={"kind": "BANK", "name": ""}
        )
    )["createBankAccount"]
    assert {f["field"] for f in invalid["fields"]} == {
        "name",
        "bankCode",
        "branch",
        "accountNumber",
    }

    await build_tenant_data(database, org, make_file, invoices=1)
    used = await superuser.fetchval("select bank_account_id from transactions limit 1")
    kept = (
        await run_operation(
            client, admin, PEOPLE, "DeleteBankAccount", id=to_global_id("BankAccount", used)
        )
    )["deleteBankAccount"]
    assert kept["deleted"] is False
    assert (
        await superuser.fetchval(
            "select count(*) from transactions where bank_account_id = $1", used
        )
        == 2
    )
    removed = (
        await run_operation(
            client, admin, PEOPLE, "DeleteBankAccount", id=created["bankAccount"]["id"]
        )
    )["deleteBankAccount"]
    assert removed["deleted"] is True
    manager = await member_token(org, Role.MANAGER)
    denied = (await run_operation(client, manager, PEOPLE, "CreateBankAccount", input=account))[
        "createBankAccount"
    ]
    assert denied["__typename"] == "PermissionDeniedError"
