"""Rules over GraphQL: validation, versions kept on every change, a dry run that writes
nothing and names what the rule would decide, and the audit log that records it all."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.db.enums import Role
from backend.db.session import Database
from tests.graphql_client import run_operation

from ..conftest import FileFactory
from .conftest import MemberToken
from .tenant_data import build_tenant_data

RULES = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "rules.graphql"
).read_text(encoding="utf-8")

SHORT_PAYMENTS = {
    "when": [
        {"type": "amount_tolerance", "pct": "5"},
        {"type": "days_window", "min": -5, "max": 10},
    ],
    "then": {"type": "auto_match", "tolerance": {"pct": "5"}},
}


async def test_rule_crud_keeps_every_version_and_audits(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    manager = await member_token(org, Role.MANAGER)
    invalid = (
        await run_operation(
            client,
            manager,
            RULES,
            "CreateRule",
            input={"name": "x", "definition": {"when": [], "then": {"type": "teleport"}}},
        )
    )["createRule"]
    assert invalid["__typename"] == "ValidationError"
    assert invalid["fields"][0]["field"] == "definition"
    assert "then" in invalid["fields"][0]["messages"][0]

    created = (
        await run_operation(
            client,
            manager,
            RULES,
            "CreateRule",
            input={"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS, "priority": 20},
        )
    )["createRule"]["rule"]
    assert created["version"] == 1
    taken = (
        await run_operation(
            client,
            manager,
            RULES,
            "CreateRule",
            input={"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS},
        )
    )["createRule"]
    assert (taken["__typename"], taken["code"]) == ("ConflictError", "RULE_NAME_TAKEN")

    updated = (
        await run_operation(
            client,
            manager,
            RULES,
            "UpdateRule",
            id=created["id"],
            input={"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS, "priority": 5},
        )
    )["updateRule"]["rule"]
    assert (updated["version"], updated["priority"]) == (2, 5)
    listed = (await run_operation(client, manager, RULES, "Rules"))["rules"]
    versions = listed["edges"][0]["node"]["versions"]
    assert [(v["version"], v["change"], v["priority"]) for v in versions] == [
        (2, "updated", 5),
        (1, "created", 20),
    ]
    assert (await run_operation(client, manager, RULES, "DeleteRule", id=created["id"]))[
        "deleteRule"
    ]["id"] == created["id"]
    history = await superuser.fetch(
        "select version, change from rule_versions where organization_id = $1 order by version",
        org,
    )
    assert [(h["version"], h["change"]) for h in history] == [
        (1, "created"),
        (2, "updated"),
        (3, "deleted"),
    ]

    auditor = await member_token(org, Role.AUDITOR)
    log = (
        await run_operation(client, auditor, RULES, "AuditLog", filter={"entityId": created["id"]})
    )["auditLog"]
    assert [e["node"]["action"] for e in log["edges"]] == [
        "rule.deleted",
        "rule.updated",
        "rule.created",
    ]
    assert log["edges"][1]["node"]["before"]["priority"] == 20
    assert log["edges"][1]["node"]["after"]["priority"] == 5
    assert all(e["node"]["actorType"] == "USER" for e in log["edges"])
    operator = await member_token(org, Role.OPERATOR)
    response = await client.post(
        "/graphql",
        json={"query": RULES, "operationName": "AuditLog", "variables": {}},
        headers={"authorization": f"Bearer {operator}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_test_rule_is_a_dry_run_naming_what_the_rule_would_decide(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=5)
    admin = await member_token(org, Role.ADMIN)
    before = await superuser.fetchval("select count(*) from reconciliations")
    preview: dict[str, Any] = (
        await run_operation(
            client,
            admin,
            RULES,
            "TestRule",
            input={"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS},
        )
    )["testRule"]
    assert preview["__typename"] == "TestRuleSuccess"
    # Each short payment: its installment and its transaction go from suggested to matched.
    assert preview["byThisRule"] == 2 * data.suggested
    flips = {(c["side"], c["before"], c["after"]) for c in preview["changes"]}
    assert flips == {("document", "suggested", "matched"), ("transaction", "suggested", "matched")}
    assert await superuser.fetchval("select count(*) from reconciliations") == before
    assert await superuser.fetchval("select count(*) from rules") == 0
