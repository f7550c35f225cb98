"""Reconciliations: the list, the review queue, people's decisions (accept, reject, match
by hand, unmatch), and engine runs started on request and followed as jobs.

Decisions call the review services GraphQL's mutations call, inside the same
``concurrent_changes_conflict`` guard; the webhook deliveries a decision enqueued start
after its transaction committed (backend/api/deliveries.py, shared with GraphQL).

A **job** is the ``TenantReconcileWorkflow`` run a trigger started or joined (one
workflow per organization; a trigger during a run joins it). Its id is the run's
Temporal run id as a global id of type ``Job``; ``GET /v1/jobs/{id}`` describes that run
of the caller's own organization's workflow, so another organization's job id names
nothing and answers 404 like a never-existing one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from backend.api.deliveries import start_released_deliveries
from backend.api.graphql.relay import from_global_id, from_global_ids, to_global_id
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, DecimalText, GlobalId, Input, Links, Output, PageInfo
from backend.api.rest.paging import PageQuery, links, page_info
from backend.api.rest.records import ReconciliationOut, reconciliations_out
from backend.auth.principal import Principal
from backend.auth.rbac import Permission
from backend.core.errors import NotFound
from backend.db.enums import DecidedBy, ReconciliationStatus
from backend.db.pagination import Page
from backend.db.session import concurrent_changes_conflict
from backend.reconciliations import queries, review
from backend.reconciliations.filters import ReconciliationFilter, ReconciliationSort
from backend.reconciliations.models import Reconciliation
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.start import request_reconcile
from workflows.reconcile.workflow import TenantReconcileWorkflow, reconcile_workflow_id

resource = Resource("reconciliations")
jobs = Resource("jobs")

NOT_FOUND = "reconciliation not found"
Decision = Callable[[AsyncSession, Principal], Awaitable[Reconciliation]]
JOB_NOT_FOUND = "job not found"


class ReconciliationList(Output):
    """A page of reconciliations."""

    data: list[ReconciliationOut]
    page_info: PageInfo
    links: Links


class ReconciliationFilterFields(Input):
    """Filters of reconciliations but their status (the review queue's)."""

    decided_by: list[DecidedBy] | None = None
    score_min: DecimalText | None = None
    score_max: DecimalText | None = None
    created_from: datetime | None = None
    created_to: datetime | None = Field(None, description="Exclusive.")
    company_id: GlobalId | None = None
    counterparty: str | None = Field(
        None, description="CNPJ/CPF or part of a party's name on the documents."
    )
    document_id: GlobalId | None = None
    transaction_id: GlobalId | None = None

    def to_filter(self, statuses: tuple[str, ...] | None) -> ReconciliationFilter:
        """As the repository's filter, keeping only ``statuses``."""
        return ReconciliationFilter(
            statuses=statuses,
            decided_by=tuple(d.value for d in self.decided_by) if self.decided_by else None,
            score_min=self.score_min,
            score_max=self.score_max,
            created_from=self.created_from,
            created_to=self.created_to,
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            counterparty=self.counterparty,
            document_id=from_global_id(self.document_id, "Document") if self.document_id else None,
            transaction_id=(
                from_global_id(self.transaction_id, "Transaction") if self.transaction_id else None
            ),
        )


class ReconciliationFilterIn(ReconciliationFilterFields):
    """Filters of reconciliations (GraphQL ``ReconciliationFilterInput``): the list's and
    an export's."""

    status: list[ReconciliationStatus] | None = None

    def reconciliation_filter(self) -> ReconciliationFilter:
        """As the repository's filter."""
        return self.to_filter(tuple(s.value for s in self.status) if self.status else None)


class ReviewQueueQuery(PageQuery, ReconciliationFilterFields):
    """The review queue's query string: filters, sort, page."""

    sort: ReconciliationSort = ReconciliationSort.SCORE


class ReconciliationsQuery(PageQuery, ReconciliationFilterIn):
    """The reconciliations list's query string: filters, sort, page."""

    sort: ReconciliationSort = ReconciliationSort.CREATED_AT


async def _listing(
    call: Call, query: ReviewQueueQuery | ReconciliationsQuery, where: ReconciliationFilter
) -> ReconciliationList:
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        page: Page = await queries.page_reconciliations(
            session,
            principal,
            where,
            query.sort,
            descending=query.descending,
            request=query.page_request(),
        )
        data = await reconciliations_out(session, page.rows)
    return ReconciliationList(data=data, page_info=page_info(page), links=links(call, page))


@resource.route(
    "GET",
    "/v1/reconciliations",
    requires=Permission.READ,
    query=ReconciliationsQuery,
    response=ReconciliationList,
)
async def list_reconciliations(call: Call) -> ReconciliationList:
    """Matches, suggestions and rejections, filtered and sorted, one cursor page at a time."""
    query = call.params(ReconciliationsQuery)
    return await _listing(call, query, query.reconciliation_filter())


@resource.route(
    "GET",
    "/v1/review-queue",
    requires=Permission.READ,
    query=ReviewQueueQuery,
    response=ReconciliationList,
)
async def list_review_queue(call: Call) -> ReconciliationList:
    """Suggestions awaiting a person's decision, best score first by default."""
    query = call.params(ReviewQueueQuery)
    return await _listing(call, query, query.to_filter((ReconciliationStatus.SUGGESTED.value,)))


async def _one(session: AsyncSession, row: Reconciliation) -> ReconciliationOut:
    [answer] = await reconciliations_out(session, [row])
    return answer


async def _decide(call: Call, decide: Decision) -> ReconciliationOut:
    """Run one decision in a guarded tenant session, then start its webhook deliveries."""
    principal = call.principal
    async with (
        concurrent_changes_conflict(),
        call.state.database.tenant_session(principal.organization_id) as session,
    ):
        row = await decide(session, principal)
        answer = await _one(session, row)
    await start_released_deliveries(call.state, principal.organization_id, session)
    return answer


class ReconciliationAnswer(Output):
    """The reconciliation as it is now."""

    reconciliation: ReconciliationOut


@resource.route(
    "POST",
    "/v1/reconciliations/{id}/accept",
    requires=Permission.REVIEW,
    response=ReconciliationAnswer,
    errors=(404, 409),
    not_found=NOT_FOUND,
)
async def accept_reconciliation(call: Call) -> ReconciliationAnswer:
    """Accept a suggestion: it becomes your match (GraphQL ``acceptSuggestion``).

    Competing suggestions for the same items are dropped; anything but a suggestion, or
    items no longer open, answers 409.
    """
    reconciliation_id = call.global_id("Reconciliation")
    found = await _decide(
        call,
        lambda session, principal: review.accept_suggestion(session, principal, reconciliation_id),
    )
    return ReconciliationAnswer(reconciliation=found)


class ReasonIn(Input):
    """Why (kept in the audit log)."""

    reason: str | None = Field(None, max_length=2000)


@resource.route(
    "POST",
    "/v1/reconciliations/{id}/reject",
    requires=Permission.REVIEW,
    body=ReasonIn,
    response=ReconciliationAnswer,
    errors=(400, 404, 409),
    not_found=NOT_FOUND,
)
async def reject_reconciliation(call: Call) -> ReconciliationAnswer:
    """Reject a suggestion; the engine will not propose it again (``rejectSuggestion``)."""
    reconciliation_id = call.global_id("Reconciliation")
    reason = call.payload(ReasonIn).reason
    found = await _decide(
        call,
        lambda session, principal: review.reject_suggestion(
            session, principal, reconciliation_id, reason
        ),
    )
    return ReconciliationAnswer(reconciliation=found)


class ManualMatchIn(Input):
    """N:M: installments and/or whole documents (their open installments) with
    transactions (GraphQL ``MatchManuallyInput``)."""

    installment_ids: list[GlobalId] = Field(default_factory=list)
    document_ids: list[GlobalId] = Field(default_factory=list)
    transaction_ids: list[GlobalId] = Field(default_factory=list)
    reason: str | None = Field(
        None, max_length=2000, description="Required when the two sides' amounts differ."
    )


@resource.route(
    "POST",
    "/v1/reconciliations",
    requires=Permission.REVIEW,
    body=ManualMatchIn,
    response=ReconciliationAnswer,
    status=201,
    creates=True,
    errors=(400, 404, 409),
)
async def match_manually(call: Call) -> ReconciliationAnswer:
    """Match documents with transactions by hand (GraphQL ``matchManually``).

    Every chosen item is closed; a difference between the sides needs a reason (422
    otherwise). An id naming nothing the caller may see answers 404 (``installment``,
    ``document`` or ``transaction not found``); an item no longer open 409.
    """
    body = call.payload(ManualMatchIn)
    data = review.ManualMatch(
        installment_ids=from_global_ids(body.installment_ids, "Installment"),
        document_ids=from_global_ids(body.document_ids, "Document"),
        transaction_ids=from_global_ids(body.transaction_ids, "Transaction"),
        reason=body.reason,
    )
    found = await _decide(
        call, lambda session, principal: review.match_manually(session, principal, data)
    )
    return ReconciliationAnswer(reconciliation=found)


@resource.route(
    "DELETE",
    "/v1/reconciliations/{id}",
    requires=Permission.REVIEW,
    query=ReasonIn,
    response=ReconciliationAnswer,
    errors=(404, 409),
    not_found=NOT_FOUND,
)
async def unmatch_reconciliation(call: Call) -> ReconciliationAnswer:
    """Undo a match: its items reopen; it is kept as rejected (GraphQL ``unmatch``).

    The engine will not make the same match again. ``?reason=`` is kept in the audit log.
    """
    reconciliation_id = call.global_id("Reconciliation")
    reason = call.params(ReasonIn).reason
    found = await _decide(
        call,
        lambda session, principal: review.unmatch(session, principal, reconciliation_id, reason),
    )
    return ReconciliationAnswer(reconciliation=found)


class JobStatus(StrEnum):
    """Where a job's workflow run is (Temporal's execution status)."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"
    TERMINATED = "terminated"
    CONTINUED_AS_NEW = "continued_as_new"
    TIMED_OUT = "timed_out"


class TriggerIn(Input):
    """Which documents to reconcile again (all when absent) and whether to start afresh."""

    document_ids: list[GlobalId] | None = None
    force: bool = Field(
        False,
        description="Release the engine's and rules' matches (of documentIds, or all) so"
        " they are decided afresh; people's never are. Needs manage_rules too.",
    )


class JobOut(Output):
    """An engine run started in the background; poll ``href`` (``GET /v1/jobs/{id}``)."""

    id: GlobalId
    kind: str = Field(description="Always ``reconciliation`` today.")
    status: JobStatus
    href: str


class TriggerOut(JobOut):
    """The run the request started or joined."""

    released_matches: int = Field(description="Automatic matches released (force only).")


class JobResultOut(Output):
    """Totals over the runs of a finished job (a burst of requests coalesces into it)."""

    runs: int
    matched: int
    suggested: int
    undone: int


class JobDetail(JobOut):
    """A job as Temporal knows it."""

    started_at: DateTime | None
    closed_at: DateTime | None
    result: JobResultOut | None = Field(description="Set once the job completed.")


def _job_href(call: Call, job_id: str) -> str:
    return f"{call.state.settings.base_url}/v1/jobs/{job_id}"


@resource.route(
    "POST",
    "/v1/reconciliations/trigger",
    requires=Permission.REVIEW,
    body=TriggerIn,
    response=TriggerOut,
    status=202,
    errors=(400, 404, 409),
)
async def trigger_reconciliation(call: Call) -> TriggerOut:
    """Run the engine now (GraphQL ``triggerReconciliation``); answers 202 with the job.

    A request during a run joins it (the run goes once more), so the job may be one
    already under way. A document id naming nothing the caller may see answers 404.
    """
    body = call.payload(TriggerIn)
    principal = call.principal
    state = call.state
    documents = from_global_ids(body.document_ids, "Document") if body.document_ids else None
    async with (
        concurrent_changes_conflict(),
        state.database.tenant_session(principal.organization_id) as session,
    ):
        released = await review.prepare_run(session, principal, documents, force=body.force)
    await start_released_deliveries(state, principal.organization_id, session)
    handle = await request_reconcile(
        await state.temporal.get(),
        state.settings,
        TenantReconcileInput(organization_id=principal.organization_id),
    )
    assert handle.result_run_id is not None, "a started workflow has a run"
    job_id = to_global_id("Job", uuid.UUID(handle.result_run_id))
    return TriggerOut(
        id=job_id,
        kind="reconciliation",
        status=JobStatus.RUNNING,
        href=_job_href(call, job_id),
        released_matches=released,
    )


@jobs.route(
    "GET",
    "/v1/jobs/{id}",
    requires=Permission.READ,
    response=JobDetail,
    errors=(404,),
    not_found=JOB_NOT_FOUND,
)
async def get_job(call: Call) -> JobDetail:
    """A job's status, and its totals once completed."""
    run_id = call.global_id("Job")
    principal = call.principal
    client = await call.state.temporal.get()
    handle = client.get_workflow_handle_for(
        TenantReconcileWorkflow.run,
        reconcile_workflow_id(TenantReconcileInput(organization_id=principal.organization_id)),
        run_id=str(run_id),
    )
    try:
        described = await handle.describe()
    except RPCError as exc:
        if exc.status is RPCStatusCode.NOT_FOUND:
            raise NotFound(JOB_NOT_FOUND) from exc
        raise
    status = JobStatus((described.status or WorkflowExecutionStatus.RUNNING).name.lower())
    result = None
    if status is JobStatus.COMPLETED:
        totals = await handle.result()
        result = JobResultOut.model_validate(totals.model_dump())
    job_id = str(call.request.path_params["id"])
    return JobDetail(
        id=job_id,
        kind="reconciliation",
        status=status,
        href=_job_href(call, job_id),
        started_at=described.start_time,
        closed_at=described.close_time,
        result=result,
    )
