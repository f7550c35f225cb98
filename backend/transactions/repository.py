"""SQL for bank accounts, transactions and CNAB collection titles: bulk, idempotent inserts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, or_
from sqlalchemy.dialects.postgresql import insert
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
from backend.tenancy.models import BankAccount
from backend.transactions.filters import TransactionFilter, TransactionSort
from backend.transactions.models import CollectionTitle, Transaction


async def ensure_accounts(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[str, uuid.UUID]:
    """Create the accounts that do not exist yet; return account_key → id for all of them."""
    if not rows:
        return {}
    for batch in batches(rows):
        await session.execute(
            insert(BankAccount.__table__)  # type: ignore[attr-defined]
            .values(batch)
            .on_conflict_do_nothing(index_elements=["organization_id", "account_key"])
        )
    keys = [row["account_key"] for row in rows]
    result = await session.execute(
        select(BankAccount.account_key, BankAccount.id).where(
            col(BankAccount.account_key).in_(keys)
        )
    )
    return {row[0]: row[1] for row in result.all()}


async def insert_transactions(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert transactions whose fingerprint is new for the account; return how many."""
    inserted = 0
    for batch in batches(rows):
        result = await session.execute(
            insert(Transaction.__table__)  # type: ignore[attr-defined]
            .values(batch)
            .on_conflict_do_nothing(
                index_elements=["organization_id", "bank_account_id", "fingerprint"]
            )
        )
        inserted += int(result.rowcount)  # type: ignore[attr-defined]
    return inserted


async def insert_titles(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert collection titles not seen before; return how many."""
    inserted = 0
    for batch in batches(rows):
        result = await session.execute(
            insert(CollectionTitle.__table__)  # type: ignore[attr-defined]
            .values(batch)
            .on_conflict_do_nothing(index_elements=["organization_id", "fingerprint"])
        )
        inserted += int(result.rowcount)  # type: ignore[attr-defined]
    return inserted


async def by_files(session: AsyncSession, file_ids: Sequence[uuid.UUID]) -> list[Transaction]:
    """Transactions first imported from these files."""
    if not file_ids:
        return []
    result = await session.execute(
        select(Transaction).where(col(Transaction.file_id).in_(file_ids))
    )
    return list(result.scalars())


def _transaction_query(where: TransactionFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if where.statuses:
        conditions.append(col(Transaction.status).in_(where.statuses))
    if where.types:
        conditions.append(col(Transaction.type).in_(where.types))
    if where.entry_kinds:
        conditions.append(col(Transaction.entry_kind).in_(where.entry_kinds))
    if where.bank_account_id is not None:
        conditions.append(col(Transaction.bank_account_id) == where.bank_account_id)
    if where.company_id is not None:
        conditions.append(
            col(Transaction.bank_account_id).in_(
                select(BankAccount.id).where(col(BankAccount.company_id) == where.company_id)
            )
        )
    if where.counterparty:
        digits = "".join(c for c in where.counterparty if c.isalnum()).upper()
        name = col(Transaction.counterparty_name).ilike(like_pattern(where.counterparty.strip()))
        conditions.append(
            or_(col(Transaction.counterparty_tax_id) == digits, name) if digits else name
        )
    if where.posted_from is not None:
        conditions.append(col(Transaction.posted_date) >= where.posted_from)
    if where.posted_to is not None:
        conditions.append(col(Transaction.posted_date) <= where.posted_to)
    if where.amount_min is not None:
        conditions.append(col(Transaction.amount) >= where.amount_min)
    if where.amount_max is not None:
        conditions.append(col(Transaction.amount) <= where.amount_max)
    if where.text:
        pattern = like_pattern(where.text.strip())
        conditions.append(
            or_(
                col(Transaction.description).ilike(pattern),
                col(Transaction.counterparty_name).ilike(pattern),
            )
        )
    return select(Transaction).where(*conditions)


_SORTS: dict[TransactionSort, SortColumn] = {
    TransactionSort.POSTED_ON: col(Transaction.posted_date),
    TransactionSort.AMOUNT: col(Transaction.amount),
    TransactionSort.CREATED_AT: col(Transaction.created_at),
}


async def page_transactions(
    session: AsyncSession,
    where: TransactionFilter,
    sort: TransactionSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of transactions matching ``where``."""
    sort_key = _SORTS[sort]
    return await keyset_page(
        session,
        _transaction_query(where),
        sort=sort_key,
        row_id=col(Transaction.id),
        descending=descending,
        request=request,
    )


async def count_transactions(session: AsyncSession, where: TransactionFilter) -> int:
    """How many transactions match ``where``."""
    return await count_rows(session, _transaction_query(where))


async def transactions_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Transaction]:
    """Transactions with these ids."""
    result = await session.execute(select(Transaction).where(col(Transaction.id).in_(ids)))
    return list(result.scalars())


async def accounts_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[BankAccount]:
    """Bank accounts with these ids."""
    result = await session.execute(select(BankAccount).where(col(BankAccount.id).in_(ids)))
    return list(result.scalars())
