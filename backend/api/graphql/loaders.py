"""Per-request DataLoaders: every list that resolves children costs one query per level.

Each batch opens its own tenant session (sibling fields resolve concurrently and a
session is not safe to share), so row-level security applies to every batch exactly
as it does to the top-level query. A page of documents that prefetches its nested
lists (backend/api/graphql/prefetch.py) primes these loaders with the rows it fetched,
grouped by the same functions (``group_rows``, ``group_holding``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from backend.db.session import Database
from backend.documents import queries as documents
from backend.files import service as files
from backend.reconciliations import queries as reconciliations
from backend.reconciliations.models import Reconciliation
from backend.rules import service as rules
from backend.tenancy import companies
from backend.transactions import queries as transactions

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
Fetch = Callable[[Any, Sequence[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    """DataLoaders of one request, bound to the caller's organization."""

    def __init__(self, database: Database, organization_id: uuid.UUID) -> None:
        self._database = database
        self._organization_id = organization_id
        self.document = self._by_id(documents.documents_by_ids)
        self.installment = self._by_id(documents.installments_by_ids)
        self.transaction = self._by_id(transactions.transactions_by_ids)
        self.bank_account = self._by_id(transactions.accounts_by_ids)
        self.reconciliation = self._by_id(reconciliations.reconciliations_by_ids)
        self.file = self._by_id(files.files_by_ids)
        self.company = self._by_id(companies.companies_by_ids)
        self.rule = self._by_id(rules.rules_by_ids)
        self.installments_of_document = self._grouped(
            documents.installments_by_documents, lambda i: i.document_id
        )
        self.events_of_access_key = self._grouped(
            documents.events_by_access_keys, lambda e: e.access_key
        )
        self.items_of_reconciliation = self._grouped(
            reconciliations.items_of, lambda i: i.reconciliation_id
        )
        self.versions_of_rule = self._grouped(rules.versions_of, lambda v: v.rule_id)
        self.reconciliations_of_document = self._holding("document_id")
        self.reconciliations_of_installment = self._holding("installment_id")
        self.reconciliations_of_transaction = self._holding("transaction_id")

    async def _fetch(self, fetch: Fetch, keys: Sequence[Any]) -> Sequence[Any]:
        async with self._database.tenant_session(self._organization_id) as session:
            return await fetch(session, list(keys))

    def _by_id(self, fetch: Fetch) -> DataLoader[uuid.UUID, Any]:
        async def load(keys: list[uuid.UUID]) -> list[Any]:
            found = {row.id: row for row in await self._fetch(fetch, keys)}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _grouped(self, fetch: Fetch, key_of: Callable[[Any], K]) -> DataLoader[K, list[Any]]:
        async def load(keys: list[K]) -> list[list[Any]]:
            groups = group_rows(await self._fetch(fetch, keys), key_of, keys)
            return [groups[key] for key in keys]

        return DataLoader(load_fn=load)

    def _holding(self, target: reconciliations.Target) -> DataLoader[uuid.UUID, list[Any]]:
        async def load(keys: list[uuid.UUID]) -> list[list[Any]]:
            async with self._database.tenant_session(self._organization_id) as session:
                pairs = await reconciliations.reconciliations_holding(session, target, keys)
            groups = group_holding(pairs, keys)
            return [groups[key] for key in keys]

        return DataLoader(load_fn=load)


def group_rows(rows: Iterable[R], key_of: Callable[[R], K], keys: Iterable[K]) -> dict[K, list[R]]:
    """Rows by ``key_of``, in fetch order, with an empty list for every key that has none."""
    groups: dict[K, list[R]] = {key: [] for key in keys}
    for row in rows:
        groups.setdefault(key_of(row), []).append(row)
    return groups


def group_holding(
    pairs: Iterable[tuple[uuid.UUID, Reconciliation]], keys: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[Reconciliation]]:
    """``reconciliations_holding`` pairs by target, each reconciliation once per target
    (one may hold a target through several items), in fetch order; every key present."""
    groups: dict[uuid.UUID, list[Reconciliation]] = {key: [] for key in keys}
    for key, reconciliation in pairs:
        group = groups.setdefault(key, [])
        if reconciliation not in group:
            group.append(reconciliation)
    return groups
