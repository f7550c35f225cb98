"""Cursor pagination for REST lists: the GraphQL connections' keyset pages, flattened.

``limit`` (at most 100) with ``after`` pages forwards, with ``before`` backwards; the
cursors are the connections' own, so a cursor read from GraphQL works here too. Each
answer carries ready-made ``links.next`` / ``links.previous`` URLs keeping every
other query parameter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.rest.framework import Call
from backend.api.rest.models import Input, Links, PageInfo
from backend.auth.principal import Principal
from backend.db.pagination import DEFAULT_PAGE, MAX_PAGE, Page, PageRequest


class Direction(StrEnum):
    """Sort direction."""

    ASC = "asc"
    DESC = "desc"


class PageQuery(Input):
    """The query parameters every list takes."""

    limit: int = Field(DEFAULT_PAGE, ge=0, le=MAX_PAGE, description="Rows per page.")
    after: str | None = Field(None, description="links.next's cursor: the page after it.")
    before: str | None = Field(None, description="links.previous's cursor: the page before.")
    direction: Direction = Direction.DESC

    def page_request(self) -> PageRequest:
        """As the services' PageRequest."""
        if self.before is not None:
            return PageRequest(last=self.limit, before=self.before)
        return PageRequest(first=self.limit, after=self.after)

    @property
    def descending(self) -> bool:
        """Whether the sort runs high to low."""
        return self.direction is Direction.DESC


def page_info(page: Page) -> PageInfo:
    """The page's position, as a connection's pageInfo."""
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )


def links(call: Call, page: Page) -> Links:
    """URLs of the next and previous pages, with the request's other parameters."""
    kept = [
        (key, value)
        for key, value in call.request.query_params.multi_items()
        if key not in {"after", "before"}
    ]
    base = f"{call.state.settings.base_url}{call.request.url.path}"

    def url(name: str, cursor: str) -> str:
        return f"{base}?{urlencode([*kept, (name, cursor)])}"

    return Links(
        next=url("after", page.cursors[-1]) if page.has_next and page.cursors else None,
        previous=url("before", page.cursors[0]) if page.has_previous and page.cursors else None,
    )


async def fetch_page(
    call: Call, page: Callable[[AsyncSession, Principal], Awaitable[Page]]
) -> Page:
    """Run a service's page function in the caller's tenant session."""
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        return await page(session, principal)


def listing(call: Call, page: Page, convert: Callable[[Any], Any]) -> dict[str, Any]:
    """The fields of a list answer: ``data``, ``pageInfo``, ``links``."""
    return {
        "data": [convert(row) for row in page.rows],
        "page_info": page_info(page),
        "links": links(call, page),
    }
