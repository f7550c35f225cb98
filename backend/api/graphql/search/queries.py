"""search: full-text over documents and transactions through the SearchIndex."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import Money, Node, PageInfo, optional_money, to_global_id
from backend.core.errors import Invalid
from backend.search import service
from backend.search.types import EntityType, SearchHit, SearchQuery, SearchSort

if TYPE_CHECKING:
    from backend.api.graphql.documents.types import DocumentType
    from backend.api.graphql.transactions.types import BankTransactionType

strawberry.enum(EntityType, name="SearchEntityType")
strawberry.enum(SearchSort, name="SearchSort")

_Document = Annotated["DocumentType", strawberry.lazy("backend.api.graphql.documents.types")]
_Transaction = Annotated[
    "BankTransactionType", strawberry.lazy("backend.api.graphql.transactions.types")
]
_TYPE_NAMES = {EntityType.DOCUMENT: "Document", EntityType.TRANSACTION: "Transaction"}


@strawberry.type
class SearchResult:
    """One hit: enough to render a row, and the object itself on request."""

    entity_type: EntityType
    id: strawberry.ID = strawberry.field(description="The Document or Transaction global id.")
    score: float
    title: str
    amount: Money | None
    occurred_on: date | None
    status: str | None
    kind: str | None
    counterparty: str | None
    hit: strawberry.Private[SearchHit]

    @strawberry.field(description="The document or transaction (batched per request).")
    async def node(self, info: Info) -> Node | None:
        """Null if it was deleted since it was indexed."""
        from backend.api.graphql.documents.types import DocumentType
        from backend.api.graphql.transactions.types import BankTransactionType

        loaders = info.context.loaders()
        if self.hit.entity_type is EntityType.DOCUMENT:
            document = await loaders.document.load(self.hit.entity_id)
            return DocumentType.from_model(document) if document else None
        transaction = await loaders.transaction.load(self.hit.entity_id)
        return BankTransactionType.from_model(transaction) if transaction else None


@strawberry.type
class SearchEdge:
    """A hit and its cursor."""

    cursor: str
    node: SearchResult


@strawberry.type
class SearchConnection:
    """A page of hits, best first (or in the sort asked)."""

    edges: list[SearchEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="An estimate on Meilisearch.")


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"search:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, raw = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "search":
            raise ValueError(kind)
        return int(raw) + 1
    except ValueError as exc:
        raise Invalid("invalid cursor", field_errors={"after": ["not a cursor"]}) from exc


@strawberry.type
class SearchQueries:
    """Full-text search."""

    @strawberry.field(
        description="Documents and transactions matching words, numbers, CNPJs or keys "
        "(formatted or not). Pages reach the first 1,000 hits."
    )
    async def search(
        self,
        info: Info,
        text: str = "",
        entity_types: list[EntityType] | None = None,
        status: list[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        amount_min: Money | None = None,
        amount_max: Money | None = None,
        sort: SearchSort = SearchSort.RELEVANCE,
        first: int = 20,
        after: str | None = None,
    ) -> SearchConnection:
        """Only the caller's organization is searched."""
        principal = info.context.require_principal()
        offset = _offset(after)
        query = SearchQuery(
            text=text,
            entity_types=tuple(entity_types or ()),
            statuses=tuple(status or ()),
            date_from=date_from,
            date_to=date_to,
            amount_min=Decimal(amount_min) if amount_min is not None else None,
            amount_max=Decimal(amount_max) if amount_max is not None else None,
            limit=first,
            offset=offset,
            sort=sort,
        )
        results = await service.search(info.context.state.search, principal, query)
        edges = [
            SearchEdge(
                cursor=_cursor(offset + n),
                node=SearchResult(
                    entity_type=hit.entity_type,
                    id=to_global_id(_TYPE_NAMES[hit.entity_type], hit.entity_id),
                    score=hit.score,
                    title=hit.title,
                    amount=optional_money(hit.amount),
                    occurred_on=hit.occurred_on,
                    status=hit.status,
                    kind=hit.kind,
                    counterparty=hit.counterparty,
                    hit=hit,
                ),
            )
            for n, hit in enumerate(results.hits)
        ]
        return SearchConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=offset + len(edges) < min(results.total, 1000),
                has_previous_page=offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=results.total,
        )
