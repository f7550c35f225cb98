"""SQL for reconciliations: the open items the engine works on and the decisions it writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, join, or_, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.bulk import batches
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


async def delete_reconciliation(session: AsyncSession, reconciliation_id: uuid.UUID) -> None:
    """Remove a decision (its items go with it), giving its transactions their amounts back."""
    freed = await session.execute(
        text(
            "update transactions t set"
            " open_amount = sign(t.amount) * least(abs(t.amount), abs(t.open_amount) + ri.amount),"
            " updated_at = now() from reconciliation_items ri"
            " where ri.reconciliation_id = :id and ri.transaction_id = t.id returning t.id"
        ),
        {"id": reconciliation_id},
    )
    await session.execute(
        text(
            "update transactions set status = case when open_amount = amount then 'open'"
            " when open_amount = 0 then 'reconciled' else 'partial' end where id = any(:ids)"
        ),
        {"ids": list(freed.scalars())},
    )
    await session.execute(
        text("delete from reconciliations where id = :id"), {"id": reconciliation_id}
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
        _reconciliation_query(where).add_columns(sort_key.label("sort_key")),
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
