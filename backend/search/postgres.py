"""The default search index: PostgreSQL full-text search on ``search_entries``.

Each call opens its own ``tenant_session`` (one transaction as the
application role, row-level security on), so the index has the same shape as
the Meilisearch one: the caller passes the tenant, never a session.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from backend.db.session import Database
from backend.search import repository
from backend.search.text import join_grouped_keys
from backend.search.types import (
    EntityType,
    SearchEntry,
    SearchHit,
    SearchQuery,
    SearchResults,
    check_tenant,
)


class PostgresSearchIndex:
    """``SearchIndex`` over the ``search_entries`` table (created by the migrations)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def setup(self) -> None:
        """Nothing to do: the migrations own the table, indexes and text configuration."""

    async def upsert(self, organization_id: uuid.UUID, entries: Sequence[SearchEntry]) -> None:
        """Insert or replace entries; the last of several with the same key wins."""
        batch = list(entries)
        check_tenant(organization_id, batch)
        unique = {(e.entity_type, e.entity_id): e for e in batch}
        if not unique:
            return
        async with self._database.tenant_session(organization_id) as session:
            await repository.upsert(session, list(unique.values()))

    async def delete(
        self, organization_id: uuid.UUID, entity_type: EntityType, entity_ids: Sequence[uuid.UUID]
    ) -> None:
        """Remove entries; unknown ids are ignored."""
        if not entity_ids:
            return
        async with self._database.tenant_session(organization_id) as session:
            await repository.delete_entries(session, organization_id, entity_type, entity_ids)

    async def search(self, organization_id: uuid.UUID, query: SearchQuery) -> SearchResults:
        """One page of the tenant's matches, ranked or sorted as asked."""
        query = replace(query, text=join_grouped_keys(query.text))
        async with self._database.tenant_session(organization_id) as session:
            found, total = await repository.search(session, organization_id, query)
        hits = [
            SearchHit(
                entity_type=EntityType(f.entity_type),
                entity_id=f.entity_id,
                score=f.score,
                title=f.title,
                amount=f.amount,
                occurred_on=f.occurred_on,
                status=f.status,
                kind=f.kind,
                counterparty=f.counterparty,
            )
            for f in found
        ]
        return SearchResults(hits=hits, total=total)

    async def aclose(self) -> None:
        """Nothing to release: the database belongs to the caller."""
