"""The search index contract shared by the PostgreSQL and Meilisearch implementations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from backend.search.types import EntityType, SearchEntry, SearchQuery, SearchResults


class SearchIndex(Protocol):
    """Full-text search over a tenant's documents and transactions.

    Every method takes the tenant explicitly: an implementation must never read,
    write or delete another organization's entries, whatever the arguments.
    Writes are visible to the next ``search`` once they return.
    """

    async def setup(self) -> None:
        """Prepare the engine (idempotent; run at start-up and before indexing)."""
        ...

    async def upsert(self, organization_id: uuid.UUID, entries: Sequence[SearchEntry]) -> None:
        """Insert or replace entries by (organization, entity type, entity id).

        Raises ValueError when an entry belongs to another organization.
        """
        ...

    async def delete(
        self, organization_id: uuid.UUID, entity_type: EntityType, entity_ids: Sequence[uuid.UUID]
    ) -> None:
        """Remove entries; ids that are not indexed are ignored."""
        ...

    async def search(self, organization_id: uuid.UUID, query: SearchQuery) -> SearchResults:
        """One page of the tenant's matching entries, best first (or in ``query.sort`` order)."""
        ...

    async def aclose(self) -> None:
        """Release connections owned by the index (not the shared database)."""
        ...
