"""Reading reconciliations: lists, the review queue, and batches for loaders."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.db.notifications import listen
from backend.db.pagination import Page, PageRequest
from backend.reconciliations import repository
from backend.reconciliations.filters import ReconciliationFilter, ReconciliationSort
from backend.reconciliations.models import Reconciliation, ReconciliationItem

Target = Literal["document_id", "installment_id", "transaction_id"]


async def page_reconciliations(
    session: AsyncSession,
    principal: Principal,
    where: ReconciliationFilter,
    sort: ReconciliationSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the tenant's reconciliations (the review queue: suggested, by score)."""
    require(principal, Permission.READ)
    return await repository.page_reconciliations(
        session, where, sort, descending=descending, request=request
    )


SCORE_BAND_FLOORS = tuple(Decimal(f) for f in ("0.95", "0.90", "0.80", "0.70", "0.50", "0"))
"""Where the review queue's score bands start (bulk accept previews them, highest first)."""


async def score_bands(
    session: AsyncSession, principal: Principal, where: ReconciliationFilter
) -> list[tuple[Decimal, int, Decimal]]:
    """(floor, count, money) per score band of the reconciliations ``where`` selects."""
    require(principal, Permission.READ)
    return await repository.score_bands(session, where, SCORE_BAND_FLOORS)


async def count_reconciliations(session: AsyncSession, where: ReconciliationFilter) -> int:
    """How many of the tenant's reconciliations match."""
    return await repository.count_reconciliations(session, where)


async def reconciliations_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[Reconciliation]:
    """A batch of reconciliations by id (a DataLoader's fetch)."""
    return await repository.reconciliations_by_ids(session, ids)


async def items_of(
    session: AsyncSession, reconciliation_ids: Sequence[uuid.UUID]
) -> list[ReconciliationItem]:
    """The sides of a batch of reconciliations."""
    return await repository.items_of(session, reconciliation_ids)


async def reconciliations_holding(
    session: AsyncSession, target: Target, ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, Reconciliation]]:
    """Live reconciliations holding a batch of documents, installments or transactions."""
    return await repository.reconciliations_holding(session, target, ids)


def listen_changes(dsn: str, organization_id: uuid.UUID) -> AsyncIterator[dict[str, Any]]:
    """Yield ``organization_id``'s reconciliation changes as they commit."""
    return listen(dsn, repository.CHANGES_CHANNEL, organization_id)


async def export_batch(
    session: AsyncSession,
    where: ReconciliationFilter,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[RowMapping]:
    """The next ``limit`` export rows after the ``after`` key (exports stream in batches)."""
    return await repository.export_reconciliations_batch(session, where, after=after, limit=limit)


async def export_sides(
    session: AsyncSession, reconciliation_ids: Sequence[uuid.UUID]
) -> Sequence[RowMapping]:
    """The documents and transactions of a batch of exported reconciliations."""
    return await repository.export_reconciliation_sides(session, reconciliation_ids)
