"""SQL for bank accounts, transactions and CNAB collection titles: bulk, idempotent inserts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.bulk import batches
from backend.tenancy.models import BankAccount
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
