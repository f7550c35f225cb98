"""One contract for every SearchIndex: PostgreSQL, the Meilisearch fake, real Meilisearch.

Assertions only rely on behaviour both engines promise: whole words, the
prefix of the last word, accent/case folding, compact identifiers, filters,
sorts and tenant isolation. Engine-specific extras (infix digit matching on
PostgreSQL, the wire format on Meilisearch) have their own test modules.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import Invalid
from backend.search import EntityType, SearchEntry, SearchQuery, SearchResults, SearchSort

from .conftest import Engine

ACCESS_KEY = "35191111222333000181550010000047111000047110"
NEAR_KEY = "35191111222333000181550010000047111000047119"
CNPJ = "11222333000181"
OTHER_CNPJ = "99888777000166"


def entry(
    org: uuid.UUID,
    title: str,
    *,
    entity_type: EntityType = EntityType.DOCUMENT,
    entity_id: uuid.UUID | None = None,
    content: str = "",
    keywords: tuple[str, ...] = (),
    amount: str | None = None,
    occurred_on: date | None = None,
    status: str | None = None,
    kind: str | None = None,
    counterparty: str | None = None,
) -> SearchEntry:
    """A search entry with sensible defaults."""
    return SearchEntry(
        organization_id=org,
        entity_type=entity_type,
        entity_id=entity_id or uuid.uuid4(),
        title=title,
        content=content,
        keywords=keywords,
        amount=None if amount is None else Decimal(amount),
        occurred_on=occurred_on,
        status=status,
        kind=kind,
        counterparty=counterparty,
    )


async def found(
    engine: Engine, org: uuid.UUID, text: str = "", **filters: object
) -> list[uuid.UUID]:
    """Entity ids of the hits, in order."""
    results = await engine.index.search(org, SearchQuery(text=text, **filters))  # type: ignore[arg-type]
    return [hit.entity_id for hit in results.hits]


async def test_accents_and_case_do_not_matter(engine: Engine) -> None:
    org = await engine.new_organization()
    upper = entry(org, "CONCILIACAO BANCARIA NOVEMBRO", entity_type=EntityType.TRANSACTION)
    accented = entry(org, "Conciliação de cartões", content="Relatório mensal")
    other = entry(org, "Pagamento fornecedor")
    await engine.index.upsert(org, [upper, accented, other])

    for text in ("conciliação", "CONCILIACAO", "Conciliacao"):
        assert set(await found(engine, org, text)) == {upper.entity_id, accented.entity_id}, text
    assert await found(engine, org, "CARTÕES") == [accented.entity_id]
    assert await found(engine, org, "cartoes") == [accented.entity_id]
    assert await found(engine, org, "relatorio") == [accented.entity_id]


async def test_every_word_must_match(engine: Engine) -> None:
    org = await engine.new_organization()
    bolt = entry(org, "NF-e 100", content="Parafuso sextavado inox; arruela lisa")
    nut = entry(org, "NF-e 101", content="Porca sextavada zincada")
    await engine.index.upsert(org, [bolt, nut])

    assert await found(engine, org, "parafuso inox") == [bolt.entity_id]
    assert await found(engine, org, "parafuso zincada") == []
    assert await found(engine, org, "inexistente") == []


async def test_partial_and_formatted_cnpj(engine: Engine) -> None:
    org = await engine.new_organization()
    acme = entry(org, "NF-e 4711 ACME", keywords=(CNPJ,), counterparty="ACME Indústria Ltda")
    other = entry(org, "NF-e 9000 Outra", keywords=(OTHER_CNPJ,), counterparty="Outra SA")
    await engine.index.upsert(org, [acme, other])

    assert await found(engine, org, CNPJ) == [acme.entity_id]
    assert await found(engine, org, "11.222.333/0001-81") == [acme.entity_id]
    assert await found(engine, org, "11222333") == [acme.entity_id]  # the CNPJ root
    assert await found(engine, org, "11.222.333") == [acme.entity_id]
    assert await found(engine, org, "99888") == [other.entity_id]


async def test_formatted_keywords_are_indexed_compact(engine: Engine) -> None:
    org = await engine.new_organization()
    acme = entry(org, "Boleto ACME", keywords=("11.222.333/0001-81", "000.123-4"))
    await engine.index.upsert(org, [acme])

    assert await found(engine, org, CNPJ) == [acme.entity_id]
    assert await found(engine, org, "0001234") == [acme.entity_id]


async def test_access_key_finds_exactly_its_document(engine: Engine) -> None:
    org = await engine.new_organization()
    mine = entry(org, "NF-e 4711", keywords=(ACCESS_KEY, "4711"), kind="nfe")
    near = entry(org, "NF-e 4711 série 2", keywords=(NEAR_KEY, "4711"), kind="nfe")
    await engine.index.upsert(org, [mine, near])

    assert await found(engine, org, ACCESS_KEY) == [mine.entity_id]
    printed = " ".join(ACCESS_KEY[i : i + 4] for i in range(0, 44, 4))  # as on a DANFE
    assert await found(engine, org, printed) == [mine.entity_id]
    assert await found(engine, org, NEAR_KEY) == [near.entity_id]


async def test_document_number_and_prefix(engine: Engine) -> None:
    org = await engine.new_organization()
    first = entry(org, "NF-e 4711 série 1", keywords=("4711",))
    second = entry(org, "NF-e 5820 série 1", keywords=("5820",))
    await engine.index.upsert(org, [first, second])

    assert await found(engine, org, "4711") == [first.entity_id]
    assert await found(engine, org, "582") == [second.entity_id]
    assert await found(engine, org, "4712") == []


async def test_counterparty_name_and_prefix(engine: Engine) -> None:
    org = await engine.new_organization()
    pix = entry(
        org,
        "PIX RECEBIDO",
        entity_type=EntityType.TRANSACTION,
        counterparty="Padaria São João Ltda",
        amount="58.90",
    )
    await engine.index.upsert(org, [pix, entry(org, "TED ENVIADA", counterparty="Mercado Azul")])

    assert await found(engine, org, "padaria sao joao") == [pix.entity_id]
    assert await found(engine, org, "PADARIA SÃO JOÃO") == [pix.entity_id]
    assert await found(engine, org, "pada") == [pix.entity_id]


async def test_title_and_identifiers_rank_above_free_text(engine: Engine) -> None:
    org = await engine.new_organization()
    in_content = entry(org, "Nota fiscal de serviço", content="serviço prestado para ACME em 4711")
    in_title = entry(org, "Nota fiscal ACME", keywords=("4711",))
    await engine.index.upsert(org, [in_content, in_title])

    assert await found(engine, org, "acme") == [in_title.entity_id, in_content.entity_id]
    assert await found(engine, org, "4711") == [in_title.entity_id, in_content.entity_id]


@pytest.fixture
async def ledger(engine: Engine) -> tuple[uuid.UUID, dict[str, SearchEntry]]:
    """Two documents, two transactions and an undated entry, all mentioning ACME."""
    org = await engine.new_organization()
    rows = {
        "d1": entry(
            org,
            "NF-e 1 ACME",
            amount="1500.00",
            occurred_on=date(2026, 10, 5),
            status="authorized",
            kind="nfe",
        ),
        "d2": entry(
            org,
            "NF-e 2 ACME",
            amount="320.50",
            occurred_on=date(2026, 11, 10),
            status="cancelled",
            kind="nfe",
        ),
        "t1": entry(
            org,
            "PIX ENVIADO",
            entity_type=EntityType.TRANSACTION,
            counterparty="ACME Ltda",
            amount="-320.50",
            occurred_on=date(2026, 11, 11),
            status="open",
            kind="pix",
        ),
        "t2": entry(
            org,
            "TED RECEBIDA",
            entity_type=EntityType.TRANSACTION,
            counterparty="ACME Ltda",
            amount="1499.99",
            occurred_on=date(2026, 9, 1),
            status="reconciled",
            kind="ted",
        ),
        "undated": entry(org, "Rascunho ACME", status="draft"),
    }
    await engine.index.upsert(org, list(rows.values()))
    return org, rows


async def test_filters(engine: Engine, ledger: tuple[uuid.UUID, dict[str, SearchEntry]]) -> None:
    org, rows = ledger

    async def names(**filters: object) -> set[str]:
        ids = await found(engine, org, "acme", **filters)
        assert len(ids) == len(set(ids))
        return {name for name, e in rows.items() if e.entity_id in ids}

    assert await names() == set(rows)
    assert await names(entity_types=(EntityType.TRANSACTION,)) == {"t1", "t2"}
    assert await names(entity_types=(EntityType.DOCUMENT, EntityType.TRANSACTION)) == set(rows)
    assert await names(statuses=("cancelled", "open")) == {"d2", "t1"}
    assert await names(date_from=date(2026, 11, 1)) == {"d2", "t1"}
    assert await names(date_to=date(2026, 10, 31)) == {"d1", "t2"}
    assert await names(date_from=date(2026, 10, 5), date_to=date(2026, 11, 10)) == {"d1", "d2"}
    assert await names(amount_min=Decimal("0")) == {"d1", "d2", "t2"}
    assert await names(amount_max=Decimal("-0.01")) == {"t1"}
    assert await names(amount_min=Decimal("320.50"), amount_max=Decimal("320.50")) == {"d2"}
    assert await names(
        entity_types=(EntityType.DOCUMENT,), amount_min=Decimal("1000"), statuses=("authorized",)
    ) == {"d1"}
    assert await names(statuses=("nonexistent",)) == set()


async def test_sorting(engine: Engine, ledger: tuple[uuid.UUID, dict[str, SearchEntry]]) -> None:
    org, rows = ledger
    dated = {k: v for k, v in rows.items() if k != "undated"}

    async def order(text: str, sort: SearchSort) -> list[str]:
        ids = await found(engine, org, text, sort=sort)
        by_id = {e.entity_id: name for name, e in dated.items()}
        return [by_id[i] for i in ids if i in by_id]

    assert await order("", SearchSort.DATE_DESC) == ["t1", "d2", "d1", "t2"]
    assert await order("", SearchSort.RELEVANCE) == ["t1", "d2", "d1", "t2"]
    assert await order("", SearchSort.DATE_ASC) == ["t2", "d1", "d2", "t1"]
    assert await order("acme", SearchSort.DATE_ASC) == ["t2", "d1", "d2", "t1"]
    assert await order("", SearchSort.AMOUNT_DESC) == ["d1", "t2", "d2", "t1"]
    assert await order("acme", SearchSort.AMOUNT_ASC) == ["t1", "d2", "t2", "d1"]


async def test_pagination_and_total(engine: Engine) -> None:
    org = await engine.new_organization()
    batch = [entry(org, f"Lote {i}", occurred_on=date(2026, 1, 1 + i)) for i in range(25)]
    await engine.index.upsert(org, [*batch, entry(org, "Outro assunto")])

    pages: list[SearchResults] = [
        await engine.index.search(
            org, SearchQuery(text="lote", limit=10, offset=offset, sort=SearchSort.DATE_DESC)
        )
        for offset in (0, 10, 20)
    ]
    assert [len(p.hits) for p in pages] == [10, 10, 5]
    assert all(p.total == 25 for p in pages)
    ids = [hit.entity_id for page in pages for hit in page.hits]
    assert ids == [e.entity_id for e in reversed(batch)]


async def test_hits_carry_display_fields(engine: Engine) -> None:
    org = await engine.new_organization()
    pix = entry(
        org,
        "PIX ENVIADO FORNECEDOR",
        entity_type=EntityType.TRANSACTION,
        amount="-1234.56",
        occurred_on=date(2026, 11, 27),
        status="open",
        kind="pix",
        counterparty="Fornecedor Ltda",
    )
    await engine.index.upsert(org, [pix])

    results = await engine.index.search(org, SearchQuery(text="fornecedor"))
    assert results.total == 1
    (hit,) = results.hits
    assert (hit.entity_type, hit.entity_id, hit.title) == (
        EntityType.TRANSACTION,
        pix.entity_id,
        "PIX ENVIADO FORNECEDOR",
    )
    assert hit.amount == Decimal("-1234.56")
    assert hit.occurred_on == date(2026, 11, 27)
    assert (hit.status, hit.kind, hit.counterparty) == ("open", "pix", "Fornecedor Ltda")
    assert hit.score > 0


async def test_tenant_isolation(engine: Engine) -> None:
    org_a, org_b = await engine.new_organization(), await engine.new_organization()
    shared_id = uuid.uuid4()  # the same entity id in both tenants must not collide
    mine = entry(org_a, "Conciliação ACME", entity_id=shared_id, keywords=(CNPJ,), amount="10")
    theirs = entry(org_b, "Conciliação ACME segredo", entity_id=shared_id, keywords=(CNPJ,))
    only_b = entry(org_b, "Exclusivo do outro tenant", keywords=(ACCESS_KEY,), amount="10")
    await engine.index.upsert(org_a, [mine])
    await engine.index.upsert(org_b, [theirs, only_b])

    a_hits = (await engine.index.search(org_a, SearchQuery(text="acme"))).hits
    assert [(h.entity_id, h.title) for h in a_hits] == [(shared_id, "Conciliação ACME")]
    for text in ("exclusivo", ACCESS_KEY, "segredo", ""):
        results = await engine.index.search(org_a, SearchQuery(text=text))
        assert only_b.entity_id not in {h.entity_id for h in results.hits}, text
        assert all(h.title != theirs.title for h in results.hits), text
    everything = await engine.index.search(org_a, SearchQuery(amount_min=Decimal("0")))
    assert (everything.total, [h.entity_id for h in everything.hits]) == (1, [shared_id])

    await engine.index.delete(org_a, EntityType.DOCUMENT, [shared_id, only_b.entity_id])
    assert await found(engine, org_a, "acme") == []
    assert set(await found(engine, org_b, "acme")) == {shared_id}
    assert await found(engine, org_b, "exclusivo") == [only_b.entity_id]


async def test_batch_with_another_tenants_entry_is_refused(engine: Engine) -> None:
    org_a, org_b = await engine.new_organization(), await engine.new_organization()
    with pytest.raises(ValueError, match="another organization"):
        await engine.index.upsert(org_a, [entry(org_a, "Meu"), entry(org_b, "Alheio")])
    assert await found(engine, org_a) == []
    assert await found(engine, org_b) == []


async def test_hostile_values_stay_inside_the_tenant(engine: Engine) -> None:
    org_a, org_b = await engine.new_organization(), await engine.new_organization()
    await engine.index.upsert(org_a, [entry(org_a, "Meu documento", status="open")])
    await engine.index.upsert(org_b, [entry(org_b, "Documento alheio", status="open")])

    hostile = (
        'x" OR organization_id != "',
        'x\\" OR organization_id != \\"',
        "x' OR 1=1 --",
        "open] OR status EXISTS",
    )
    for value in hostile:
        assert await found(engine, org_a, statuses=(value,)) == [], value
        for hit in (await engine.index.search(org_a, SearchQuery(text=value))).hits:
            assert hit.title == "Meu documento", value
    assert len(await found(engine, org_a, "documento")) == 1


async def test_upsert_is_idempotent_and_replaces(engine: Engine) -> None:
    org = await engine.new_organization()
    first = entry(org, "Boleto Alfa", keywords=("23790001",), amount="100.00", status="open")
    await engine.index.upsert(org, [first])
    await engine.index.upsert(org, [first])
    results = await engine.index.search(org, SearchQuery(text="alfa"))
    assert (results.total, [h.entity_id for h in results.hits]) == (1, [first.entity_id])

    changed = entry(
        org,
        "Boleto Beta",
        entity_id=first.entity_id,
        keywords=("34191111",),
        amount="150.00",
        status="reconciled",
    )
    await engine.index.upsert(org, [changed])
    assert await found(engine, org, "alfa") == []
    assert await found(engine, org, "23790001") == []
    assert await found(engine, org, "34191111") == [first.entity_id]
    (hit,) = (await engine.index.search(org, SearchQuery(text="beta"))).hits
    assert (hit.amount, hit.status) == (Decimal("150.00"), "reconciled")
    assert await found(engine, org, statuses=("open",)) == []

    # Several versions of one entry in one batch: the last one wins.
    versions = [entry(org, f"Versão {n}", entity_id=first.entity_id) for n in ("um", "dois")]
    await engine.index.upsert(org, versions)
    assert [h.title for h in (await engine.index.search(org, SearchQuery())).hits] == [
        "Versão dois"
    ]


async def test_delete(engine: Engine) -> None:
    org = await engine.new_organization()
    doc = entry(org, "Duplicata ACME")
    txn = entry(org, "Pagamento ACME", entity_type=EntityType.TRANSACTION)
    await engine.index.upsert(org, [doc, txn])

    await engine.index.delete(org, EntityType.TRANSACTION, [doc.entity_id])  # wrong type: no-op
    assert set(await found(engine, org, "acme")) == {doc.entity_id, txn.entity_id}
    await engine.index.delete(org, EntityType.DOCUMENT, [doc.entity_id, uuid.uuid4()])
    assert await found(engine, org, "acme") == [txn.entity_id]
    await engine.index.delete(org, EntityType.DOCUMENT, [])
    await engine.index.delete(org, EntityType.TRANSACTION, [txn.entity_id])
    assert await found(engine, org) == []


async def test_punctuation_only_text_is_no_text(engine: Engine) -> None:
    org = await engine.new_organization()
    await engine.index.upsert(org, [entry(org, "Qualquer", occurred_on=date(2026, 1, 1))])
    for text in ("%%%", "  ", '"-"'):
        assert len(await found(engine, org, text)) == 1, text


async def test_setup_is_idempotent(engine: Engine) -> None:
    org = await engine.new_organization()
    await engine.index.upsert(org, [entry(org, "Persistente")])
    await engine.index.setup()
    assert len(await found(engine, org, "persistente")) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("limit", 0),
        ("limit", 101),
        ("offset", -1),
        ("offset", 995),
        ("text", "x" * 501),
        ("date_to", date(2025, 12, 31)),
        ("amount_max", Decimal("-1")),
    ],
)
def test_invalid_queries_are_refused(field: str, value: object) -> None:
    base: dict[str, object] = {"date_from": date(2026, 1, 1), "amount_min": Decimal("0")}
    with pytest.raises(Invalid) as error:
        SearchQuery(**{**base, field: value})  # type: ignore[arg-type]
    assert field in error.value.field_errors
