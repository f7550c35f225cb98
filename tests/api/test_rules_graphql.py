"""Rules over GraphQL: validation, versions kept on every change, a dry run that writes
nothing and names what the rule would decide, and the audit log that records it all."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.db.enums import Role
from backend.db.session import Database
from backend.reconciliations import service as reconciliations
from backend.rules import repository
from backend.rules import service as rules_service
from backend.rules.models import Rule
from tests.graphql_client import run_operation
from tests.hang_guard import hang_guard

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
    assert invalid["fields"][0]["field"] == "definition.then"
    assert "teleport" in invalid["fields"][0]["messages"][0]

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


def _memo_regex(pattern: str) -> dict[str, Any]:
    return {"type": "field", "field": "transaction.memo", "op": "regex", "value": pattern}


async def test_test_rule_with_a_catastrophic_pattern_returns_and_healthz_answers_meanwhile(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    # 67 characters that make Python's backtracking re run for longer than any test.
    await superuser.execute(
        "update transactions set description = $2 where organization_id = $1", org, "a" * 66 + "!"
    )
    admin = await member_token(org, Role.ADMIN)
    definition = {
        "when": [_memo_regex("(a+)+$")],
        "then": {"type": "classify", "ledger_account": "3.1.2.01"},
    }
    with hang_guard():
        preview, health = await asyncio.gather(
            run_operation(
                client,
                admin,
                RULES,
                "TestRule",
                input={"name": "Tarifas", "definition": definition},
            ),
            client.get("/healthz"),
        )
    assert preview["testRule"]["__typename"] == "TestRuleSuccess"
    assert preview["testRule"]["byThisRule"] == 0
    assert health.status_code == 200


UPDATE_RULE = """
mutation Update($id: ID!, $input: RuleInput!) {
  updateRule(id: $id, input: $input) {
    __typename
    ... on ValidationError { fields { field messages } }
  }
}
"""


async def test_patterns_re2_refuses_are_field_errors_on_their_condition(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    manager = await member_token(org, Role.MANAGER)

    async def errors(operation: str, definition: dict[str, Any]) -> dict[str, list[str]]:
        field = operation[0].lower() + operation[1:]
        result = (
            await run_operation(
                client, manager, RULES, operation, input={"name": "r", "definition": definition}
            )
        )[field]
        assert result["__typename"] == "ValidationError", result
        return {f["field"]: f["messages"] for f in result["fields"]}

    backreference = {
        "when": [{"type": "memo_contains", "any": ["PIX"]}, _memo_regex(r"(\d+) \1")],
        "then": {"type": "suggest_only"},
    }
    assert await errors("CreateRule", backreference) == {
        "definition.when[1].value": ["backreferences (\\1, (?P=name)) are not supported"]
    }
    lookaround = {
        "when": [{"type": "counterparty", "name_regex": "(?<!BANCO )ACME"}],
        "then": {"type": "suggest_only"},
    }
    assert await errors("TestRule", lookaround) == {
        "definition.when[0].name_regex": ["lookarounds ((?=, (?!, (?<=, (?<!) are not supported"]
    }
    syntax = {"when": [_memo_regex("TED (")], "then": {"type": "suggest_only"}}
    assert await errors("TestRule", syntax) == {
        "definition.when[0].value": ["invalid regular expression: missing ): TED ("]
    }
    too_long = {"when": [_memo_regex("A" * 501)], "then": {"type": "suggest_only"}}
    assert "too long" in (await errors("CreateRule", too_long))["definition.when[0].value"][0]

    saved = (
        await run_operation(
            client,
            manager,
            RULES,
            "CreateRule",
            input={
                "name": "r",
                "definition": {"when": [_memo_regex("^TED")], "then": {"type": "suggest_only"}},
            },
        )
    )["createRule"]["rule"]
    updated = (
        await run_operation(
            client,
            manager,
            UPDATE_RULE,
            id=saved["id"],
            input={"name": "r", "definition": backreference},
        )
    )["updateRule"]
    assert updated["__typename"] == "ValidationError"
    assert updated["fields"][0]["field"] == "definition.when[1].value"


async def test_a_saved_rule_re2_refuses_fails_alone_and_is_recorded_once(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    admin = await member_token(org, Role.ADMIN)
    # Saved before patterns were checked with RE2: Python's re accepted the backreference.
    async with database.tenant_session(org) as session:
        legacy = await repository.add(
            session,
            Rule(
                organization_id=org,
                name="Antiga",
                priority=1,
                definition={
                    "when": [_memo_regex(r"(\d)\1")],
                    "then": {"type": "ignore_transaction"},
                },
            ),
        )
    await run_operation(
        client,
        admin,
        RULES,
        "CreateRule",
        input={"name": "Pagamentos a menor", "definition": SHORT_PAYMENTS},
    )
    matched = []
    for _ in range(2):
        async with database.tenant_session(org) as session:
            rule_set = await rules_service.active_rule_set(session)
            assert rule_set is not None
            assert [r.name for r in rule_set.rules] == ["Pagamentos a menor"]
            # The worker's run goes on with the other rules.
            matched.append((await reconciliations.run(session, org, rules=rule_set)).matched)
    # The first run matches both short payments by the valid rule; nothing is left after.
    assert matched == [2, 0]
    skipped = await superuser.fetch(
        "select after from audit_logs where action = 'rule.skipped' and entity_id = $1", legacy.id
    )
    assert len(skipped) == 1
    assert "definition.when[0].value: backreferences" in skipped[0]["after"]
    preview = (
        await run_operation(
            client, admin, RULES, "TestRule", input={"name": "Nova", "definition": SHORT_PAYMENTS}
        )
    )["testRule"]
    assert preview["__typename"] == "TestRuleSuccess"
