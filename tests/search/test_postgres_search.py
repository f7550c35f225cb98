"""PostgreSQL-only behaviour of the search index: schema, trigrams, stemming, escaping."""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import text

from backend.db.session import Database
from backend.search import EntityType, PostgresSearchIndex, SearchEntry, SearchQuery

CNPJ = "11222333000181"
ACCESS_KEY = "35191111222333000181550010000047111000047110"


@pytest.fixture
async def org(superuser: asyncpg.Connection) -> uuid.UUID:
    """An organization row (search_entries references organizations)."""
    org_id = uuid.uuid4()
    await superuser.execute(
        "insert into organizations (id, name, slug, is_active) values ($1, 'Org', $2, true)",
        org_id,
        f"org-{org_id.hex}",
    )
    return org_id


def _entry(org: uuid.UUID, title: str, **values: object) -> SearchEntry:
    return SearchEntry(
        organization_id=org,
        entity_type=EntityType.DOCUMENT,
        entity_id=uuid.uuid4(),
        title=title,
        **values,  # type: ignore[arg-type]
    )


async def _titles(index: PostgresSearchIndex, org: uuid.UUID, query: str) -> list[str]:
    return [h.title for h in (await index.search(org, SearchQuery(text=query))).hits]


async def test_digits_match_anywhere_inside_identifiers(database: Database, org: uuid.UUID) -> None:
    index = PostgresSearchIndex(database)
    await index.upsert(org, [_entry(org, "NF-e ACME", keywords=(CNPJ, ACCESS_KEY))])
    for fragment in ("22233300", "0001-81", "000047111"):
        assert await _titles(index, org, fragment) == ["NF-e ACME"], fragment
    assert await _titles(index, org, "22233399") == []


async def test_portuguese_stemming_and_exclusion(database: Database, org: uuid.UUID) -> None:
    index = PostgresSearchIndex(database)
    await index.upsert(
        org,
        [
            _entry(org, "Pagamento de fornecedores", content="duplicata cancelada"),
            _entry(org, "Pagamentos recebidos"),
        ],
    )
    assert sorted(await _titles(index, org, "pagamentos")) == [
        "Pagamento de fornecedores",
        "Pagamentos recebidos",
    ]
    assert await _titles(index, org, "fornecedor") == ["Pagamento de fornecedores"]
    assert await _titles(index, org, "pagamento -cancelada") == ["Pagamentos recebidos"]
    assert await _titles(index, org, '"pagamentos recebidos"') == ["Pagamentos recebidos"]


async def test_like_wildcards_in_the_query_are_literal(database: Database, org: uuid.UUID) -> None:
    index = PostgresSearchIndex(database)
    await index.upsert(org, [_entry(org, "Abacate")])
    assert await _titles(index, org, "aba") == ["Abacate"]
    assert await _titles(index, org, "aba%") == []
    assert await _titles(index, org, "a_acate") == []


async def test_search_vector_is_computed_by_the_database(
    database: Database, org: uuid.UUID, superuser: asyncpg.Connection
) -> None:
    index = PostgresSearchIndex(database)
    entry = _entry(org, "Conciliação bancária", counterparty="ACME")
    await index.upsert(org, [entry])
    async with database.tenant_session(org) as session:
        await session.execute(
            text("update search_entries set search_vector = to_tsvector('simple', 'forjado')")
        )
    vector = await superuser.fetchval(
        "select search_vector::text from search_entries where entity_id = $1", entry.entity_id
    )
    assert "'conciliaca':1A" in vector
    assert "'acme':3B" in vector
    assert "forjado" not in vector


async def test_text_configuration_folds_accents_and_case(superuser: asyncpg.Connection) -> None:
    folded = await superuser.fetchval(
        "select to_tsvector('conciliacontag_pt', 'Conciliação ÁGUA')"
        " = to_tsvector('conciliacontag_pt', 'CONCILIACAO agua')"
    )
    assert folded is True


@pytest.mark.parametrize(
    ("condition", "index_name"),
    [
        ("match_text like '%22233300%'", "ix_search_entries_match_text_trgm"),
        (
            "search_vector @@ websearch_to_tsquery('conciliacontag_pt', 'conciliação')",
            "ix_search_entries_search_vector",
        ),
    ],
)
async def test_text_conditions_can_use_their_gin_indexes(
    superuser: asyncpg.Connection, condition: str, index_name: str
) -> None:
    # As the superuser, so the planner weighs the text condition alone (no RLS qual).
    async with superuser.transaction():
        await superuser.execute("set local enable_seqscan = off")
        rows = await superuser.fetch(f"explain select id from search_entries where {condition}")
    plan = "\n".join(r[0] for r in rows)
    assert index_name in plan
