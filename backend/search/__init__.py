"""Search over a tenant's documents and transactions.

PostgreSQL full-text search by default, Meilisearch when ``MEILI_URL`` is set.
"""

from backend.search.base import SearchIndex
from backend.search.factory import build_search_index
from backend.search.meili import MeilisearchSearchIndex
from backend.search.postgres import PostgresSearchIndex
from backend.search.types import (
    EntityType,
    SearchEntry,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchSort,
)

__all__ = [
    "EntityType",
    "MeilisearchSearchIndex",
    "PostgresSearchIndex",
    "SearchEntry",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResults",
    "SearchSort",
    "build_search_index",
]
