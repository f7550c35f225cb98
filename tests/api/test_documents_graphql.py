"""Documents and transactions over GraphQL: nested data without N+1, cursor pagination
both ways, filters, sorting, node refetching and global ids."""

from __future__ import annotations

import gc
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from backend.db.enums import Role
from backend.db.session import Database
from tests.graphql_client import run_operation

from ..conftest import FileFactory
from .conftest import MemberToken
from .query_cost import count_statements, statements_per_page
from .tenant_data import build_tenant_data

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "documents.graphql"
).read_text(encoding="utf-8")


async def test_nested_documents_cost_one_query_per_level_whatever_the_page_size(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=30)
    assert data.matched >= 25
    bearer = await member_token(org)

    async def fetch(size: int) -> list[dict[str, Any]]:
        page = await run_operation(
            client, bearer, OPERATIONS, "DocumentsWithReconciliations", first=size
        )
        return [e["node"] for e in page["documents"]["edges"]]

    counts, pages = await statements_per_page(database, fetch, (3, 30))
    for size, nodes in pages.items():
        matched = [
            r
            for node in nodes
            for i in node["installments"]
            for r in i["reconciliations"]
            if r["status"] == "MATCHED"
        ]
        assert len(matched) >= size * 2 // 3
        assert all(r["transactions"][0]["transaction"]["amount"] for r in matched)
    # documents, installments, reconciliations, items, transactions: constant per level,
    # all in the page's tenant transaction (one set_config) since the page prefetches them.
    assert counts[3] == counts[30], counts
    assert counts[30] <= 1 + 5, counts


async def test_what_a_page_cached_is_freed_with_the_response_not_left_to_the_collector(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    # graphql-core's execution context is a reference cycle that holds the request's
    # context; rows, keys and futures the DataLoaders cached must not hang from it
    # (context.ReleaseRequestData), or each page leaves garbage in proportion to its size
    # that only a (slow) cyclic collection frees.
    await build_tenant_data(database, org, make_file, invoices=30)
    bearer = await member_token(org)
    # The first request builds one-off things (caches, compiled queries): not measured.
    await run_operation(client, bearer, OPERATIONS, "DocumentsWithReconciliations", first=30)
    garbage: dict[int, list[int]] = {3: [], 30: []}
    for size in (3, 30, 3, 30):
        gc.collect()
        await run_operation(client, bearer, OPERATIONS, "DocumentsWithReconciliations", first=size)
        garbage[size].append(gc.collect())
    # Without the release: about 130 objects more per document.
    assert min(garbage[30]) - max(garbage[3]) < 27 * 20, garbage
    assert max(garbage[30]) < 30 * 20, garbage


async def test_cursor_pagination_walks_forwards_and_backwards_without_gaps(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=25)
    bearer = await member_token(org, Role.AUDITOR)
    seen: list[str] = []
    after = None
    while True:
        page = (
            await run_operation(
                client,
                bearer,
                OPERATIONS,
                "Documents",
                first=7,
                after=after,
                sort="TOTAL",
                direction="ASC",
            )
        )["documents"]
        seen.extend(e["node"]["id"] for e in page["edges"])
        totals = [Decimal(e["node"]["total"]) for e in page["edges"]]
        assert totals == sorted(totals)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 25
    assert page["totalCount"] == 25

    back: list[str] = []
    before = None
    while True:
        page = (
            await run_operation(
                client,
                bearer,
                OPERATIONS,
                "Documents",
                last=7,
                before=before,
                sort="TOTAL",
                direction="ASC",
            )
        )["documents"]
        back[:0] = [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert back == seen


async def test_filters_sorting_and_limits(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=12)
    bearer = await member_token(org, Role.OPERATOR)
    everything = (await run_operation(client, bearer, OPERATIONS, "Documents", first=100))[
        "documents"
    ]
    totals = sorted(Decimal(e["node"]["total"]) for e in everything["edges"])
    middle = totals[len(totals) // 2]
    ranged = (
        await run_operation(
            client, bearer, OPERATIONS, "Documents", first=100, filter={"amountMin": str(middle)}
        )
    )["documents"]
    assert ranged["totalCount"] == sum(1 for t in totals if t >= middle)

    some = everything["edges"][0]["node"]
    by_number = (
        await run_operation(
            client, bearer, OPERATIONS, "Documents", filter={"text": some["number"]}
        )
    )["documents"]
    assert some["id"] in [e["node"]["id"] for e in by_number["edges"]]
    by_party = (
        await run_operation(
            client,
            bearer,
            OPERATIONS,
            "Documents",
            filter={"counterparty": some["counterpartyDocument"]},
        )
    )["documents"]
    assert [e["node"]["id"] for e in by_party["edges"]] == [some["id"]]
    partial = (
        await run_operation(
            client,
            bearer,
            OPERATIONS,
            "Documents",
            first=100,
            filter={"openStatus": ["PARTIAL", "OPEN"]},
        )
    )["documents"]
    assert partial["totalCount"] == 12  # every second installment was paid 3 % short

    response = await client.post(
        "/graphql",
        json={"query": "{ documents(first: 101) { edges { cursor } } }"},
        headers={"authorization": f"Bearer {bearer}"},
    )
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == "INVALID"

    transactions = (
        await run_operation(
            client, bearer, OPERATIONS, "Transactions", first=100, filter={"status": ["RECONCILED"]}
        )
    )["transactions"]
    assert transactions["totalCount"] >= 10
    assert all(
        e["node"]["reconciliations"][0]["status"] == "MATCHED" for e in transactions["edges"]
    )


async def test_node_refetches_by_global_id_and_ids_are_typed_and_opaque(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    await build_tenant_data(database, org, make_file, invoices=2)
    bearer = await member_token(org, Role.AUDITOR)
    first = (await run_operation(client, bearer, OPERATIONS, "Documents", first=1))["documents"][
        "edges"
    ][0]
    detail = (
        await run_operation(client, bearer, OPERATIONS, "DocumentDetail", id=first["node"]["id"])
    )["node"]
    assert detail["__typename"] == "Document"
    assert detail["number"] == first["node"]["number"]
    assert len(detail["items"]) == 2 and detail["items"][0]["taxes"]
    assert detail["file"]["name"].startswith("notas")
    assert detail["emitter"]["document"] == "11222333000181"
    with_uuid = await run_operation(
        client, bearer, OPERATIONS, "DocumentDetail", id=str(uuid.uuid4())
    )
    assert with_uuid["node"] is None
    transaction = (await run_operation(client, bearer, OPERATIONS, "Transactions", first=1))[
        "transactions"
    ]["edges"][0]["node"]
    as_document = await run_operation(
        client, bearer, OPERATIONS, "DocumentDetail", id=transaction["id"]
    )
    assert as_document["node"]["__typename"] == "Transaction"


# The same selection on a page of documents (prefetched with the page) and through
# node(id:) (DataLoaders only), walking every list the prefetch can fill, under aliases,
# fragment spreads, inline fragments and directives.
PREFETCH_TREE = """
query Page($first: Int) {
  documents(first: $first, sort: NUMBER, direction: ASC) {
    edges { node { id ...Tree } }
  }
}

query One($id: ID!) {
  node(id: $id) { id ... on Document { ...Tree } }
}

query Both($first: Int, $id: ID!) {
  documents(first: $first, sort: NUMBER, direction: ASC) {
    edges { node { id ...Tree } }
  }
  node(id: $id) { id ... on Document { ...Tree } }
}

fragment Tree on Document {
  number
  reconciliations { id status }
  installments {
    id
    number
    dueDate
    openAmount
    status
    document { id }
    ... on Installment {
      reconciliations {
        id
        status
        score
        difference
        reasons { code message }
        documents { amount document { id number } installment { id openAmount } }
        transactions {
          amount
          transaction { id amount counterparty { document name } reconciliations { id } }
        }
        again: transactions @include(if: true) { transaction { id postedOn } }
        never: documents @skip(if: true) { amount }
      }
    }
  }
}
"""


async def test_a_prefetched_page_answers_exactly_what_the_dataloaders_answer(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    database: Database,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    data = await build_tenant_data(database, org, make_file, invoices=8)
    assert data.matched and data.suggested
    bearer = await member_token(org, Role.OPERATOR)
    queue = await client.post(
        "/graphql",
        json={
            "query": "query { reviewQueue(first: 1) { edges { node { id } } } }",
        },
        headers={"authorization": f"Bearer {bearer}"},
    )
    rejected_id = queue.json()["data"]["reviewQueue"]["edges"][0]["node"]["id"]
    rejected = await client.post(
        "/graphql",
        json={
            "query": "mutation($id: ID!) { rejectSuggestion(id: $id) { __typename } }",
            "variables": {"id": rejected_id},
        },
        headers={"authorization": f"Bearer {bearer}"},
    )
    assert rejected.json()["data"]["rejectSuggestion"]["__typename"] == "ReconciliationSuccess"

    with count_statements(database) as statements:
        page = [
            e["node"]
            for e in (await run_operation(client, bearer, PREFETCH_TREE, "Page", first=8))[
                "documents"
            ]["edges"]
        ]
    # The page, installments, reconciliations of the documents and of the installments,
    # items and transactions in one tenant transaction; the sides' documents and
    # installments come from the page too; the reconciliations of each transaction
    # through a DataLoader, in a tenant transaction of its own.
    assert len(statements) <= (1 + 6) + (1 + 1), statements
    assert len(page) == 8
    reconciliations = [r for d in page for i in d["installments"] for r in i["reconciliations"]]
    assert {r["status"] for r in reconciliations} == {"MATCHED", "SUGGESTED"}
    assert rejected_id not in {r["id"] for r in reconciliations}
    assert all(r["transactions"] and r["documents"] for r in reconciliations)
    assert all("never" not in r for r in reconciliations)

    for document in page:
        alone = (await run_operation(client, bearer, PREFETCH_TREE, "One", id=document["id"]))[
            "node"
        ]
        assert alone == document
    both = await run_operation(client, bearer, PREFETCH_TREE, "Both", first=8, id=page[3]["id"])
    assert [e["node"] for e in both["documents"]["edges"]] == page
    assert both["node"] == page[3]
