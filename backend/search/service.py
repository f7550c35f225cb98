"""Searching a tenant's documents and transactions (the API's entry point)."""

from __future__ import annotations

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.search.base import SearchIndex
from backend.search.types import SearchQuery, SearchResults


async def search(index: SearchIndex, principal: Principal, query: SearchQuery) -> SearchResults:
    """One page of hits inside the caller's organization only."""
    require(principal, Permission.READ)
    return await index.search(principal.organization_id, query)
