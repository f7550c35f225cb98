"""SQL for reconciliations: the open items the engine works on and the decisions it writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.bulk import batches
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
