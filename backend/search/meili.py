"""Search on Meilisearch (meilisearch-python-sdk ``AsyncClient``).

All tenants share one index. Isolation rests on three rules, each proven by
tests/search against the fake server:

* every document carries ``organization_id`` and its primary key embeds the
  organization, so one tenant can never overwrite or delete another's entry;
* every search sends the filter ``organization_id = "<org>"`` as the first
  element of an array filter (Meilisearch ANDs the elements), built here and
  never taken from the caller;
* every value placed in a filter is quoted and escaped (or is an integer).

Writes wait for their task, so an entry is searchable when ``upsert`` returns.
Dates and amounts are also stored as integers (``date_key`` = YYYYMMDD,
``amount_cents``) because Meilisearch filters and sorts numbers, not dates or
decimals.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)
from meilisearch_python_sdk.index import AsyncIndex
from meilisearch_python_sdk.models.settings import MeilisearchSettings, TypoTolerance

from backend.core.errors import ServiceUnavailable
from backend.search.text import compact, has_searchable, join_grouped_keys, keywords_text
from backend.search.types import (
    EntityType,
    SearchEntry,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchSort,
    check_tenant,
)

DEFAULT_INDEX_UID = "search_entries"
PRIMARY_KEY = "id"
TENANT_ATTRIBUTE = "organization_id"
# Order matters: the "attribute" ranking rule prefers matches in earlier attributes.
SEARCHABLE_ATTRIBUTES = ["keywords", "title", "counterparty", "content"]
FILTERABLE_ATTRIBUTES = [
    TENANT_ATTRIBUTE,
    "entity_type",
    "status",
    "kind",
    "date_key",
    "amount_cents",
]
SORTABLE_ATTRIBUTES = ["date_key", "amount_cents"]
# "sort" first: an explicit sort orders all hits, relevance only breaks its ties.
RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]
DISPLAYED_FIELDS = [
    "entity_type",
    "entity_id",
    "title",
    "amount",
    "occurred_on",
    "status",
    "kind",
    "counterparty",
]
INDEX_SETTINGS = MeilisearchSettings(
    searchable_attributes=SEARCHABLE_ATTRIBUTES,
    filterable_attributes=list(FILTERABLE_ATTRIBUTES),
    sortable_attributes=SORTABLE_ATTRIBUTES,
    ranking_rules=RANKING_RULES,
    # A typo in an access key or CNPJ is another document, not a near match.
    typo_tolerance=TypoTolerance(disable_on_attributes=["keywords"]),
)
_SORTS = {
    SearchSort.DATE_DESC: ["date_key:desc"],
    SearchSort.DATE_ASC: ["date_key:asc"],
    SearchSort.AMOUNT_DESC: ["amount_cents:desc"],
    SearchSort.AMOUNT_ASC: ["amount_cents:asc"],
}
_BATCH = 1000
_TASK_TIMEOUT_MS = 60_000


def quote(value: str) -> str:
    """A Meilisearch filter string literal: double quotes, ``\\`` and ``"`` escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tenant_filter(organization_id: uuid.UUID) -> str:
    """The filter expression that scopes a search to one organization."""
    return f"{TENANT_ATTRIBUTE} = {quote(str(organization_id))}"


def document_id(organization_id: uuid.UUID, entity_type: EntityType, entity_id: uuid.UUID) -> str:
    """The primary key: unique per tenant and entity (Meilisearch allows ``[A-Za-z0-9_-]``)."""
    return f"{organization_id.hex}-{entity_type.value}-{entity_id.hex}"


def _date_key(value: date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def to_document(entry: SearchEntry) -> dict[str, Any]:
    """The JSON document stored for an entry."""
    return {
        PRIMARY_KEY: document_id(entry.organization_id, entry.entity_type, entry.entity_id),
        TENANT_ATTRIBUTE: str(entry.organization_id),
        "entity_type": entry.entity_type.value,
        "entity_id": str(entry.entity_id),
        "title": entry.title,
        "content": entry.content,
        "keywords": keywords_text(entry.keywords).split(),
        "counterparty": entry.counterparty,
        "amount": None if entry.amount is None else str(entry.amount),
        "amount_cents": None if entry.amount is None else _cents(entry.amount),
        "occurred_on": None if entry.occurred_on is None else entry.occurred_on.isoformat(),
        "date_key": None if entry.occurred_on is None else _date_key(entry.occurred_on),
        "status": entry.status,
        "kind": entry.kind,
    }


def build_filter(organization_id: uuid.UUID, query: SearchQuery) -> list[str]:
    """Array filter (elements are ANDed); the tenant filter is always the first element."""
    filters = [tenant_filter(organization_id)]
    if query.entity_types:
        filters.append(f"entity_type IN [{', '.join(quote(t.value) for t in query.entity_types)}]")
    if query.statuses:
        filters.append(f"status IN [{', '.join(quote(s) for s in query.statuses)}]")
    if query.date_from is not None:
        filters.append(f"date_key >= {_date_key(query.date_from)}")
    if query.date_to is not None:
        filters.append(f"date_key <= {_date_key(query.date_to)}")
    if query.amount_min is not None:
        filters.append(f"amount_cents >= {_cents(query.amount_min)}")
    if query.amount_max is not None:
        filters.append(f"amount_cents <= {_cents(query.amount_max)}")
    return filters


def _query_text(text: str) -> str | None:
    if not has_searchable(text):
        return None
    # Meilisearch splits "11.222.333/0001-81" at the separators; indexed keywords are compact.
    return " ".join(compact(word) for word in join_grouped_keys(text).split())


def _hit(raw: dict[str, Any]) -> SearchHit:
    amount = raw.get("amount")
    occurred_on = raw.get("occurred_on")
    return SearchHit(
        entity_type=EntityType(raw["entity_type"]),
        entity_id=uuid.UUID(raw["entity_id"]),
        score=float(raw.get("_rankingScore", 0.0)),
        title=raw["title"],
        amount=None if amount is None else Decimal(amount),
        occurred_on=None if occurred_on is None else date.fromisoformat(occurred_on),
        status=raw.get("status"),
        kind=raw.get("kind"),
        counterparty=raw.get("counterparty"),
    )


class MeilisearchSearchIndex:
    """``SearchIndex`` on one shared Meilisearch index, filtered by tenant on every search."""

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        index_uid: str = DEFAULT_INDEX_UID,
        timeout_seconds: int = 10,
    ) -> None:
        self._client = AsyncClient(url, api_key, timeout=timeout_seconds)
        self._index: AsyncIndex = self._client.index(index_uid)
        self._index_uid = index_uid
        self._ready = False
        self._setup_lock = asyncio.Lock()

    @property
    def index_uid(self) -> str:
        """The Meilisearch index this instance reads and writes."""
        return self._index_uid

    async def setup(self) -> None:
        """Create the index if missing and apply its settings, waiting until they apply."""
        async with self._setup_lock:
            if self._ready:
                return
            with _outages_unavailable():
                await self._client.get_or_create_index(self._index_uid, PRIMARY_KEY)
                task = await self._index.update_settings(INDEX_SETTINGS)
                await self._wait(task.task_uid)
            self._ready = True

    async def upsert(self, organization_id: uuid.UUID, entries: Sequence[SearchEntry]) -> None:
        """Replace whole documents by primary key and wait until they are searchable."""
        batch = list(entries)
        check_tenant(organization_id, batch)
        if not batch:
            return
        await self.setup()
        documents = [to_document(e) for e in batch]
        with _outages_unavailable():
            tasks = [
                await self._index.add_documents(documents[i : i + _BATCH], PRIMARY_KEY)
                for i in range(0, len(documents), _BATCH)
            ]
            for task in tasks:
                await self._wait(task.task_uid)

    async def delete(
        self, organization_id: uuid.UUID, entity_type: EntityType, entity_ids: Sequence[uuid.UUID]
    ) -> None:
        """Delete by primary keys that embed the tenant, and wait until it is applied."""
        if not entity_ids:
            return
        await self.setup()
        ids = [document_id(organization_id, entity_type, e) for e in entity_ids]
        with _outages_unavailable():
            task = await self._index.delete_documents(ids)
            await self._wait(task.task_uid)

    async def search(self, organization_id: uuid.UUID, query: SearchQuery) -> SearchResults:
        """One page of the tenant's matches; every word must match (prefix on the last one)."""
        await self.setup()
        text = _query_text(query.text)
        sort = _SORTS.get(query.sort)
        if sort is None and text is None:
            sort = _SORTS[SearchSort.DATE_DESC]
        with _outages_unavailable():
            result = await self._index.search(
                text,
                offset=query.offset,
                limit=query.limit,
                filter=list[str | list[str]](build_filter(organization_id, query)),
                sort=sort,
                attributes_to_retrieve=DISPLAYED_FIELDS,
                matching_strategy="all",
                show_ranking_score=True,
            )
        return SearchResults(
            hits=[_hit(raw) for raw in result.hits],
            total=result.estimated_total_hits or 0,
        )

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()

    async def _wait(self, task_uid: int) -> None:
        await self._client.wait_for_task(
            task_uid, timeout_in_ms=_TASK_TIMEOUT_MS, raise_for_status=True
        )


@contextmanager
def _outages_unavailable() -> Iterator[None]:
    """Outages become ServiceUnavailable (callers retry); rejected requests stay bugs."""
    try:
        yield
    except (MeilisearchCommunicationError, MeilisearchTimeoutError) as exc:
        raise ServiceUnavailable("search service unavailable") from exc
    except MeilisearchApiError as exc:
        if exc.status_code >= 500:
            raise ServiceUnavailable("search service unavailable") from exc
        raise
