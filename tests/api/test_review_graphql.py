"""The review queue and people's decisions: accept, reject, match by hand, unmatch.

Balances move, competing suggestions go, the engine never redoes what a person
undid, every decision is in the audit log with its actor, and every decision sends
reconciliation.changed (with the same actor) to the webhooks after it committed."""

from __future__ import annotations

import asyncio
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.api.state import AppState
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.tokens import issue_access_token
from backend.core.global_ids import to_global_id
from backend.db.enums import Role
from backend.db.session import Database
from backend.reconciliations import service as reconciliations
from backend.webhooks import service as webhooks
from tests.graphql_client import post_operation, run_operation
from workflows.webhooks.start import delivery_workflow_id
from workflows.worker import build_worker

from ..conftest import FileFactory
from ..webhooks.support import Receiver, admin_principal, verify_signature
from .conftest import MemberToken
from .query_cost import statements_per_page
from .tenant_data import build_tenant_data

ROOT = Path(__file__).resolve().parents[2] / "graphql" / "operations"
REVIEW = (ROOT / "review.graphql").read_text(encoding="utf-8")
DOCUMENTS = (ROOT / "documents.graphql").read_text(encoding="utf-8")


async def test_accept_reject_and_queue_ranking(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=6)
    assert data.suggested >= 2
    operator = await member_token(org, Role.OPERATOR)
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    nodes = [e["node"] for e in queue["edges"]]
    assert queue["totalCount"] == data.suggested == len(nodes)
    scores = [Decimal(n["score"]) for n in nodes]
    assert scores == sorted(scores, reverse=True)
    assert all(n["status"] == "SUGGESTED" and n["reasons"] for n in nodes)

    chosen = nodes[0]
    installment = chosen["documents"][0]["installment"]
    accepted = (await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=chosen["id"]))[
        "acceptSuggestion"
    ]
    assert accepted["__typename"] == "ReconciliationSuccess"
    rec = accepted["reconciliation"]
    assert (rec["status"], rec["decidedBy"]) == ("MATCHED", "USER")
    # The customer paid 3 % short: the allocation is what was paid, the rest stays open.
    allocated = Decimal(rec["transactions"][0]["amount"])
    after = rec["documents"][0]["installment"]
    assert after["status"] == "PARTIAL"
    assert Decimal(after["openAmount"]) == Decimal(installment["openAmount"]) - allocated
    assert rec["transactions"][0]["transaction"]["status"] == "RECONCILED"
    assert installment["status"] == "OPEN"

    again = (await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=chosen["id"]))[
        "acceptSuggestion"
    ]
    assert (again["__typename"], again["code"]) == ("ConflictError", "NOT_A_SUGGESTION")

    rejected = (
        await run_operation(
            client, operator, REVIEW, "RejectSuggestion", id=nodes[1]["id"], reason="outro"
        )
    )["rejectSuggestion"]
    assert rejected["reconciliation"]["status"] == "REJECTED"
    async with database.tenant_session(org) as session:
        await reconciliations.run(session, org)
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    remaining = {e["node"]["id"] for e in queue["edges"]}
    assert chosen["id"] not in remaining and nodes[1]["id"] not in remaining
    assert queue["totalCount"] == data.suggested - 2

    actions = await superuser.fetch(
        "select action, actor_type, before, after from audit_logs"
        " where organization_id = $1 and action in"
        " ('reconciliation.accepted', 'reconciliation.rejected') order by created_at",
        org,
    )
    assert [(a["action"], a["actor_type"]) for a in actions] == [
        ("reconciliation.accepted", "user"),
        ("reconciliation.rejected", "user"),
    ]
    assert '"suggested"' in actions[0]["before"] and '"matched"' in actions[0]["after"]


async def test_manual_match_needs_a_reason_for_a_difference_and_unmatch_sticks(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=3)
    manager = await member_token(org, Role.MANAGER)
    queue = (await run_operation(client, manager, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    suggestion = queue["edges"][0]["node"]
    installment_id = suggestion["documents"][0]["installment"]["id"]
    transaction_id = suggestion["transactions"][0]["transaction"]["id"]
    data = {"installmentIds": [installment_id], "transactionIds": [transaction_id]}

    missing_reason = (await run_operation(client, manager, REVIEW, "MatchManually", input=data))[
        "matchManually"
    ]
    assert missing_reason["__typename"] == "ValidationError"
    assert missing_reason["fields"][0]["field"] == "reason"

    matched = (
        await run_operation(
            client, manager, REVIEW, "MatchManually", input={**data, "reason": "retenção de ISS"}
        )
    )["matchManually"]["reconciliation"]
    assert matched["status"] == "MATCHED" and Decimal(matched["difference"]) < 0
    assert [r["message"] for r in matched["reasons"]] == ["retenção de ISS"]
    # The competing suggestion went with the decision.
    queue_ids = {
        e["node"]["id"]
        for e in (await run_operation(client, manager, REVIEW, "ReviewQueue", first=50))[
            "reviewQueue"
        ]["edges"]
    }
    assert suggestion["id"] not in queue_ids

    twice = (
        await run_operation(
            client, manager, REVIEW, "MatchManually", input={**data, "reason": "de novo"}
        )
    )["matchManually"]
    assert (twice["__typename"], twice["code"]) == ("ConflictError", "ITEMS_NOT_OPEN")

    undone = (
        await run_operation(client, manager, REVIEW, "Unmatch", id=matched["id"], reason="engano")
    )["unmatch"]["reconciliation"]
    assert undone["status"] == "REJECTED"
    assert undone["documents"][0]["installment"]["status"] == "OPEN"
    assert undone["transactions"][0]["transaction"]["status"] == "OPEN"
    async with database.tenant_session(org) as session:
        await reconciliations.run(session, org)
    redone = (
        await run_operation(
            client,
            manager,
            REVIEW,
            "Reconciliations",
            first=50,
            filter={"transactionId": transaction_id, "status": ["MATCHED", "SUGGESTED"]},
        )
    )["reconciliations"]
    assert all(
        e["node"]["documents"][0]["installment"]["id"] != installment_id for e in redone["edges"]
    )


async def test_two_reviewers_accepting_competing_suggestions_cannot_both_win(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=4)
    bearer = await member_token(org, Role.OPERATOR)
    suggestion = (await run_operation(client, bearer, REVIEW, "ReviewQueue", first=1))[
        "reviewQueue"
    ]["edges"][0]["node"]
    installment_id = suggestion["documents"][0]["installment"]["id"]
    transaction_id = suggestion["transactions"][0]["transaction"]["id"]
    manual = {
        "installmentIds": [installment_id],
        "transactionIds": [transaction_id],
        "reason": "mesma coisa",
    }
    accept, match = await asyncio.gather(
        run_operation(client, bearer, REVIEW, "AcceptSuggestion", id=suggestion["id"]),
        run_operation(client, bearer, REVIEW, "MatchManually", input=manual),
    )
    outcomes = sorted(
        [accept["acceptSuggestion"]["__typename"], match["matchManually"]["__typename"]]
    )
    assert outcomes[0] in ("ConflictError", "NotFoundError")
    assert outcomes[1] == "ReconciliationSuccess"
    live = (
        await run_operation(
            client,
            bearer,
            REVIEW,
            "Reconciliations",
            filter={"transactionId": transaction_id, "status": ["MATCHED"]},
        )
    )["reconciliations"]
    assert live["totalCount"] == 1


async def test_force_trigger_releases_only_automatic_matches(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=3)
    operator = await member_token(org, Role.OPERATOR)
    denied = (await run_operation(client, operator, REVIEW, "TriggerReconciliation", force=True))[
        "triggerReconciliation"
    ]
    assert denied["__typename"] == "PermissionDeniedError"
    plain = (await run_operation(client, operator, REVIEW, "TriggerReconciliation"))[
        "triggerReconciliation"
    ]
    assert plain == {
        "__typename": "TriggerReconciliationSuccess",
        "requested": True,
        "releasedMatches": 0,
    }
    manager = await member_token(org, Role.MANAGER)
    forced = (await run_operation(client, manager, REVIEW, "TriggerReconciliation", force=True))[
        "triggerReconciliation"
    ]
    assert forced["releasedMatches"] == data.matched
    reopened = await superuser.fetchval(
        "select count(*) from document_installments where organization_id = $1 and status = 'open'",
        org,
    )
    assert reopened == data.installments


RECONCILIATION_NODE = (
    "query One($id: ID!) { node(id: $id) { ... on Reconciliation { ...ReconciliationFields } } }"
    + REVIEW[REVIEW.index("fragment ReconciliationFields") :]
)


async def test_a_page_of_reconciliations_costs_the_same_statements_and_answers_like_node(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=30)
    assert data.matched >= 10
    operator = await member_token(org, Role.OPERATOR)

    async def fetch(size: int) -> list[dict[str, Any]]:
        page = await run_operation(client, operator, REVIEW, "Reconciliations", first=size)
        return [e["node"] for e in page["reconciliations"]["edges"]]

    counts, pages = await statements_per_page(database, fetch, (3, 20))
    # set_config, page, count, items, transactions, documents, installments: the same for
    # any page size, in the page's tenant transaction but for the count's own.
    assert counts[3] == counts[20], counts
    assert counts[20] <= 2 + 6, counts
    assert any(n["transactions"] and n["documents"][0]["installment"] for n in pages[20])

    # The prefetched page answers exactly what the DataLoaders answer for node(id).
    for node in pages[20]:
        alone = (await run_operation(client, operator, RECONCILIATION_NODE, "One", id=node["id"]))[
            "node"
        ]
        assert alone == node


TRANSACTIONS_TREE = """
query Page($first: Int) {
  transactions(first: $first) { edges { node { ...TransactionTree } } }
}
query One($id: ID!) {
  node(id: $id) { ... on Transaction { ...TransactionTree } }
}
fragment TransactionTree on Transaction {
  id
  amount
  status
  reconciliations {
    id
    status
    score
    documents { amount document { id number } installment { id openAmount status } }
    transactions { amount transaction { id amount openAmount } }
  }
}
"""


async def test_a_page_of_transactions_prefetches_its_reconciliations_like_node_answers(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=30)
    operator = await member_token(org, Role.OPERATOR)

    async def fetch(size: int) -> list[dict[str, Any]]:
        page = await run_operation(client, operator, TRANSACTIONS_TREE, "Page", first=size)
        return [e["node"] for e in page["transactions"]["edges"]]

    counts, pages = await statements_per_page(database, fetch, (3, 20))
    # set_config, page, reconciliations, items, the other sides' transactions, the document
    # sides' documents and installments: the same for any page size, one transaction.
    assert counts[3] == counts[20], counts
    assert counts[20] <= 1 + 6, counts
    assert any(n["reconciliations"] for n in pages[20])
    for node in pages[20]:
        alone = (await run_operation(client, operator, TRANSACTIONS_TREE, "One", id=node["id"]))[
            "node"
        ]
        assert alone == node


async def test_every_decision_sends_reconciliation_changed_with_its_actor(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=6)
    assert data.suggested >= 3
    settings = app_state.settings
    operator = await member_token(org, Role.OPERATOR)
    operator_id = (await superuser.fetchrow("select id from users where email like 'operator-%'"))[
        "id"
    ]
    integrator = Principal(
        subject_id=uuid.uuid4(),
        organization_id=org,
        role=Role.OPERATOR,
        kind=PrincipalKind.API_CLIENT,
        scopes=frozenset({"read", "review"}),
    )
    api_client = issue_access_token(app_state.auth.tokens, integrator)
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    nodes = [e["node"] for e in queue["edges"]]
    manual_input = {
        "installmentIds": [nodes[2]["documents"][0]["installment"]["id"]],
        "transactionIds": [nodes[2]["transactions"][0]["transaction"]["id"]],
        "reason": "desconto",
    }

    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            created = await webhooks.register_endpoint(
                session,
                await admin_principal(superuser, org),
                settings,
                url=receiver.url,
                events=["reconciliation.changed"],
            )
        temporal = await app_state.temporal.get()
        async with build_worker(temporal, settings, database):
            await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=nodes[0]["id"])
            # A decision that fails (and rolls back) sends nothing.
            refused = (
                await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=nodes[0]["id"])
            )["acceptSuggestion"]
            assert refused["__typename"] == "ConflictError"
            await run_operation(client, operator, REVIEW, "RejectSuggestion", id=nodes[1]["id"])
            manual = (
                await run_operation(client, api_client, REVIEW, "MatchManually", input=manual_input)
            )["matchManually"]["reconciliation"]
            await run_operation(client, api_client, REVIEW, "Unmatch", id=manual["id"])
            deliveries = await superuser.fetch(
                "select id, payload from webhook_deliveries order by created_at"
            )
            for delivery in deliveries:
                await temporal.get_workflow_handle(delivery_workflow_id(delivery["id"])).result()

    person = {"type": "user", "id": to_global_id("User", operator_id)}
    integration = {"type": "api_client", "id": to_global_id("ApiClient", integrator.subject_id)}
    sent = [json.loads(d["payload"])["data"] for d in deliveries]
    assert [(s["change"], s["reconciliationIds"], s["actor"]) for s in sent] == [
        ("accepted", [nodes[0]["id"]], person),
        ("rejected", [nodes[1]["id"]], person),
        ("matched", [manual["id"]], integration),
        ("unmatched", [manual["id"]], integration),
    ]
    assert [s["counts"] for s in sent] == [
        {"matched": 1, "suggested": 0, "undone": 0},
        {"matched": 0, "suggested": 0, "undone": 0},
        {"matched": 1, "suggested": 0, "undone": 0},
        {"matched": 0, "suggested": 0, "undone": 1},
    ]
    # The manual match took the items of the third suggestion, which went with it.
    assert nodes[2]["id"] in sent[2]["droppedIds"]
    assert all(s["runId"] is None for s in sent)
    # Each decision is its own event, and every one reached the receiver, signed.
    assert len({json.loads(d["payload"])["id"] for d in deliveries}) == 4
    assert await superuser.fetchval(
        "select count(*) from webhook_deliveries where status = 'delivered'"
    ) == len(deliveries)
    assert sorted(json.loads(r.body)["data"]["change"] for r in receiver.requests) == sorted(
        s["change"] for s in sent
    )
    assert all(verify_signature(created.secret, r.headers, r.body) for r in receiver.requests)


async def test_a_forced_run_sends_reset_with_counts_only(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
    app_state: AppState,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=3)
    async with database.tenant_session(org) as session:
        await webhooks.register_endpoint(
            session,
            await admin_principal(superuser, org),
            app_state.settings,
            url="http://127.0.0.1:9/hooks",
            events=["reconciliation.changed"],
        )
    manager = await member_token(org, Role.MANAGER)
    await run_operation(client, manager, REVIEW, "TriggerReconciliation", force=True)
    [payload] = await superuser.fetch("select payload from webhook_deliveries")
    sent = json.loads(payload["payload"])["data"]
    assert sent["change"] == "reset"
    assert sent["counts"]["undone"] == data.matched > 0
    assert sent["reconciliationIds"] == [] and sent["droppedIds"] == []
    assert sent["actor"]["type"] == "user"


async def test_bulk_accept_by_band_skips_what_it_cannot_decide_and_sends_one_event(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=6)
    assert data.suggested >= 3
    operator = await member_token(org, Role.OPERATOR)
    bands = (await run_operation(client, operator, REVIEW, "ReviewBands"))["reviewBands"]
    assert sum(b["count"] for b in bands) == data.suggested
    money = await superuser.fetchval(
        "select sum(ri.amount) from reconciliation_items ri join reconciliations r"
        " on r.id = ri.reconciliation_id where r.status = 'suggested'"
        " and ri.transaction_id is not null"
    )
    assert sum(Decimal(b["amount"]) for b in bands) == money
    floors = [Decimal(b["minScore"]) for b in bands]
    assert floors == sorted(floors, reverse=True)

    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    ids = [e["node"]["id"] for e in queue["edges"]]
    first = (await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=ids[0]))[
        "acceptSuggestion"
    ]
    assert first["__typename"] == "ReconciliationSuccess"

    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            await webhooks.register_endpoint(
                session,
                await admin_principal(superuser, org),
                app_state.settings,
                url=receiver.url,
                events=["reconciliation.changed"],
            )
        temporal = await app_state.temporal.get()
        async with build_worker(temporal, app_state.settings, database):
            bulk = (await run_operation(client, operator, REVIEW, "AcceptSuggestions", ids=ids))[
                "acceptSuggestions"
            ]
            deliveries = await superuser.fetch("select id, payload from webhook_deliveries")
            for delivery in deliveries:
                await temporal.get_workflow_handle(delivery_workflow_id(delivery["id"])).result()
    assert bulk["__typename"] == "BulkDecisionSuccess"
    decided = [r["id"] for r in bulk["decided"]]
    assert {r["status"] for r in bulk["decided"]} == {"MATCHED"}
    # The one already accepted is skipped with its reason; the rest are decided.
    assert {"id": ids[0], "code": "NOT_A_SUGGESTION"} in bulk["skipped"]
    assert set(decided) | {s["id"] for s in bulk["skipped"]} == set(ids)
    (delivery,) = deliveries
    event = json.loads(delivery["payload"])["data"]
    assert (event["change"], event["reconciliationIds"]) == ("accepted", decided)
    assert event["counts"]["matched"] == len(decided)
    assert len(receiver.requests) == 1
    batch = await superuser.fetch(
        "select after->>'batch_id' as batch from audit_logs"
        " where action = 'reconciliation.accepted' and after ? 'batch_id'"
    )
    assert {to_global_id("ReviewBatch", uuid.UUID(r["batch"])) for r in batch} == {bulk["batchId"]}
    assert len(batch) == len(decided)
    too_many = (await run_operation(client, operator, REVIEW, "AcceptSuggestions", ids=[]))[
        "acceptSuggestions"
    ]
    assert too_many["__typename"] == "ValidationError"


async def test_undo_takes_back_each_kind_of_decision_and_whole_bulk_actions(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
    superuser: asyncpg.Connection,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=6)
    operator = await member_token(org, Role.OPERATOR)
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    nodes = [e["node"] for e in queue["edges"]]
    assert len(nodes) >= 3
    opens = "select sum(open_amount) from document_installments"
    untouched = await superuser.fetchval(opens)

    async def undo(reconciliation_id: str) -> dict[str, Any]:
        result: dict[str, Any] = (
            await run_operation(client, operator, REVIEW, "UndoDecision", id=reconciliation_id)
        )["undoDecision"]
        return result

    # An accept taken back is the suggestion it was, and its installment reopens.
    await run_operation(client, operator, REVIEW, "AcceptSuggestion", id=nodes[0]["id"])
    assert await superuser.fetchval(opens) < untouched
    back = await undo(nodes[0]["id"])
    assert (back["reconciliation"]["status"], back["reconciliation"]["decidedBy"]) == (
        "SUGGESTED",
        nodes[0]["decidedBy"],
    )
    assert await superuser.fetchval(opens) == untouched
    again = await undo(nodes[0]["id"])
    assert (again["__typename"], again["code"]) == ("ConflictError", "NOTHING_TO_UNDO")

    # A rejection taken back is a suggestion again, without the person's reason.
    await run_operation(client, operator, REVIEW, "RejectSuggestion", id=nodes[1]["id"], reason="x")
    assert (await undo(nodes[1]["id"]))["reconciliation"]["status"] == "SUGGESTED"

    # A manual match taken back is gone; an unmatch taken back is the match again.
    manual_input = {
        "installmentIds": [nodes[2]["documents"][0]["installment"]["id"]],
        "transactionIds": [nodes[2]["transactions"][0]["transaction"]["id"]],
        "reason": "desconto",
    }
    manual = (await run_operation(client, operator, REVIEW, "MatchManually", input=manual_input))[
        "matchManually"
    ]["reconciliation"]
    removed = await undo(manual["id"])
    assert (removed["reconciliation"], removed["removedId"]) == (None, manual["id"])
    assert await superuser.fetchval(opens) == untouched
    manual = (await run_operation(client, operator, REVIEW, "MatchManually", input=manual_input))[
        "matchManually"
    ]["reconciliation"]
    matched_open = await superuser.fetchval(opens)
    await run_operation(client, operator, REVIEW, "Unmatch", id=manual["id"])
    assert (await undo(manual["id"]))["reconciliation"]["status"] == "MATCHED"
    assert await superuser.fetchval(opens) == matched_open

    # A bulk accept taken back as one action.
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    ids = [e["node"]["id"] for e in queue["edges"]]
    before_bulk = await superuser.fetchval(opens)
    bulk = (await run_operation(client, operator, REVIEW, "AcceptSuggestions", ids=ids))[
        "acceptSuggestions"
    ]
    assert bulk["decided"]
    reverted = (
        await run_operation(client, operator, REVIEW, "UndoBatch", batchId=bulk["batchId"])
    )["undoBatch"]
    assert {r["id"] for r in reverted["decided"]} == {r["id"] for r in bulk["decided"]}
    assert {r["status"] for r in reverted["decided"]} == {"SUGGESTED"}
    assert await superuser.fetchval(opens) == before_bulk
    unknown = (
        await run_operation(
            client, operator, REVIEW, "UndoBatch", batchId=to_global_id("ReviewBatch", uuid.uuid4())
        )
    )["undoBatch"]
    assert unknown["__typename"] == "NotFoundError"


async def test_candidate_search_finds_open_items_within_the_tolerances(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=6)
    operator = await member_token(org, Role.OPERATOR)
    queue = (await run_operation(client, operator, REVIEW, "ReviewQueue", first=50))["reviewQueue"]
    suggestion = queue["edges"][0]["node"]
    installment = suggestion["documents"][0]["installment"]
    transaction = suggestion["transactions"][0]["transaction"]

    found = (
        await run_operation(
            client,
            operator,
            REVIEW,
            "ReviewCandidates",
            transactionId=transaction["id"],
            amountTolerance="0.10",
            days=60,
        )
    )["reviewCandidates"]
    assert installment["id"] in [c["installment"]["id"] for c in found]
    differences = [Decimal(c["amountDifference"]) for c in found]
    assert differences == sorted(differences)
    assert all(c["transaction"] is None for c in found)
    exact = (
        await run_operation(
            client,
            operator,
            REVIEW,
            "ReviewCandidates",
            transactionId=transaction["id"],
            amountTolerance="0",
            days=0,
        )
    )["reviewCandidates"]
    assert all(Decimal(c["amountDifference"]) == 0 for c in exact)
    assert all(c["daysApart"] in (0, None) for c in exact)

    back = (
        await run_operation(
            client,
            operator,
            REVIEW,
            "ReviewCandidates",
            installmentId=installment["id"],
            amountTolerance="0.10",
            days=60,
        )
    )["reviewCandidates"]
    assert transaction["id"] in [c["transaction"]["id"] for c in back]

    body = await post_operation(
        client,
        operator,
        REVIEW,
        "ReviewCandidates",
        transactionId=transaction["id"],
        amountTolerance="0.9",
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert "amountTolerance" in body["errors"][0]["extensions"]["details"]["fields"]
