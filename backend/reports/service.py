"""Reports: reconciliation summary, aging, parse error rates, dashboard figures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.reports import repository

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
AGING_BUCKETS = (
    "current",
    "overdue_1_30",
    "overdue_31_60",
    "overdue_61_90",
    "overdue_90_plus",
    "no_due_date",
)


class Period(StrEnum):
    """How the summary groups time."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One period × company × direction of the reconciliation summary."""

    period: date
    company_id: uuid.UUID | None
    company_name: str | None
    direction: str
    documents: int
    installments: int
    amount: Decimal
    matched: int
    matched_amount: Decimal
    suggested: int
    suggested_amount: Decimal
    open: int
    open_amount: Decimal


@dataclass(frozen=True, slots=True)
class AgingRow:
    """Open installments of one direction in one age bucket."""

    direction: str
    bucket: str
    installments: int
    open_amount: Decimal


@dataclass(frozen=True, slots=True)
class ParseErrorRow:
    """Parse outcome of one file kind."""

    kind: str
    files: int
    failed: int
    rate: Decimal
    top_error_code: str | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Headline figures."""

    documents: int
    transactions: int
    open_receivables: Decimal
    open_payables: Decimal
    open_transactions: int
    pending_suggestions: int
    matched_this_month: int
    automatic_match_rate: Decimal | None
    files_in_progress: int
    files_failed_this_month: int
    last_activity_at: datetime | None


async def reconciliation_summary(
    session: AsyncSession,
    principal: Principal,
    *,
    period: Period,
    since: datetime | None,
    until: datetime | None,
    company_id: uuid.UUID | None,
) -> list[SummaryRow]:
    """Counts and amounts matched, suggested and open, by period, company and direction."""
    require(principal, Permission.READ)
    rows = await repository.reconciliation_summary(
        session, unit=period.value, since=since, until=until, company_id=company_id
    )
    return [SummaryRow(**dict(row)) for row in rows]


async def aging(session: AsyncSession, principal: Principal, *, as_of: date) -> list[AgingRow]:
    """Open receivables and payables by days past due on ``as_of``; empty buckets as zero."""
    require(principal, Permission.READ)
    found = {(r["direction"], r["bucket"]): r for r in await repository.aging(session, as_of=as_of)}
    return [
        AgingRow(
            direction=direction,
            bucket=bucket,
            installments=int(found[(direction, bucket)]["installments"])
            if (direction, bucket) in found
            else 0,
            open_amount=found[(direction, bucket)]["open_amount"]
            if (direction, bucket) in found
            else Decimal("0.00"),
        )
        for direction in ("receivable", "payable")
        for bucket in AGING_BUCKETS
    ]


async def parse_error_rates(
    session: AsyncSession, principal: Principal, *, since: datetime | None, until: datetime | None
) -> list[ParseErrorRow]:
    """Share of files (archive members included) that failed, per detected kind."""
    require(principal, Permission.READ)
    return [
        ParseErrorRow(
            kind=row["kind"],
            files=row["files"],
            failed=row["failed"],
            rate=(Decimal(row["failed"]) / Decimal(row["files"])).quantize(Decimal("0.0001")),
            top_error_code=row["top_error_code"],
        )
        for row in await repository.parse_error_rates(session, since=since, until=until)
    ]


async def dashboard(session: AsyncSession, principal: Principal, *, today: date) -> Dashboard:
    """The figures on the web app's first screen."""
    require(principal, Permission.READ)
    month_start = datetime.combine(today.replace(day=1), time(), tzinfo=SAO_PAULO)
    row = await repository.dashboard(session, month_start=month_start)
    matched = int(row["matched_this_month"])
    return Dashboard(
        documents=row["documents"],
        transactions=row["transactions"],
        open_receivables=row["open_receivables"],
        open_payables=row["open_payables"],
        open_transactions=row["open_transactions"],
        pending_suggestions=row["pending_suggestions"],
        matched_this_month=matched,
        automatic_match_rate=(
            (Decimal(row["matched_automatically_this_month"]) / matched).quantize(Decimal("0.0001"))
            if matched
            else None
        ),
        files_in_progress=row["files_in_progress"],
        files_failed_this_month=row["files_failed_this_month"],
        last_activity_at=row["last_activity_at"],
    )


def today_in_brazil(now: datetime) -> date:
    """The calendar day in São Paulo at ``now``."""
    return now.astimezone(SAO_PAULO).date()
