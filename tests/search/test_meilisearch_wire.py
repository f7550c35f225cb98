"""What MeilisearchSearchIndex sends over the wire, proven on the recording fake.

The contract suite shows behaviour; these tests show the two rules that keep
tenants apart on a shared index no matter how the engine behaves: every search
request carries the tenant filter, and every indexed document carries its
organization_id.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from meilisearch_python_sdk.errors import MeilisearchApiError

from backend.core.errors import ServiceUnavailable
from backend.core.settings import Settings
from backend.db.session import Database
from backend.search import (
    EntityType,
    MeilisearchSearchIndex,
    PostgresSearchIndex,
    SearchEntry,
    SearchQuery,
    SearchSort,
    build_search_index,
)
from backend.search.meili import FILTERABLE_ATTRIBUTES, quote, tenant_filter

from .fake_meili import FakeMeilisearch, Recorded, parse_filter


@pytest.fixture
async def index(fake_meili: FakeMeilisearch) -> AsyncIterator[MeilisearchSearchIndex]:
    """A Meilisearch index on the fake, with its own index uid."""
    meili = MeilisearchSearchIndex(fake_meili.url, index_uid=f"wire-{uuid.uuid4().hex}")
    yield meili
    await meili.aclose()


def _entry(org: uuid.UUID, title: str, **values: object) -> SearchEntry:
    return SearchEntry(
        organization_id=org,
        entity_type=EntityType.DOCUMENT,
        entity_id=uuid.uuid4(),
        title=title,
        **values,  # type: ignore[arg-type]
    )


def _searches(fake: FakeMeilisearch, index_uid: str) -> list[Recorded]:
    return [r for r in fake.requests_to(index_uid) if r.path.endswith("/search")]


QUERIES = [
    SearchQuery(),
    SearchQuery(text="acme"),
    SearchQuery(text="11.222.333/0001-81", sort=SearchSort.AMOUNT_DESC),
    SearchQuery(
        text="conciliação",
        entity_types=(EntityType.DOCUMENT, EntityType.TRANSACTION),
        statuses=("open", "reconciled"),
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
        amount_min=Decimal("-10.50"),
        amount_max=Decimal("99999.99"),
        limit=5,
        offset=5,
        sort=SearchSort.DATE_ASC,
    ),
    SearchQuery(statuses=('x" OR organization_id != "',)),
]


async def test_every_search_request_carries_the_tenant_filter(
    fake_meili: FakeMeilisearch, index: MeilisearchSearchIndex
) -> None:
    orgs = [uuid.uuid4(), uuid.uuid4()]
    expected: list[uuid.UUID] = []
    for org in orgs:
        for query in QUERIES:
            await index.search(org, query)
            expected.append(org)

    searches = _searches(fake_meili, index.index_uid)
    assert len(searches) == len(expected)
    for request, org in zip(searches, expected, strict=True):
        assert request.method == "POST"
        filters = request.body["filter"]
        assert isinstance(filters, list), "an array filter: its elements are ANDed"
        assert filters[0] == f'organization_id = "{org}"'
        assert sum(str(org) in str(f) for f in filters) == 1
        # Whatever else is in the filter, it cannot admit another tenant's document.
        predicate, _ = parse_filter(filters)
        other = {"organization_id": str(uuid.uuid4()), "status": "open", "entity_type": "document"}
        assert not predicate(other)


async def test_every_indexed_document_carries_its_organization(
    fake_meili: FakeMeilisearch, index: MeilisearchSearchIndex
) -> None:
    org_a, org_b = uuid.uuid4(), uuid.uuid4()
    await index.upsert(org_a, [_entry(org_a, f"A {n}", amount=Decimal("1.10")) for n in range(3)])
    await index.upsert(org_b, [_entry(org_b, "B", occurred_on=date(2026, 11, 29))])

    writes = [
        r
        for r in fake_meili.requests_to(index.index_uid)
        if r.path.endswith("/documents") and r.method in ("POST", "PUT")
    ]
    assert [len(w.body) for w in writes] == [3, 1]
    for write, org in zip(writes, (org_a, org_b), strict=True):
        for document in write.body:
            assert document["organization_id"] == str(org)
            assert document["id"].startswith(org.hex)
    assert writes[0].body[0]["amount_cents"] == 110
    assert writes[1].body[0]["date_key"] == 20261129


async def test_deletes_address_only_the_tenants_documents(
    fake_meili: FakeMeilisearch, index: MeilisearchSearchIndex
) -> None:
    org = uuid.uuid4()
    entity = uuid.uuid4()
    await index.delete(org, EntityType.TRANSACTION, [entity])
    (request,) = [r for r in fake_meili.requests_to(index.index_uid) if "delete" in r.path]
    assert request.body == [f"{org.hex}-transaction-{entity.hex}"]


async def test_settings_make_the_tenant_filterable_and_are_waited_for(
    fake_meili: FakeMeilisearch, index: MeilisearchSearchIndex
) -> None:
    await index.setup()
    await index.setup()  # once per instance
    requests = list(fake_meili.requests_to(index.index_uid))
    patches = [r for r in requests if r.method == "PATCH" and r.path.endswith("/settings")]
    assert len(patches) == 1
    settings = patches[0].body
    assert "organization_id" in settings["filterableAttributes"]
    assert settings["filterableAttributes"] == FILTERABLE_ATTRIBUTES
    assert settings["searchableAttributes"][0] == "keywords"
    assert set(settings["sortableAttributes"]) == {"date_key", "amount_cents"}
    assert settings["rankingRules"][0] == "sort"
    assert settings["typoTolerance"]["disableOnAttributes"] == ["keywords"]
    polls = [r.path for r in fake_meili.requests if r.path.startswith("/tasks/")]
    assert polls, "the settings task must be waited for"


async def test_escaped_values_stay_literal(
    fake_meili: FakeMeilisearch, index: MeilisearchSearchIndex
) -> None:
    org = uuid.uuid4()
    sneaky = 'open" OR status != "'
    await index.upsert(org, [_entry(org, "Aberto", status="open"), _entry(org, "Outro")])
    assert (await index.search(org, SearchQuery(statuses=(sneaky,)))).hits == []
    (request,) = _searches(fake_meili, index.index_uid)
    assert request.body["filter"][1] == 'status IN ["open\\" OR status != \\""]'
    assert quote('a\\"b') == '"a\\\\\\"b"'
    assert tenant_filter(org) == f'organization_id = "{org}"'


async def test_api_key_is_sent() -> None:
    fake = FakeMeilisearch(api_key="s3cr3t-master-key")
    fake.start()
    try:
        org = uuid.uuid4()
        keyed = MeilisearchSearchIndex(fake.url, api_key="s3cr3t-master-key", index_uid="keyed")
        await keyed.upsert(org, [_entry(org, "Com chave")])
        assert (await keyed.search(org, SearchQuery(text="chave"))).total == 1
        await keyed.aclose()
        keyed_requests = len(fake.requests)
        anonymous = MeilisearchSearchIndex(fake.url, index_uid="keyed")
        with pytest.raises(MeilisearchApiError, match="missing_authorization_header"):
            await anonymous.search(org, SearchQuery())
        await anonymous.aclose()
    finally:
        fake.stop()
    sent = [r.headers.get("authorization") for r in fake.requests]
    assert set(sent[:keyed_requests]) == {"Bearer s3cr3t-master-key"}
    assert set(sent[keyed_requests:]) == {None}


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_unreachable_server_is_service_unavailable(closed_port: int) -> None:
    index = MeilisearchSearchIndex(f"http://127.0.0.1:{closed_port}", timeout_seconds=2)
    try:
        with pytest.raises(ServiceUnavailable):
            await index.search(uuid.uuid4(), SearchQuery(text="x"))
    finally:
        await index.aclose()


async def test_factory_picks_meilisearch_only_when_configured() -> None:
    database = Database("postgresql://nobody@/nothing?host=/nonexistent")
    try:
        default = build_search_index(Settings(_env_file=None, meili_url=None), database)
        assert isinstance(default, PostgresSearchIndex)
        meili = build_search_index(
            Settings(_env_file=None, meili_url="http://127.0.0.1:7700", meili_api_key="k"),
            database,
            index_uid="custom",
        )
        assert isinstance(meili, MeilisearchSearchIndex)
        assert meili.index_uid == "custom"
        await meili.aclose()
    finally:
        await database.dispose()
