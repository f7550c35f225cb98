"""Posting GraphQL operations to the app in tests."""

from __future__ import annotations

from typing import Any

import httpx


async def post_operation(
    client: httpx.AsyncClient,
    token: str | None,
    document: str,
    operation: str | None = None,
    /,
    **variables: Any,
) -> dict[str, Any]:
    """POST a GraphQL document (its named ``operation`` when it holds several) with the
    bearer ``token`` (none when empty); the whole JSON body, after asserting HTTP 200.
    The parameters are positional-only so that any name is free for a GraphQL variable."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql",
        json={"query": document, "operationName": operation, "variables": variables},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def run_operation(
    client: httpx.AsyncClient,
    token: str | None,
    document: str,
    operation: str | None = None,
    /,
    **variables: Any,
) -> dict[str, Any]:
    """The ``data`` of one operation; fails on top-level errors."""
    body = await post_operation(client, token, document, operation, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data
