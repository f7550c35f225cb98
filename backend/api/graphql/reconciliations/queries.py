"""reconciliations connection, the review queue, and the Reconciliation node loader."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import (
    DecidedByEnum,
    ReconciliationSortEnum,
    ReconciliationStatusEnum,
)
from backend.api.graphql.prefetch import page_prefetch, prefetch_reconciliations
from backend.api.graphql.reconciliations.types import (
    ReconciliationConnection,
    ReconciliationType,
    ReviewCandidate,
)
from backend.api.graphql.relay import (
    Money,
    SortDirection,
    from_global_id,
    node_loader,
    page_request,
    resolve_connection,
)
from backend.db.enums import ReconciliationStatus
from backend.reconciliations import queries
from backend.reconciliations.filters import ReconciliationFilter, ReconciliationSort


@strawberry.input
class ReconciliationFilterInput:
    """Narrow the reconciliations list; every field is optional and they combine with AND."""

    status: list[ReconciliationStatusEnum] | None = None
    decided_by: list[DecidedByEnum] | None = None
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    created_from: datetime | None = None
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    company_id: strawberry.ID | None = None
    counterparty: str | None = strawberry.field(
        default=None, description="CNPJ/CPF or part of a party's name on the documents."
    )
    document_id: strawberry.ID | None = None
    transaction_id: strawberry.ID | None = None

    def to_filter(self, *, statuses: tuple[str, ...] | None = None) -> ReconciliationFilter:
        """As the repository's filter (``statuses`` overrides ``status``)."""
        own = tuple(s.value for s in self.status) if self.status else None
        return ReconciliationFilter(
            statuses=statuses or own,
            decided_by=tuple(d.value for d in self.decided_by) if self.decided_by else None,
            score_min=Decimal(self.score_min) if self.score_min is not None else None,
            score_max=Decimal(self.score_max) if self.score_max is not None else None,
            created_from=self.created_from,
            created_to=self.created_to,
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            counterparty=self.counterparty,
            document_id=(
                from_global_id(self.document_id, "Document") if self.document_id else None
            ),
            transaction_id=(
                from_global_id(self.transaction_id, "Transaction") if self.transaction_id else None
            ),
        )


async def _connection(
    info: Info,
    where: ReconciliationFilter,
    sort: ReconciliationSort,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> ReconciliationConnection:
    return await resolve_connection(
        info,
        lambda session, principal: queries.page_reconciliations(
            session,
            principal,
            where,
            sort,
            descending=descending,
            request=page_request(first, after, last, before),
        ),
        lambda session: queries.count_reconciliations(session, where),
        ReconciliationType.from_model,
        prefetch=page_prefetch(
            info.context.loaders, prefetch_reconciliations, ReconciliationType.from_model
        ),
    )


@strawberry.type
class ReconciliationQueries:
    """Matches, suggestions and the review queue."""

    @strawberry.field(description="Reconciliations of every status, filtered and sorted.")
    async def reconciliations(
        self,
        info: Info,
        filter: ReconciliationFilterInput | None = None,
        sort: ReconciliationSortEnum = ReconciliationSort.CREATED_AT,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ReconciliationConnection:
        """A page of reconciliations (at most 100)."""
        where = filter.to_filter() if filter else ReconciliationFilter()
        return await _connection(
            info,
            where,
            ReconciliationSort(sort),
            direction is SortDirection.DESC,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(
        description="Suggestions awaiting a person's decision, best score first by default."
    )
    async def review_queue(
        self,
        info: Info,
        filter: ReconciliationFilterInput | None = None,
        sort: ReconciliationSortEnum = ReconciliationSort.SCORE,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ReconciliationConnection:
        """Only suggested reconciliations, whatever the filter's status says."""
        suggested = (ReconciliationStatus.SUGGESTED.value,)
        where = (
            filter.to_filter(statuses=suggested)
            if filter
            else ReconciliationFilter(statuses=suggested)
        )
        return await _connection(
            info,
            where,
            ReconciliationSort(sort),
            direction is SortDirection.DESC,
            first,
            after,
            last,
            before,
        )


@strawberry.type
class ScoreBand:
    """Suggestions whose score is at least ``min_score`` (and below the next band)."""

    min_score: Decimal
    count: int
    amount: Money = strawberry.field(description="Money on their transaction side.")


@strawberry.type
class ReviewBandQueries:
    """The bulk-accept preview."""

    @strawberry.field(description="The review queue by score band: how many and how much.")
    async def review_bands(
        self, info: Info, filter: ReconciliationFilterInput | None = None
    ) -> list[ScoreBand]:
        """Highest band first; empty bands left out."""
        principal = info.context.require_principal()
        suggested = (ReconciliationStatus.SUGGESTED.value,)
        where = (
            filter.to_filter(statuses=suggested)
            if filter
            else ReconciliationFilter(statuses=suggested)
        )
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            bands = await queries.score_bands(session, principal, where)
        return [ScoreBand(min_score=f, count=n, amount=Money(a)) for f, n, a in bands]

    @strawberry.field(
        description="Open items to reconcile with a bank line (installments) or with an"
        " installment (bank lines), within an amount tolerance (a fraction: 0.05 is 5 %) and"
        " a number of days, nearest amount first."
    )
    async def review_candidates(
        self,
        info: Info,
        transaction_id: strawberry.ID | None = None,
        installment_id: strawberry.ID | None = None,
        amount_tolerance: Decimal = Decimal("0.05"),
        days: int = 30,
        text: str | None = None,
        first: int = 20,
    ) -> list[ReviewCandidate]:
        """At most 50."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            found = await queries.candidates(
                session,
                principal,
                transaction_id=from_global_id(transaction_id, "Transaction")
                if transaction_id
                else None,
                installment_id=from_global_id(installment_id, "Installment")
                if installment_id
                else None,
                tolerance=amount_tolerance,
                days=days,
                text_value=text,
                limit=first,
            )
        searched_transaction = transaction_id is not None
        return [
            ReviewCandidate(
                amount_difference=Money(c.amount_difference),
                days_apart=c.days_apart,
                installment_id=c.item_id if searched_transaction else None,
                transaction_id=None if searched_transaction else c.item_id,
            )
            for c in found
        ]


@node_loader("Reconciliation")
async def load_reconciliation(info: Info, row_id: uuid.UUID) -> ReconciliationType | None:
    """node(id) for reconciliations."""
    found = await info.context.loaders().reconciliation.load(row_id)
    return ReconciliationType.from_model(found) if found else None
