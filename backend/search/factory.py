"""Pick the search index from settings: Meilisearch when MEILI_URL is set, else PostgreSQL."""

from __future__ import annotations

from backend.core.settings import Settings
from backend.db.session import Database
from backend.search.base import SearchIndex
from backend.search.meili import DEFAULT_INDEX_UID, MeilisearchSearchIndex
from backend.search.postgres import PostgresSearchIndex


def build_search_index(
    settings: Settings, database: Database, *, index_uid: str = DEFAULT_INDEX_UID
) -> SearchIndex:
    """The configured index; ``database`` backs the PostgreSQL one."""
    if settings.meili_url:
        return MeilisearchSearchIndex(
            settings.meili_url,
            api_key=(settings.meili_api_key.get_secret_value() if settings.meili_api_key else None),
            index_uid=index_uid,
        )
    return PostgresSearchIndex(database)
