"""Reports and dashboard figures."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import DirectionEnum
from backend.api.graphql.relay import Money, from_global_id, money, to_global_id
from backend.db.base import utcnow
from backend.db.enums import Direction
from backend.reports import service
from backend.reports.service import Period

strawberry.enum(Period, name="ReportPeriod")


@strawberry.type
class ReconciliationSummaryRow:
    """One period × company × direction: installments matched, suggested and open."""

    period_start: date
    company_id: strawberry.ID | None
    company_name: str | None
    direction: DirectionEnum
    documents: int
    installments: int
    amount: Money
    matched: int
    matched_amount: Money = strawberry.field(description="Settled part of every installment.")
    suggested: int
    suggested_amount: Money
    open: int
    open_amount: Money


@strawberry.type
class AgingBucket:
    """Open installments of one direction by days past due."""

    direction: DirectionEnum
    bucket: str = strawberry.field(
        description="current, overdue_1_30, overdue_31_60, overdue_61_90, overdue_90_plus, "
        "no_due_date."
    )
    installments: int
    open_amount: Money


@strawberry.type
class ParseErrorRate:
    """How many files of one kind failed to parse."""

    kind: str
    files: int
    failed: int
    rate: str = strawberry.field(description="failed / files, as a decimal string.")
    top_error_code: str | None


@strawberry.type
class DashboardFigures:
    """The web app's first screen."""

    documents: int
    transactions: int
    open_receivables: Money
    open_payables: Money
    open_transactions: int
    pending_suggestions: int
    matched_this_month: int
    automatic_match_rate: str | None = strawberry.field(
        description="Share of this month's matches made by the engine or a rule."
    )
    files_in_progress: int
    files_failed_this_month: int
    last_activity_at: datetime | None


@strawberry.type
class ReportQueries:
    """Aggregates over the organization's data (any role that may read)."""

    @strawberry.field(description="Matched, suggested and open, by period, company, direction.")
    async def reconciliation_summary(
        self,
        info: Info,
        period: Period = Period.MONTH,
        since: datetime | None = None,
        until: datetime | None = None,
        company_id: strawberry.ID | None = None,
    ) -> list[ReconciliationSummaryRow]:
        """Periods by the documents' issue date (São Paulo time)."""
        principal = info.context.require_principal()
        company = from_global_id(company_id, "Company") if company_id else None
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rows = await service.reconciliation_summary(
                session, principal, period=period, since=since, until=until, company_id=company
            )
        return [
            ReconciliationSummaryRow(
                period_start=r.period,
                company_id=to_global_id("Company", r.company_id) if r.company_id else None,
                company_name=r.company_name,
                direction=Direction(r.direction),
                documents=r.documents,
                installments=r.installments,
                amount=money(r.amount),
                matched=r.matched,
                matched_amount=money(r.matched_amount),
                suggested=r.suggested,
                suggested_amount=money(r.suggested_amount),
                open=r.open,
                open_amount=money(r.open_amount),
            )
            for r in rows
        ]

    @strawberry.field(description="Open receivables and payables by days past due.")
    async def aging(self, info: Info, as_of: date | None = None) -> list[AgingBucket]:
        """``asOf`` defaults to today in São Paulo."""
        principal = info.context.require_principal()
        day = as_of or service.today_in_brazil(utcnow())
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rows = await service.aging(session, principal, as_of=day)
        return [
            AgingBucket(
                direction=Direction(r.direction),
                bucket=r.bucket,
                installments=r.installments,
                open_amount=money(r.open_amount),
            )
            for r in rows
        ]

    @strawberry.field(description="Share of files that failed to parse, per detected kind.")
    async def parse_error_rates(
        self, info: Info, since: datetime | None = None, until: datetime | None = None
    ) -> list[ParseErrorRate]:
        """Archive members count one by one; the archives themselves do not."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rows = await service.parse_error_rates(session, principal, since=since, until=until)
        return [
            ParseErrorRate(
                kind=r.kind,
                files=r.files,
                failed=r.failed,
                rate=str(r.rate),
                top_error_code=r.top_error_code,
            )
            for r in rows
        ]

    @strawberry.field(description="Headline figures of the organization.")
    async def dashboard(self, info: Info) -> DashboardFigures:
        """Counted now; this month in São Paulo time."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            figures = await service.dashboard(
                session, principal, today=service.today_in_brazil(utcnow())
            )
        return DashboardFigures(
            documents=figures.documents,
            transactions=figures.transactions,
            open_receivables=money(figures.open_receivables),
            open_payables=money(figures.open_payables),
            open_transactions=figures.open_transactions,
            pending_suggestions=figures.pending_suggestions,
            matched_this_month=figures.matched_this_month,
            automatic_match_rate=(
                str(figures.automatic_match_rate)
                if figures.automatic_match_rate is not None
                else None
            ),
            files_in_progress=figures.files_in_progress,
            files_failed_this_month=figures.files_failed_this_month,
            last_activity_at=figures.last_activity_at,
        )
