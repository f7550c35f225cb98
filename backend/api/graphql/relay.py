"""Relay plumbing: opaque global ids, the Node interface, connections and scalars.

A global id is base64url("Type:uuid"): clients treat it as opaque, and decoding it
checks the type, so an id of one type never loads an object of another. Whether the
object exists is then up to row-level security: another tenant's id decodes fine and
loads nothing, which the API reports exactly like an id that never existed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Generic, NewType, TypeAlias, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.nodes import SelectedField, Selection

from backend.auth.principal import Principal
from backend.core import global_ids
from backend.core.errors import Invalid, NotFound
from backend.db.pagination import Page, PageRequest

NodeT = TypeVar("NodeT")


Money = NewType("Money", Decimal)
"""An amount of money; the schema maps it to the ``Money`` scalar (a decimal string)."""


def _parse_money(value: object) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise Invalid("not a decimal amount", field_errors={"amount": ["decimal string"]}) from exc
    if not amount.is_finite():
        raise Invalid("not a decimal amount", field_errors={"amount": ["finite decimal"]})
    return amount


_CENT = Decimal("0.01")


def money_text(value: Decimal) -> str:
    """How every answer writes an amount: a plain decimal string with at least two places.

    ``0`` and ``1234.5`` (sums, amounts read from a document's JSON) become ``"0.00"``
    and ``"1234.50"``, like the cents the database stores. Padding never rounds: a value
    with more places (an NF-e unit price has up to ten) keeps its digits. Zero has no
    sign, so a negated zero is not ``"-0.00"``.
    """
    if value.is_zero():
        return "0.00"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(_CENT)
    return f"{value:f}"


def money(value: Decimal) -> Money:
    """A Decimal as Money."""
    return Money(value)


def optional_money(value: Decimal | None) -> Money | None:
    """A Decimal or None as Money."""
    return None if value is None else Money(value)


BigInt = NewType("BigInt", int)
"""A count that may pass 2^31 (bytes); the schema maps it to the ``BigInt`` scalar."""


def _parse_big_int(value: object) -> int:
    # bool is an int in Python but never a count; a float or string is refused too.
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("not an integer", field_errors={"value": ["integer"]})
    return value


SCALARS: dict[object, Any] = {
    Money: strawberry.scalar(
        name="Money",
        serialize=money_text,
        parse_value=_parse_money,
        description=(
            'An amount of money as a decimal string with at least two places ("1234.50",'
            ' "0.00"), never a float.'
        ),
    ),
    BigInt: strawberry.scalar(
        name="BigInt",
        serialize=int,
        parse_value=_parse_big_int,
        description=(
            "An integer that may pass GraphQL's 32-bit Int (a byte count), as a JSON"
            " number: exact up to 2^53, far beyond any size the API stores."
        ),
    ),
}


def to_global_id(type_name: str, row_id: uuid.UUID) -> strawberry.ID:
    """The opaque global id of a row of ``type_name`` (see backend/core/global_ids.py)."""
    return strawberry.ID(global_ids.to_global_id(type_name, row_id))


parse_global_id = global_ids.parse_global_id


def from_global_id(global_id: str, type_name: str) -> uuid.UUID:
    """The uuid of a global id that must be of ``type_name``; NOT_FOUND otherwise."""
    kind, row_id = parse_global_id(global_id)
    if kind != type_name:
        raise NotFound(f"no such {type_name}")
    return row_id


def from_global_ids(global_ids: Sequence[str], type_name: str) -> list[uuid.UUID]:
    """Decode several ids of one type."""
    return [from_global_id(g, type_name) for g in global_ids]


@strawberry.interface(description="An object with a global id, loadable with node(id).")
class Node:
    """Relay's Node interface."""

    id: strawberry.ID


NodeLoader = Callable[[Any, uuid.UUID], Awaitable[Any]]
NODE_LOADERS: dict[str, NodeLoader] = {}
LoaderT = TypeVar("LoaderT", bound=NodeLoader)


def node_loader(type_name: str) -> Callable[[LoaderT], LoaderT]:
    """Register how ``node(id)`` loads objects of ``type_name``."""

    def register(loader: LoaderT) -> LoaderT:
        NODE_LOADERS[type_name] = loader
        return loader

    return register


@strawberry.type
class PageInfo:
    """Where a page sits in its connection."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    """One node of a connection and its cursor."""

    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    """A page of a list: edges, page info and (on request) the total count."""

    edges: list[Edge[NodeT]]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Rows matching the filters (costs a COUNT: ask only if shown).")
    async def total_count(self) -> int:
        """Counted on request only."""
        return await self.counter()

    @classmethod
    def from_page(
        cls,
        page: Page,
        convert: Callable[[Any], NodeT],
        counter: Callable[[], Awaitable[int]],
    ) -> Connection[NodeT]:
        """Build from a keyset page, converting each row to its GraphQL type."""
        edges = [
            Edge(cursor=cursor, node=convert(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            counter=counter,
        )


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    """Relay arguments as a PageRequest (validated when the size is read)."""
    return PageRequest(first=first, after=after, last=last, before=before)


@strawberry.enum
class SortDirection(Enum):
    """Ascending or descending."""

    ASC = "asc"
    DESC = "desc"


SelectionTree: TypeAlias = dict[str, "SelectionTree"]
"""Field names a query selects, each with what it selects below it."""


def selection_tree(selections: Iterable[Selection]) -> SelectionTree:
    """The fields of ``selections`` by name, merged over aliases, fragment spreads and
    inline fragments; a field that ``@skip``/``@include`` leaves out is not there.

    Type conditions are not checked: below a field of an object type every valid
    fragment applies, and a prefetch guided by this tree at worst fetches rows that
    go unused."""
    tree: SelectionTree = {}
    _merge_selections(tree, selections)
    return tree


def _merge_selections(tree: SelectionTree, selections: Iterable[Selection]) -> None:
    for selection in selections:
        directives = selection.directives
        if directives.get("skip", {}).get("if") is True:
            continue
        if directives.get("include", {}).get("if") is False:
            continue
        if isinstance(selection, SelectedField):
            _merge_selections(tree.setdefault(selection.name, {}), selection.selections)
        else:
            _merge_selections(tree, selection.selections)


def node_selection(info: Any) -> SelectionTree:
    """What the query selects under ``edges { node }`` of the connection being resolved."""
    below = selection_tree(
        selection for field in info.selected_fields for selection in field.selections
    )
    return below.get("edges", {}).get("node", {})


PagePrefetch: TypeAlias = Callable[
    [AsyncSession, Sequence[Any], SelectionTree], Awaitable[Callable[[Any], NodeT]]
]
"""Given the page's rows and what the query selects under ``edges { node }``, fetch (in
the page's tenant session) what the nodes' children need and return the converter that
builds the nodes with it."""


async def resolve_connection(
    info: Any,
    page: Callable[[AsyncSession, Principal], Awaitable[Page]],
    count: Callable[[AsyncSession], Awaitable[int]],
    convert: Callable[[Any], NodeT],
    *,
    prefetch: PagePrefetch[NodeT] | None = None,
) -> Connection[NodeT]:
    """A connection from a service's page function (run now) and count function (run
    only if ``totalCount`` is asked for), each in its own tenant transaction.

    With ``prefetch``, the nested lists the query selects are fetched in the page's
    transaction too (one batched query per level), instead of one DataLoader batch, each
    in a tenant transaction of its own, per level and later."""
    principal: Principal = info.context.require_principal()
    database = info.context.state.database
    async with database.tenant_session(principal.organization_id) as session:
        found = await page(session, principal)
        if prefetch is not None and found.rows:
            convert = await prefetch(session, found.rows, node_selection(info))

    async def counter() -> int:
        async with database.tenant_session(principal.organization_id) as session:
            return await count(session)

    return Connection.from_page(found, convert, counter)
