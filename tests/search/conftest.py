"""Search engines under test: PostgreSQL, the Meilisearch fake, and a real Meilisearch.

The real server is used when ``MEILI_URL`` is set (``MEILI_API_KEY`` or
``MEILI_MASTER_KEY`` for its key); without it that parameter is simply not
generated. Each test gets its own database (PostgreSQL) or its own index
(Meilisearch), so tests stay independent.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass

import asyncpg
import pytest
from meilisearch_python_sdk import AsyncClient

from backend.search import MeilisearchSearchIndex, PostgresSearchIndex, SearchIndex

from .fake_meili import FakeMeilisearch

MEILI_URL = os.environ.get("MEILI_URL")
MEILI_API_KEY = os.environ.get("MEILI_API_KEY") or os.environ.get("MEILI_MASTER_KEY")
ENGINES = ["postgres", "meilisearch-fake", *(["meilisearch"] if MEILI_URL else [])]


@dataclass
class Engine:
    """An index under test and how to make a tenant it accepts."""

    name: str
    index: SearchIndex
    new_organization: Callable[[], Awaitable[uuid.UUID]]


@pytest.fixture(scope="session")
def fake_meili() -> Iterator[FakeMeilisearch]:
    """The Meilisearch fake on a free loopback port, shared by the session."""
    fake = FakeMeilisearch()
    fake.start()
    yield fake
    fake.stop()


async def _random_organization() -> uuid.UUID:
    return uuid.uuid4()


def _postgres(request: pytest.FixtureRequest) -> Engine:
    database = request.getfixturevalue("database")
    superuser: asyncpg.Connection = request.getfixturevalue("superuser")

    async def new_organization() -> uuid.UUID:
        # search_entries.organization_id references organizations.
        org = uuid.uuid4()
        await superuser.execute(
            "insert into organizations (id, name, slug, is_active) values ($1, $2, $3, true)",
            org,
            f"Org {org.hex[:6]}",
            f"org-{org.hex}",
        )
        return org

    return Engine("postgres", PostgresSearchIndex(database), new_organization)


@pytest.fixture(params=ENGINES)
def engine_under_test(request: pytest.FixtureRequest) -> Engine:
    """A fresh, not yet set up index of each implementation."""
    index_uid = f"test-{uuid.uuid4().hex}"
    if request.param == "postgres":
        return _postgres(request)
    if request.param == "meilisearch-fake":
        fake: FakeMeilisearch = request.getfixturevalue("fake_meili")
        return Engine(
            request.param,
            MeilisearchSearchIndex(fake.url, index_uid=index_uid),
            _random_organization,
        )
    assert MEILI_URL is not None
    return Engine(
        request.param,
        MeilisearchSearchIndex(MEILI_URL, api_key=MEILI_API_KEY, index_uid=index_uid),
        _random_organization,
    )


@pytest.fixture
async def engine(engine_under_test: Engine) -> AsyncIterator[Engine]:
    """The index, set up, closed (and its Meilisearch index dropped) afterwards."""
    await engine_under_test.index.setup()
    yield engine_under_test
    await engine_under_test.index.aclose()
    if engine_under_test.name == "meilisearch" and MEILI_URL is not None:
        index = engine_under_test.index
        assert isinstance(index, MeilisearchSearchIndex)
        async with AsyncClient(MEILI_URL, MEILI_API_KEY) as client:
            await client.delete_index_if_exists(index.index_uid)
