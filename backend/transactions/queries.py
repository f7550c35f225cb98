"""Reading transactions and bank accounts (lists, pages and batches for loaders)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.db.pagination import Page, PageRequest
from backend.tenancy.models import BankAccount
from backend.transactions import repository
from backend.transactions.filters import TransactionFilter, TransactionSort
from backend.transactions.models import Transaction


async def page_transactions(
    session: AsyncSession,
    principal: Principal,
    where: TransactionFilter,
    sort: TransactionSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the tenant's transactions."""
    require(principal, Permission.READ)
    return await repository.page_transactions(
        session, where, sort, descending=descending, request=request
    )


async def count_transactions(session: AsyncSession, where: TransactionFilter) -> int:
    """How many of the tenant's transactions match."""
    return await repository.count_transactions(session, where)


async def transactions_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Transaction]:
    """A batch of transactions by id (a DataLoader's fetch)."""
    return await repository.transactions_by_ids(session, ids)


async def accounts_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[BankAccount]:
    """A batch of bank accounts by id."""
    return await repository.accounts_by_ids(session, ids)
