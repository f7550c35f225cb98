"""SQL aggregates for reports (all under the tenant's row-level security).

Periods and ages are computed in São Paulo time: a document issued at 23:30 on the
last day of a month belongs to that month for a Brazilian accountant.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

_LIVE = "d.status not in ('cancelled', 'denied')"
_SUGGESTED = (
    "exists (select 1 from reconciliation_items ri join reconciliations r"
    " on r.id = ri.reconciliation_id where ri.installment_id = i.id and r.status = 'suggested')"
)


async def reconciliation_summary(
    session: AsyncSession,
    *,
    unit: str,
    since: datetime | None,
    until: datetime | None,
    company_id: uuid.UUID | None,
) -> Sequence[RowMapping]:
    """Per period, company and direction: documents and installments matched, suggested, open."""
    conditions = [_LIVE, "d.direction <> 'unknown'"]
    params: dict[str, Any] = {"unit": unit}
    if since is not None:
        conditions.append("coalesce(d.issued_at, d.created_at) >= :since")
        params["since"] = since
    if until is not None:
        conditions.append("coalesce(d.issued_at, d.created_at) < :until")
        params["until"] = until
    if company_id is not None:
        conditions.append("d.company_id = :company")
        params["company"] = company_id
    result = await session.execute(
        text(
            "select date_trunc(:unit, coalesce(d.issued_at, d.created_at)"
            "  at time zone 'America/Sao_Paulo')::date as period,"
            " d.company_id, c.legal_name as company_name, d.direction,"
            " count(distinct d.id) as documents, count(*) as installments,"
            " coalesce(sum(i.amount), 0) as amount,"
            " count(*) filter (where i.status = 'reconciled') as matched,"
            " coalesce(sum(i.amount - i.open_amount), 0) as matched_amount,"
            f" count(*) filter (where i.status in ('open', 'partial') and {_SUGGESTED})"
            "  as suggested,"
            " coalesce(sum(i.open_amount) filter (where i.status in ('open', 'partial')"
            f"  and {_SUGGESTED}), 0) as suggested_amount,"
            " count(*) filter (where i.status in ('open', 'partial')) as open,"
            " coalesce(sum(i.open_amount) filter (where i.status in ('open', 'partial')), 0)"
            "  as open_amount"
            " from document_installments i join documents d on d.id = i.document_id"
            " left join companies c on c.id = d.company_id"
            f" where {' and '.join(conditions)}"
            " group by 1, 2, 3, 4 order by 1, 3 nulls first, 4"
        ),
        params,
    )
    return result.mappings().all()


async def aging(session: AsyncSession, *, as_of: date) -> Sequence[RowMapping]:
    """Open installments by direction and days past due (buckets), with amounts."""
    result = await session.execute(
        text(
            "select d.direction, case"
            "  when i.due_date is null then 'no_due_date'"
            "  when i.due_date >= :as_of then 'current'"
            "  when :as_of - i.due_date <= 30 then 'overdue_1_30'"
            "  when :as_of - i.due_date <= 60 then 'overdue_31_60'"
            "  when :as_of - i.due_date <= 90 then 'overdue_61_90'"
            "  else 'overdue_90_plus' end as bucket,"
            " count(*) as installments, coalesce(sum(i.open_amount), 0) as open_amount"
            " from document_installments i join documents d on d.id = i.document_id"
            f" where {_LIVE} and d.direction <> 'unknown' and i.status in ('open', 'partial')"
            " group by 1, 2 order by 1, 2"
        ),
        {"as_of": as_of},
    )
    return result.mappings().all()


async def parse_error_rates(
    session: AsyncSession, *, since: datetime | None, until: datetime | None
) -> Sequence[RowMapping]:
    """Per detected file kind: files parsed (archive members count, archives do not), failed,
    and the most frequent error code."""
    conditions = ["f.members_count = 0"]
    params: dict[str, Any] = {}
    if since is not None:
        conditions.append("f.created_at >= :since")
        params["since"] = since
    if until is not None:
        conditions.append("f.created_at < :until")
        params["until"] = until
    result = await session.execute(
        text(
            "with leaf as (select coalesce(f.detected_kind, 'unknown') as kind, f.status,"
            f"  f.error_code from files f where {' and '.join(conditions)}),"
            " codes as (select kind, error_code, row_number() over ("
            "  partition by kind order by count(*) desc, error_code) as rank"
            "  from leaf where error_code is not null group by kind, error_code)"
            " select l.kind, count(*) as files,"
            " count(*) filter (where l.status = 'failed') as failed,"
            " (select c.error_code from codes c where c.kind = l.kind and c.rank = 1)"
            "  as top_error_code"
            " from leaf l group by l.kind order by l.kind"
        ),
        params,
    )
    return result.mappings().all()


async def dashboard(session: AsyncSession, *, month_start: datetime) -> RowMapping:
    """Headline figures of the organization."""
    result = await session.execute(
        text(
            "select"
            " (select count(*) from documents) as documents,"
            " (select count(*) from transactions) as transactions,"
            " (select coalesce(sum(i.open_amount), 0) from document_installments i"
            f"  join documents d on d.id = i.document_id where {_LIVE}"
            "  and d.direction = 'receivable' and i.status in ('open', 'partial'))"
            "  as open_receivables,"
            " (select coalesce(sum(i.open_amount), 0) from document_installments i"
            f"  join documents d on d.id = i.document_id where {_LIVE}"
            "  and d.direction = 'payable' and i.status in ('open', 'partial'))"
            "  as open_payables,"
            " (select count(*) from transactions where status in ('open', 'partial'))"
            "  as open_transactions,"
            " (select count(*) from reconciliations where status = 'suggested')"
            "  as pending_suggestions,"
            " (select count(*) from reconciliations where status = 'matched'"
            "  and decided_at >= :month) as matched_this_month,"
            " (select count(*) from reconciliations where status = 'matched'"
            "  and decided_by in ('system', 'rule') and decided_at >= :month)"
            "  as matched_automatically_this_month,"
            " (select count(*) from files where status in ('uploaded', 'processing'))"
            "  as files_in_progress,"
            " (select count(*) from files where status = 'failed'"
            "  and created_at >= :month) as files_failed_this_month,"
            " (select max(created_at) from audit_logs) as last_activity_at"
        ),
        {"month": month_start},
    )
    return result.mappings().one()
