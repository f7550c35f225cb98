"""Reading reconciliations: lists, the review queue, and batches for loaders."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Invalid, NotFound
from backend.db.notifications import listen
from backend.db.pagination import Page, PageRequest
from backend.documents.queries import documents_by_ids, installments_by_ids
from backend.reconciliations import repository
from backend.reconciliations.filters import ReconciliationFilter, ReconciliationSort
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.transactions.queries import transactions_by_ids

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


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open item that could be reconciled with the one asked about."""

    item_id: uuid.UUID
    amount_difference: Decimal
    days_apart: int | None


MAX_TOLERANCE = Decimal("0.5")
MAX_DAYS = 366
MAX_CANDIDATES = 50


async def candidates(
    session: AsyncSession,
    principal: Principal,
    *,
    transaction_id: uuid.UUID | None = None,
    installment_id: uuid.UUID | None = None,
    tolerance: Decimal = Decimal("0.05"),
    days: int = 30,
    text_value: str | None = None,
    limit: int = 20,
) -> list[Candidate]:
    """Open installments for a bank line, or open bank lines for an installment, within
    ``tolerance`` (a fraction of the amount) and ``days``, nearest amount first: what a
    reviewer searches when the suggestion is not the right one."""
    require(principal, Permission.READ)
    if (transaction_id is None) == (installment_id is None):
        raise Invalid(
            "give a transaction or an installment",
            field_errors={"transactionId": ["give exactly one of transactionId, installmentId"]},
        )
    errors: dict[str, list[str]] = {}
    if not Decimal(0) <= tolerance <= MAX_TOLERANCE:
        errors["amountTolerance"] = [f"between 0 and {MAX_TOLERANCE}"]
    if not 0 <= days <= MAX_DAYS:
        errors["days"] = [f"between 0 and {MAX_DAYS}"]
    if errors:
        raise Invalid("invalid candidate search", field_errors=errors)
    limit = max(1, min(limit, MAX_CANDIDATES))
    if transaction_id is not None:
        rows = await _for_transaction(session, transaction_id, tolerance, days, text_value, limit)
    elif installment_id is not None:
        rows = await _for_installment(session, installment_id, tolerance, days, text_value, limit)
    return [Candidate(item_id=i, amount_difference=d, days_apart=a) for i, d, a in rows]


async def _for_transaction(
    session: AsyncSession,
    transaction_id: uuid.UUID,
    tolerance: Decimal,
    days: int,
    text_value: str | None,
    limit: int,
) -> list[tuple[uuid.UUID, Decimal, int | None]]:
    found = await transactions_by_ids(session, [transaction_id])
    if not found:
        raise NotFound("transaction not found")
    amount = abs(found[0].open_amount)
    return await repository.installment_candidates(
        session,
        receivable=found[0].amount > 0,
        low=amount * (1 - tolerance),
        high=amount * (1 + tolerance),
        around=found[0].posted_date,
        days=days,
        text_value=text_value,
        limit=limit,
    )


async def _for_installment(
    session: AsyncSession,
    installment_id: uuid.UUID,
    tolerance: Decimal,
    days: int,
    text_value: str | None,
    limit: int,
) -> list[tuple[uuid.UUID, Decimal, int | None]]:
    found = await installments_by_ids(session, [installment_id])
    if not found:
        raise NotFound("installment not found")
    (document,) = await documents_by_ids(session, [found[0].document_id])
    amount = found[0].open_amount
    return await repository.transaction_candidates(
        session,
        credit=document.direction != "payable",
        low=amount * (1 - tolerance),
        high=amount * (1 + tolerance),
        around=found[0].due_date,
        days=days,
        text_value=text_value,
        limit=limit,
    )


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
