"""SQL for reconciliations: the open items the engine works on and the decisions it writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    exists,
    func,
    join,
    or_,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.bulk import batches
from backend.db.notifications import notify
from backend.db.pagination import (
    Page,
    PageRequest,
    SortColumn,
    count_rows,
    keyset_page,
    like_pattern,
)
from backend.documents.models import Document
from backend.reconciliations.filters import ReconciliationFilter, ReconciliationSort
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.rules.models import Rule
from backend.users.models import User


async def open_installments(session: AsyncSession) -> Sequence[RowMapping]:
    """Installments still (partly) open, and those of cancelled documents that a live
    reconciliation holds (so the engine can undo it)."""
    result = await session.execute(
        text(
            "select i.id, i.document_id, i.number, i.due_date, i.amount, i.open_amount,"
            " d.status, d.direction, d.issued_at, d.created_at, d.number as document_number,"
            " d.counterparty_tax_id,"
            " case when d.direction = 'payable' then d.issuer_name else d.recipient_name end"
            " as counterparty_name"
            " from document_installments i join documents d on d.id = i.document_id"
            " where d.direction <> 'unknown' and ("
            "  (i.status in ('open', 'partial') and d.status not in ('cancelled', 'denied'))"
            "  or (d.status in ('cancelled', 'denied') and exists (select 1"
            "   from reconciliation_items ri join reconciliations r on r.id = ri.reconciliation_id"
            "   where ri.installment_id = i.id and r.status = 'matched')))"
        )
    )
    return result.mappings().all()


async def open_transactions(session: AsyncSession) -> Sequence[RowMapping]:
    """Transactions still (partly) open, plus those a live reconciliation of a cancelled
    document holds."""
    result = await session.execute(
        text(
            "select t.id, t.bank_account_id, t.posted_date, t.amount, t.open_amount,"
            " t.description, t.type, t.entry_kind, t.counterparty_name, t.counterparty_tax_id,"
            " t.external_refs from transactions t"
            " where t.status in ('open', 'partial') or exists (select 1"
            "  from reconciliation_items ri join reconciliations r on r.id = ri.reconciliation_id"
            "  join reconciliation_items di on di.reconciliation_id = r.id"
            "  join document_installments i on i.id = di.installment_id"
            "  join documents d on d.id = i.document_id"
            "  where ri.transaction_id = t.id and r.status = 'matched'"
            "  and d.status in ('cancelled', 'denied'))"
        )
    )
    return result.mappings().all()


async def decisions_touching(
    session: AsyncSession,
    installment_ids: Sequence[uuid.UUID],
    transaction_ids: Sequence[uuid.UUID],
) -> Sequence[RowMapping]:
    """Live and rejected decisions that involve any of these items, with their items."""
    result = await session.execute(
        text(
            "select r.id, r.status, r.decided_by, ri.side, ri.installment_id, ri.transaction_id,"
            " ri.amount from reconciliations r join reconciliation_items ri"
            " on ri.reconciliation_id = r.id"
            " where r.status in ('matched', 'rejected') and r.id in ("
            "  select reconciliation_id from reconciliation_items"
            "  where installment_id = any(:installments) or transaction_id = any(:transactions))"
            " order by r.created_at, r.id"
        ),
        {"installments": list(installment_ids), "transactions": list(transaction_ids)},
    )
    return result.mappings().all()


async def delete_system_suggestions(session: AsyncSession) -> int:
    """Suggestions nobody acted on are recomputed by every run."""
    result = await session.execute(
        text("delete from reconciliations where status = 'suggested' and decided_by <> 'user'")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def insert_reconciliations(
    session: AsyncSession, rows: Sequence[dict[str, Any]], items: Sequence[dict[str, Any]]
) -> None:
    """Insert decisions and their items in bulk."""
    for batch in batches(rows):
        await session.execute(insert(Reconciliation.__table__).values(batch))  # type: ignore[attr-defined]
    for batch in batches(items):
        await session.execute(insert(ReconciliationItem.__table__).values(batch))  # type: ignore[attr-defined]


async def set_open_amounts(
    session: AsyncSession,
    installments: dict[uuid.UUID, Decimal],
    transactions: dict[uuid.UUID, Decimal],
) -> None:
    """Set open balances (and the status that follows: open, partial or reconciled)."""
    for table, amounts in (("document_installments", installments), ("transactions", transactions)):
        if not amounts:
            continue
        await session.execute(
            text(
                f"update {table} t set open_amount = a.open,"
                " status = case when a.open = 0 then 'reconciled'"
                "  when a.open = t.amount then 'open' else 'partial' end,"
                " updated_at = now()"
                " from unnest(cast(:ids as uuid[]), cast(:amounts as numeric[])) as a(id, open)"
                " where t.id = a.id"
            ),
            {"ids": list(amounts), "amounts": [amounts[k] for k in amounts]},
        )


async def release_items(session: AsyncSession, reconciliation_ids: Sequence[uuid.UUID]) -> None:
    """Give these decisions' installments and transactions back the amounts they allocated."""
    ids = {"ids": list(reconciliation_ids)}
    await session.execute(
        text(
            "update document_installments i set"
            " open_amount = least(i.amount, i.open_amount + a.amount), updated_at = now()"
            " from (select installment_id, sum(amount) as amount from reconciliation_items"
            "  where reconciliation_id = any(:ids) and installment_id is not null"
            "  group by installment_id) a where a.installment_id = i.id"
        ),
        ids,
    )
    await session.execute(
        text(
            "update transactions t set open_amount = sign(t.amount)"
            " * least(abs(t.amount), abs(t.open_amount) + a.amount), updated_at = now()"
            " from (select transaction_id, sum(amount) as amount from reconciliation_items"
            "  where reconciliation_id = any(:ids) and transaction_id is not null"
            "  group by transaction_id) a where a.transaction_id = t.id"
        ),
        ids,
    )
    for table, column in (
        ("document_installments", "installment_id"),
        ("transactions", "transaction_id"),
    ):
        await session.execute(
            text(
                f"update {table} set status = case when open_amount = amount then 'open'"
                " when open_amount = 0 then 'reconciled' else 'partial' end"
                f" where id in (select {column} from reconciliation_items"
                " where reconciliation_id = any(:ids))"
            ),
            ids,
        )


async def delete_reconciliation(session: AsyncSession, reconciliation_id: uuid.UUID) -> None:
    """Remove a decision (its items go with it), giving its items their amounts back."""
    await release_items(session, [reconciliation_id])
    await session.execute(
        text("delete from reconciliations where id = :id"), {"id": reconciliation_id}
    )


async def automatic_matches(
    session: AsyncSession, document_ids: Sequence[uuid.UUID] | None
) -> list[uuid.UUID]:
    """Matches the engine or a rule made (not people's), of these documents or of all."""
    query = (
        "select r.id from reconciliations r where r.status = 'matched'"
        " and r.decided_by in ('system', 'rule')"
    )
    params: dict[str, Any] = {}
    if document_ids is not None:
        query += (
            " and exists (select 1 from reconciliation_items ri where ri.reconciliation_id = r.id"
            " and ri.document_id = any(:documents))"
        )
        params["documents"] = list(document_ids)
    return list((await session.execute(text(query), params)).scalars())


async def delete_reconciliations(session: AsyncSession, ids: Sequence[uuid.UUID]) -> None:
    """Delete decisions (their items go with them)."""
    await session.execute(
        text("delete from reconciliations where id = any(:ids)"), {"ids": list(ids)}
    )


def _reconciliation_query(where: ReconciliationFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.statuses:
        conditions.append(col(Reconciliation.status).in_(where.statuses))
    if where.decided_by:
        conditions.append(col(Reconciliation.decided_by).in_(where.decided_by))
    if where.score_min is not None:
        conditions.append(col(Reconciliation.score) >= where.score_min)
    if where.score_max is not None:
        conditions.append(col(Reconciliation.score) <= where.score_max)
    if where.created_from is not None:
        conditions.append(col(Reconciliation.created_at) >= where.created_from)
    if where.created_to is not None:
        conditions.append(col(Reconciliation.created_at) < where.created_to)
    item = ReconciliationItem
    holds = col(item.reconciliation_id) == col(Reconciliation.id)
    if where.document_id is not None:
        conditions.append(exists().where(holds, col(item.document_id) == where.document_id))
    if where.transaction_id is not None:
        conditions.append(exists().where(holds, col(item.transaction_id) == where.transaction_id))
    if where.company_id is not None or where.counterparty:
        document_conditions: list[ColumnElement[bool]] = [holds]
        if where.company_id is not None:
            document_conditions.append(col(Document.company_id) == where.company_id)
        if where.counterparty:
            digits = "".join(c for c in where.counterparty if c.isalnum()).upper()
            pattern = like_pattern(where.counterparty.strip())
            by_name = or_(
                col(Document.issuer_name).ilike(pattern),
                col(Document.recipient_name).ilike(pattern),
            )
            document_conditions.append(
                or_(col(Document.counterparty_tax_id) == digits, by_name) if digits else by_name
            )
        conditions.append(
            exists()
            .select_from(join(item, Document, col(item.document_id) == col(Document.id)))
            .where(*document_conditions)
        )
    return select(Reconciliation).where(*conditions)


_SORTS: dict[ReconciliationSort, SortColumn] = {
    ReconciliationSort.SCORE: col(Reconciliation.score),
    ReconciliationSort.CREATED_AT: col(Reconciliation.created_at),
    ReconciliationSort.DIFFERENCE: func.abs(col(Reconciliation.difference_amount)),
}


async def page_reconciliations(
    session: AsyncSession,
    where: ReconciliationFilter,
    sort: ReconciliationSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of reconciliations matching ``where``."""
    sort_key = _SORTS[sort]
    return await keyset_page(
        session,
        _reconciliation_query(where),
        sort=sort_key,
        row_id=col(Reconciliation.id),
        descending=descending,
        request=request,
    )


async def count_reconciliations(session: AsyncSession, where: ReconciliationFilter) -> int:
    """How many reconciliations match ``where``."""
    return await count_rows(session, _reconciliation_query(where))


async def reconciliations_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[Reconciliation]:
    """Reconciliations with these ids."""
    result = await session.execute(select(Reconciliation).where(col(Reconciliation.id).in_(ids)))
    return list(result.scalars())


async def items_of(
    session: AsyncSession, reconciliation_ids: Sequence[uuid.UUID]
) -> list[ReconciliationItem]:
    """The sides of these reconciliations (documents first, then transactions)."""
    result = await session.execute(
        select(ReconciliationItem)
        .where(col(ReconciliationItem.reconciliation_id).in_(reconciliation_ids))
        .order_by(col(ReconciliationItem.side), col(ReconciliationItem.created_at))
    )
    return list(result.scalars())


async def reconciliations_holding(
    session: AsyncSession, column: str, ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, Reconciliation]]:
    """(item target id, reconciliation) for reconciliations that hold these targets.

    ``column`` is the item column: document_id, installment_id or transaction_id.
    Rejected decisions are left out: they are history, not a state of the item.
    """
    target = getattr(ReconciliationItem, column)
    result = await session.execute(
        select(target, Reconciliation)
        .join(Reconciliation, col(Reconciliation.id) == col(ReconciliationItem.reconciliation_id))
        .where(col(target).in_(ids), col(Reconciliation.status) != "rejected")
        .order_by(col(Reconciliation.created_at))
    )
    return [(row[0], row[1]) for row in result.all()]


async def export_reconciliations_batch(
    session: AsyncSession,
    where: ReconciliationFilter,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[RowMapping]:
    """Up to ``limit`` reconciliations matching ``where`` after ``after`` = (created_at, id),
    oldest first, with the name of the user or rule that decided them."""
    query = (
        _reconciliation_query(where)
        .with_only_columns(
            col(Reconciliation.id),
            col(Reconciliation.status),
            col(Reconciliation.score),
            col(Reconciliation.decided_by),
            col(Reconciliation.decided_at),
            col(Reconciliation.difference_amount),
            col(Reconciliation.reasons),
            col(Reconciliation.created_at).label("sort_key"),
            func.coalesce(col(User.name), col(Rule.name)).label("decider"),
        )
        .select_from(Reconciliation)
        .outerjoin(User, col(User.id) == col(Reconciliation.decided_by_user_id))
        .outerjoin(Rule, col(Rule.id) == col(Reconciliation.rule_id))
    )
    key = tuple_(col(Reconciliation.created_at), col(Reconciliation.id))
    if after is not None:
        query = query.where(key > tuple_(*after))
    result = await session.execute(
        query.order_by(col(Reconciliation.created_at), col(Reconciliation.id)).limit(limit)
    )
    return result.mappings().all()


async def export_reconciliation_sides(
    session: AsyncSession, reconciliation_ids: Sequence[uuid.UUID]
) -> Sequence[RowMapping]:
    """Every side of these reconciliations with what an export shows of it: the document
    (number, key, installment, counterparty, amount due) or the transaction (date,
    description, amount); ``amount`` is what the reconciliation allocates of it."""
    result = await session.execute(
        text(
            "select ri.reconciliation_id, ri.side, ri.amount, d.number as document_number,"
            " d.access_key, d.natural_key, i.number as installment_number,"
            " coalesce(i.amount, d.total_amount) as document_amount,"
            " d.counterparty_tax_id,"
            " case when d.direction = 'payable' then d.issuer_name else d.recipient_name end"
            " as counterparty_name,"
            " t.posted_date, t.description, t.amount as transaction_amount"
            " from reconciliation_items ri"
            " left join document_installments i on i.id = ri.installment_id"
            " left join documents d on d.id = coalesce(ri.document_id, i.document_id)"
            " left join transactions t on t.id = ri.transaction_id"
            " where ri.reconciliation_id = any(:ids)"
            " order by ri.reconciliation_id, ri.side, ri.created_at, ri.id"
        ),
        {"ids": list(reconciliation_ids)},
    )
    return result.mappings().all()


CHANGES_CHANNEL = "reconciliation_changed"


async def get_for_update(
    session: AsyncSession, reconciliation_id: uuid.UUID
) -> Reconciliation | None:
    """The reconciliation, locked until the transaction ends."""
    result = await session.execute(
        select(Reconciliation)
        .where(col(Reconciliation.id) == reconciliation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def lock_installments(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> Sequence[RowMapping]:
    """Installments with their document's status, locked (two reviewers cannot both win)."""
    result = await session.execute(
        text(
            "select i.id, i.document_id, i.amount, i.open_amount, i.status,"
            " d.status as document_status from document_installments i"
            " join documents d on d.id = i.document_id"
            " where i.id = any(:ids) order by i.id for update of i"
        ),
        {"ids": list(ids)},
    )
    return result.mappings().all()


async def lock_transactions(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> Sequence[RowMapping]:
    """Transactions, locked."""
    result = await session.execute(
        text(
            "select id, amount, open_amount, status from transactions"
            " where id = any(:ids) order by id for update"
        ),
        {"ids": list(ids)},
    )
    return result.mappings().all()


async def installment_ids_of_documents(
    session: AsyncSession, document_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """document id → its installments' ids (open or not)."""
    result = await session.execute(
        text(
            "select document_id, id from document_installments"
            " where document_id = any(:ids) order by due_date nulls last, number nulls first"
        ),
        {"ids": list(document_ids)},
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for document_id, installment_id in result.all():
        found.setdefault(document_id, []).append(installment_id)
    return found


async def update_reconciliation(
    session: AsyncSession, reconciliation_id: uuid.UUID, **values: Any
) -> None:
    """Set columns of one reconciliation."""
    await session.execute(
        update(Reconciliation)
        .where(col(Reconciliation.id) == reconciliation_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def delete_suggestions_touching(
    session: AsyncSession,
    installment_ids: Sequence[uuid.UUID],
    transaction_ids: Sequence[uuid.UUID],
) -> list[uuid.UUID]:
    """Drop the suggestions that compete for these items (a decision made them stale)."""
    result = await session.execute(
        text(
            "delete from reconciliations r where r.status = 'suggested' and exists ("
            " select 1 from reconciliation_items ri where ri.reconciliation_id = r.id"
            " and (ri.installment_id = any(:installments)"
            "  or ri.transaction_id = any(:transactions)))"
            " returning r.id"
        ),
        {"installments": list(installment_ids), "transactions": list(transaction_ids)},
    )
    return list(result.scalars())


async def notify_changes(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Tell live subscribers (after commit) that reconciliations changed."""
    await notify(session, CHANGES_CHANNEL, payload)


async def score_bands(
    session: AsyncSession, where: ReconciliationFilter, floors: Sequence[Decimal]
) -> list[tuple[Decimal, int, Decimal]]:
    """(band floor, reconciliations, money on their transaction side) per band, for
    ``floors`` in descending order: a reconciliation falls in the first floor its score
    reaches. Bands with nothing in them are left out."""
    matching = (
        _reconciliation_query(where)
        .with_only_columns(col(Reconciliation.id), col(Reconciliation.score))
        .subquery()
    )
    floor = case(*[(matching.c.score >= f, f) for f in floors], else_=None).label("floor")
    banded = select(matching.c.id, floor).subquery()
    money = (
        select(
            col(ReconciliationItem.reconciliation_id).label("id"),
            func.sum(col(ReconciliationItem.amount)).label("amount"),
        )
        .where(col(ReconciliationItem.transaction_id).is_not(None))
        .group_by(col(ReconciliationItem.reconciliation_id))
        .subquery()
    )
    result = await session.execute(
        select(banded.c.floor, func.count(), func.coalesce(func.sum(money.c.amount), 0))
        .select_from(banded.outerjoin(money, money.c.id == banded.c.id))
        .where(banded.c.floor.is_not(None))
        .group_by(banded.c.floor)
        .order_by(banded.c.floor.desc())
    )
    return [(Decimal(f), int(n), Decimal(a)) for f, n, a in result.all()]


async def installment_candidates(
    session: AsyncSession,
    *,
    receivable: bool,
    low: Decimal,
    high: Decimal,
    around: date,
    days: int,
    text_value: str | None,
    limit: int,
) -> list[tuple[uuid.UUID, Decimal, int | None]]:
    """Open installments a bank line could pay: (id, amount difference, days from their
    due date), nearest amount first. Documents cancelled or denied are left out."""
    query = (
        "select i.id, abs(i.open_amount - :middle) as diff,"
        " abs(i.due_date - cast(:around as date)) as apart"
        " from document_installments i join documents d on d.id = i.document_id"
        " where i.status in ('open', 'partial') and d.status not in ('cancelled', 'denied')"
        " and d.direction = :direction and i.open_amount between :low and :high"
        " and (i.due_date is null or i.due_date"
        "  between cast(:around as date) - cast(:days as integer)"
        "  and cast(:around as date) + cast(:days as integer))"
    )
    params: dict[str, Any] = {
        "middle": (low + high) / 2,
        "low": low,
        "high": high,
        "around": around,
        "days": days,
        "direction": "receivable" if receivable else "payable",
        "limit": limit,
    }
    if text_value:
        query += (
            " and (d.issuer_name ilike :pattern or d.recipient_name ilike :pattern"
            " or d.number ilike :pattern or d.counterparty_tax_id = :digits)"
        )
    query += " order by diff, apart nulls last, i.id limit :limit"
    return await _candidates(session, query, params, text_value)


async def transaction_candidates(
    session: AsyncSession,
    *,
    credit: bool,
    low: Decimal,
    high: Decimal,
    around: date | None,
    days: int,
    text_value: str | None,
    limit: int,
) -> list[tuple[uuid.UUID, Decimal, int | None]]:
    """Open bank lines that could pay an installment: (id, amount difference, days from
    ``around``), nearest amount first; credits for receivables, debits for payables."""
    query = (
        "select t.id, abs(abs(t.open_amount) - :middle) as diff,"
        " abs(t.posted_date - cast(:around as date)) as apart"
        " from transactions t where t.status in ('open', 'partial')"
        f" and t.amount {'>' if credit else '<'} 0"
        " and abs(t.open_amount) between :low and :high"
    )
    params: dict[str, Any] = {
        "middle": (low + high) / 2,
        "low": low,
        "high": high,
        "around": around,
        "days": days,
        "limit": limit,
    }
    if around is not None:
        query += (
            " and t.posted_date between cast(:around as date) - cast(:days as integer)"
            " and cast(:around as date) + cast(:days as integer)"
        )
    if text_value:
        query += (
            " and (t.description ilike :pattern or t.counterparty_name ilike :pattern"
            " or t.counterparty_tax_id = :digits)"
        )
    query += " order by diff, apart nulls last, t.id limit :limit"
    return await _candidates(session, query, params, text_value)


async def _candidates(
    session: AsyncSession, query: str, params: dict[str, Any], text_value: str | None
) -> list[tuple[uuid.UUID, Decimal, int | None]]:
    """Run a candidates query (its text condition reads :pattern and :digits)."""
    if text_value:
        params = {
            **params,
            "pattern": like_pattern(text_value.strip()),
            "digits": "".join(c for c in text_value if c.isalnum()).upper(),
        }
    rows = (await session.execute(text(query), params)).all()
    return [(r[0], Decimal(r[1]), None if r[2] is None else int(r[2])) for r in rows]
