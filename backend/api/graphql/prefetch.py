"""Eager, batched prefetch of the lists below a page of documents, transactions or
reconciliations.

Through DataLoaders alone, ``documents { edges { node { installments { reconciliations {
transactions { transaction } } } } } }`` costs an async resolver (a coroutine, a future
and a trip through the event loop) per object, and a tenant transaction per level. When
the query selects those lists, the connection resolver fetches them in the page's own
tenant transaction instead, one batched query per level with the same query functions
the DataLoaders call, and the resolvers below each document return them synchronously.
Row-level security applies exactly as before: every row comes through a tenant session.

The same rows prime the request's DataLoaders, so another path of the same request (a
``node(id:)``, a back-reference) reuses them. Whatever was not prefetched still goes
through the DataLoaders.

Why a document's own lists stay async. ``Document.installments`` and
``Document.reconciliations`` take prefetched rows without a DataLoader, but remain
``async def``: one await per document, below which everything else is synchronous.
graphql-core completes a synchronous subtree by plain recursion, several Python frames
per level, and CPython 3.11 keeps frames on 16 KiB data-stack chunks that it maps on
the way down and unmaps on the way back (CPython issue gh-142183, fixed in 3.13 and
3.14 only). Completed synchronously from the connection down, bench/graphql.py's page
reaches about 15.6 KiB of frames at the transactions and keeps crossing a chunk
boundary: about 2,800 page faults and 20 ms of kernel time per request under uvloop,
more than the async resolvers it saved. An await restarts the completion on a shallow
stack (coroutine frames live outside the data stack), so each document's subtree needs
about 10 KiB.
For the same reason the document side of a reconciliation loads its document and
installment asynchronously (from primed loaders): a synchronous walk must not be able
to go round document → installment → reconciliation → installment → ...
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from backend.api.graphql.loaders import Loaders, group_holding, group_rows
from backend.api.graphql.relay import PagePrefetch, SelectionTree
from backend.documents import queries as documents_queries
from backend.documents.models import Document, DocumentInstallment
from backend.reconciliations import queries as reconciliations_queries
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.transactions import queries as transactions_queries
from backend.transactions.models import Transaction

T = TypeVar("T")
V = TypeVar("V")

MaybeAwaitable: TypeAlias = T | Awaitable[T]
"""What a plain ``def`` resolver may return: graphql-core awaits it only if it must."""


@dataclass(slots=True)
class Prefetched:
    """Rows fetched with a page, under the keys the child resolvers look them up by.

    A list's key is present whenever that list was fetched, even when it is empty. A
    transaction missing from ``transactions`` was not fetched (or row-level security
    hides it): the resolver asks the DataLoader, as without a prefetch.
    """

    installments_of_document: dict[uuid.UUID, list[DocumentInstallment]] = field(
        default_factory=dict
    )
    reconciliations_of_document: dict[uuid.UUID, list[Reconciliation]] = field(default_factory=dict)
    reconciliations_of_installment: dict[uuid.UUID, list[Reconciliation]] = field(
        default_factory=dict
    )
    reconciliations_of_transaction: dict[uuid.UUID, list[Reconciliation]] = field(
        default_factory=dict
    )
    items_of_reconciliation: dict[uuid.UUID, list[ReconciliationItem]] = field(default_factory=dict)
    transactions: dict[uuid.UUID, Transaction] = field(default_factory=dict)


RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")
RowsPrefetch: TypeAlias = Callable[
    [AsyncSession, Loaders, Sequence[RowT], SelectionTree], Awaitable["Prefetched | None"]
]
"""Fetch, in the page's session, what the selection walks below these rows."""


def page_prefetch(
    loaders: Callable[[], Loaders],
    prefetch: RowsPrefetch[RowT],
    convert: Callable[[RowT, Prefetched | None], NodeT],
) -> PagePrefetch[NodeT]:
    """``resolve_connection``'s ``prefetch=`` for a page of rows: run ``prefetch`` in the
    page's session, then build each node with ``convert(row, prefetched)``."""

    async def run(
        session: AsyncSession, rows: Sequence[RowT], selected: SelectionTree
    ) -> Callable[[RowT], NodeT]:
        prefetched = await prefetch(session, loaders(), rows, selected)
        return lambda row: convert(row, prefetched)

    return run


def prefetched_or_loaded(
    found: V | None, load: Callable[[], Awaitable[V]], convert: Callable[[V], T]
) -> MaybeAwaitable[T]:
    """``convert(found)`` right away when the page prefetched it (not None); otherwise an
    awaitable that loads it (through a DataLoader) and converts it."""
    if found is not None:
        return convert(found)
    return _load_then_convert(load, convert)


async def _load_then_convert(load: Callable[[], Awaitable[V]], convert: Callable[[V], T]) -> T:
    return convert(await load())


async def prefetch_documents(
    session: AsyncSession,
    loaders: Loaders,
    documents: Sequence[Document],
    selected: SelectionTree,
) -> Prefetched | None:
    """Fetch, in ``session``, the lists that ``selected`` (what the query selects on each
    document) walks below these documents; None when it selects none of them."""
    below_installments = selected.get("installments")
    below_reconciliations = selected.get("reconciliations")
    if below_installments is None and below_reconciliations is None:
        return None
    prefetched = Prefetched()
    loaders.document.prime_many({document.id: document for document in documents})
    document_ids = [document.id for document in documents]
    # What the query selects on the reconciliations reached from these documents.
    on_reconciliations: list[SelectionTree] = []

    if below_installments is not None:
        installments = await documents_queries.installments_by_documents(session, document_ids)
        prefetched.installments_of_document = group_rows(
            installments, lambda row: row.document_id, document_ids
        )
        loaders.installment.prime_many({row.id: row for row in installments})
        loaders.installments_of_document.prime_many(prefetched.installments_of_document)
        below = below_installments.get("reconciliations")
        if below is not None and installments:
            installment_ids = [row.id for row in installments]
            prefetched.reconciliations_of_installment = group_holding(
                await reconciliations_queries.reconciliations_holding(
                    session, "installment_id", installment_ids
                ),
                installment_ids,
            )
            loaders.reconciliations_of_installment.prime_many(
                prefetched.reconciliations_of_installment
            )
            on_reconciliations.append(below)

    if below_reconciliations is not None:
        prefetched.reconciliations_of_document = group_holding(
            await reconciliations_queries.reconciliations_holding(
                session, "document_id", document_ids
            ),
            document_ids,
        )
        loaders.reconciliations_of_document.prime_many(prefetched.reconciliations_of_document)
        on_reconciliations.append(below_reconciliations)

    reached = _unique(
        reconciliation
        for groups in (
            prefetched.reconciliations_of_installment,
            prefetched.reconciliations_of_document,
        )
        for group in groups.values()
        for reconciliation in group
    )
    loaders.reconciliation.prime_many(reached)
    await _prefetch_sides(session, loaders, prefetched, list(reached), on_reconciliations)
    return prefetched


async def prefetch_transactions(
    session: AsyncSession,
    loaders: Loaders,
    transactions: Sequence[Transaction],
    selected: SelectionTree,
) -> Prefetched | None:
    """For a page of transactions: the reconciliations holding them and, below those,
    what ``selected`` walks of their sides, in ``session``; None when it selects none."""
    below = selected.get("reconciliations")
    if below is None:
        return None
    prefetched = Prefetched(transactions={row.id: row for row in transactions})
    loaders.transaction.prime_many(prefetched.transactions)
    transaction_ids = list(prefetched.transactions)
    prefetched.reconciliations_of_transaction = group_holding(
        await reconciliations_queries.reconciliations_holding(
            session, "transaction_id", transaction_ids
        ),
        transaction_ids,
    )
    loaders.reconciliations_of_transaction.prime_many(prefetched.reconciliations_of_transaction)
    reached = _unique(
        reconciliation
        for group in prefetched.reconciliations_of_transaction.values()
        for reconciliation in group
    )
    loaders.reconciliation.prime_many(reached)
    await _prefetch_sides(session, loaders, prefetched, list(reached), [below])
    await _prime_document_sides(session, loaders, prefetched, below)
    return prefetched


async def prefetch_reconciliations(
    session: AsyncSession,
    loaders: Loaders,
    reconciliations: Sequence[Reconciliation],
    selected: SelectionTree,
) -> Prefetched | None:
    """For a page of reconciliations (the review queue, the reconciliations list): their
    items and the transactions of their transaction sides, and the documents and
    installments of their document sides primed into the loaders, all in ``session``;
    None when ``selected`` walks neither side."""
    if "documents" not in selected and "transactions" not in selected:
        return None
    prefetched = Prefetched()
    reached = _unique(reconciliations)
    loaders.reconciliation.prime_many(reached)
    reconciliation_ids = list(reached)
    await _prefetch_sides(session, loaders, prefetched, reconciliation_ids, [selected])
    await _prime_document_sides(session, loaders, prefetched, selected)
    return prefetched


async def _prime_document_sides(
    session: AsyncSession, loaders: Loaders, prefetched: Prefetched, selected: SelectionTree
) -> None:
    """The documents and installments of the prefetched reconciliations' document sides,
    primed into their loaders when ``selected`` (what the query selects on those
    reconciliations) walks them. Those fields stay async (see the module docstring);
    priming spares each of them a tenant transaction of its own."""
    below = selected.get("documents", {})
    items = [
        item
        for group in prefetched.items_of_reconciliation.values()
        for item in group
        if item.side == "document"
    ]
    if "document" in below:
        await _prime_by_id(
            loaders.document,
            documents_queries.documents_by_ids,
            session,
            [item.document_id for item in items if item.document_id is not None],
        )
    if "installment" in below:
        await _prime_by_id(
            loaders.installment,
            documents_queries.installments_by_ids,
            session,
            [item.installment_id for item in items if item.installment_id is not None],
        )


async def _prime_by_id(
    loader: DataLoader[uuid.UUID, Any],
    fetch: Callable[[AsyncSession, Sequence[uuid.UUID]], Awaitable[Sequence[Any]]],
    session: AsyncSession,
    ids: list[uuid.UUID],
) -> None:
    """Fetch rows by id in ``session`` and prime ``loader`` with them (None for an id
    row-level security hides, as the loader itself would answer)."""
    keys = list(dict.fromkeys(ids))
    if not keys:
        return
    found = {row.id: row for row in await fetch(session, keys)}
    loader.prime_many({key: found.get(key) for key in keys})


async def _prefetch_sides(
    session: AsyncSession,
    loaders: Loaders,
    prefetched: Prefetched,
    reconciliation_ids: list[uuid.UUID],
    selected: list[SelectionTree],
) -> None:
    """The items of these reconciliations, and the transactions of their transaction
    sides, when the query walks them."""
    if not reconciliation_ids or not any(
        "documents" in tree or "transactions" in tree for tree in selected
    ):
        return
    items = await reconciliations_queries.items_of(session, reconciliation_ids)
    prefetched.items_of_reconciliation = group_rows(
        items, lambda item: item.reconciliation_id, reconciliation_ids
    )
    loaders.items_of_reconciliation.prime_many(prefetched.items_of_reconciliation)
    if not any("transaction" in tree.get("transactions", {}) for tree in selected):
        return
    transaction_ids = list(
        dict.fromkeys(
            item.transaction_id
            for item in items
            if item.side == "transaction" and item.transaction_id is not None
        )
    )
    if not transaction_ids:
        return
    found = await transactions_queries.transactions_by_ids(session, transaction_ids)
    prefetched.transactions = {row.id: row for row in found}
    # None for an id row-level security hides, exactly as the DataLoader would answer.
    loaders.transaction.prime_many(
        {key: prefetched.transactions.get(key) for key in transaction_ids}
    )


def _unique(reconciliations: Iterable[Reconciliation]) -> dict[uuid.UUID, Reconciliation]:
    """By id, in first-seen order."""
    unique: dict[uuid.UUID, Reconciliation] = {}
    for reconciliation in reconciliations:
        unique.setdefault(reconciliation.id, reconciliation)
    return unique
