"""Reports and the organization's figures, from the report services GraphQL's
``reconciliationSummary``, ``aging``, ``parseErrorRates`` and ``dashboard`` call."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from backend.api.graphql.relay import from_global_id, to_global_id
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import Date, DateTime, DecimalText, GlobalId, Input, Money, Output
from backend.auth.rbac import Permission
from backend.db.base import utcnow
from backend.db.enums import Direction
from backend.reports import service
from backend.reports.service import Period

resource = Resource("reports")
admin = Resource("admin")


class SummaryQuery(Input):
    """Which documents the summary covers (by issue date, São Paulo time)."""

    since: datetime | None = Field(None, alias="from", description="Issued at or after.")
    until: datetime | None = Field(None, alias="to", description="Issued before (exclusive).")
    company: GlobalId | None = Field(None, description="One company's documents.")
    period: Period = Period.MONTH


class SummaryRowOut(Output):
    """One period × company × direction: installments matched, suggested and open."""

    period_start: Date
    company_id: GlobalId | None
    company_name: str | None
    direction: Direction
    documents: int
    installments: int
    amount: Money
    matched: int
    matched_amount: Money = Field(description="Settled part of every installment.")
    suggested: int
    suggested_amount: Money
    open: int
    open_amount: Money


class SummaryOut(Output):
    """The reconciliation summary's rows."""

    data: list[SummaryRowOut]


@resource.route(
    "GET",
    "/v1/reports/reconciliation",
    requires=Permission.READ,
    query=SummaryQuery,
    response=SummaryOut,
)
async def reconciliation_report(call: Call) -> SummaryOut:
    """Matched, suggested and open, by period, company and direction."""
    query = call.params(SummaryQuery)
    principal = call.principal
    company = from_global_id(query.company, "Company") if query.company else None
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await service.reconciliation_summary(
            session,
            principal,
            period=query.period,
            since=query.since,
            until=query.until,
            company_id=company,
        )
    return SummaryOut(
        data=[
            SummaryRowOut(
                period_start=r.period,
                company_id=to_global_id("Company", r.company_id) if r.company_id else None,
                company_name=r.company_name,
                direction=Direction(r.direction),
                documents=r.documents,
                installments=r.installments,
                amount=r.amount,
                matched=r.matched,
                matched_amount=r.matched_amount,
                suggested=r.suggested,
                suggested_amount=r.suggested_amount,
                open=r.open,
                open_amount=r.open_amount,
            )
            for r in rows
        ]
    )


class AgingQuery(Input):
    """The day the ages are counted at."""

    as_of: date | None = Field(None, description="Defaults to today in São Paulo.")


class AgingBucketOut(Output):
    """Open installments of one direction by days past due."""

    direction: Direction
    bucket: str = Field(
        description="current, overdue_1_30, overdue_31_60, overdue_61_90, overdue_90_plus,"
        " no_due_date."
    )
    installments: int
    open_amount: Money


class AgingOut(Output):
    """The aging buckets."""

    as_of: Date
    data: list[AgingBucketOut]


@resource.route(
    "GET", "/v1/reports/aging", requires=Permission.READ, query=AgingQuery, response=AgingOut
)
async def aging_report(call: Call) -> AgingOut:
    """Open receivables and payables by days past due."""
    principal = call.principal
    day = call.params(AgingQuery).as_of or service.today_in_brazil(utcnow())
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await service.aging(session, principal, as_of=day)
    return AgingOut(
        as_of=day,
        data=[
            AgingBucketOut(
                direction=Direction(r.direction),
                bucket=r.bucket,
                installments=r.installments,
                open_amount=r.open_amount,
            )
            for r in rows
        ],
    )


class RangeQuery(Input):
    """Which files count (by upload time)."""

    since: datetime | None = Field(None, alias="from", description="Uploaded at or after.")
    until: datetime | None = Field(None, alias="to", description="Uploaded before (exclusive).")


class ParseErrorRateOut(Output):
    """How many files of one kind failed to parse."""

    kind: str
    files: int
    failed: int
    rate: DecimalText = Field(description="failed / files.")
    top_error_code: str | None


class ParseErrorsOut(Output):
    """Parse error rates per detected kind."""

    data: list[ParseErrorRateOut]


def _rates(rows: list[service.ParseErrorRow]) -> list[ParseErrorRateOut]:
    return [
        ParseErrorRateOut(
            kind=r.kind,
            files=r.files,
            failed=r.failed,
            rate=r.rate,
            top_error_code=r.top_error_code,
        )
        for r in rows
    ]


@resource.route(
    "GET",
    "/v1/reports/parse-errors",
    requires=Permission.READ,
    query=RangeQuery,
    response=ParseErrorsOut,
)
async def parse_errors_report(call: Call) -> ParseErrorsOut:
    """Share of files that failed to parse, per detected kind (archive members one by one)."""
    query = call.params(RangeQuery)
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        rows = await service.parse_error_rates(
            session, principal, since=query.since, until=query.until
        )
    return ParseErrorsOut(data=_rates(rows))


class MetricsOut(Output):
    """The organization's figures: the dashboard's, with parse error rates by kind."""

    documents: int
    transactions: int
    open_receivables: Money
    open_payables: Money
    open_transactions: int
    pending_suggestions: int
    matched_this_month: int
    automatic_match_rate: DecimalText | None = Field(
        description="Share of this month's matches made by the engine or a rule."
    )
    files_in_progress: int
    files_failed_this_month: int
    last_activity_at: DateTime | None
    parse_errors: list[ParseErrorRateOut] = Field(description="Since the first upload.")


@admin.route("GET", "/v1/admin/metrics", requires=Permission.READ, response=MetricsOut)
async def get_metrics(call: Call) -> MetricsOut:
    """Documents, files, error rates and the automation rate (GraphQL ``dashboard``)."""
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        figures = await service.dashboard(
            session, principal, today=service.today_in_brazil(utcnow())
        )
        rates = await service.parse_error_rates(session, principal, since=None, until=None)
    return MetricsOut(
        documents=figures.documents,
        transactions=figures.transactions,
        open_receivables=figures.open_receivables,
        open_payables=figures.open_payables,
        open_transactions=figures.open_transactions,
        pending_suggestions=figures.pending_suggestions,
        matched_this_month=figures.matched_this_month,
        automatic_match_rate=figures.automatic_match_rate,
        files_in_progress=figures.files_in_progress,
        files_failed_this_month=figures.files_failed_this_month,
        last_activity_at=figures.last_activity_at,
        parse_errors=_rates(rates),
    )
