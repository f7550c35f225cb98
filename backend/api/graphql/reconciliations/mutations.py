"""Review mutations (accept, reject, match by hand, unmatch) and triggerReconciliation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.deliveries import start_released_deliveries
from backend.api.graphql.context import Info
from backend.api.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.reconciliations.types import ReconciliationType
from backend.api.graphql.relay import from_global_id, from_global_ids, to_global_id
from backend.db.session import concurrent_changes_conflict
from backend.reconciliations import review
from workflows.reconcile.models import TenantReconcileInput
from workflows.reconcile.start import request_reconcile


async def _start_webhooks(info: Info, session: AsyncSession) -> None:
    """Start the deliveries a committed decision enqueued."""
    principal = info.context.require_principal()
    await start_released_deliveries(info.context.state, principal.organization_id, session)


@strawberry.type
class ReconciliationSuccess:
    """The reconciliation as it is now."""

    reconciliation: ReconciliationType


@strawberry.type
class SkippedDecision:
    """A suggestion a bulk action left alone, and why (NOT_A_SUGGESTION, ITEMS_NOT_OPEN,
    NOT_FOUND: another decision of the same batch may have taken its items)."""

    id: strawberry.ID
    code: str


@strawberry.type
class BulkDecisionSuccess:
    """What a bulk accept or reject decided; its audit entries share ``batch_id``."""

    batch_id: strawberry.ID
    decided: list[ReconciliationType]
    skipped: list[SkippedDecision]


@strawberry.type
class UndoDecisionSuccess:
    """The reconciliation as it is again; null (with ``removed_id``) when the decision
    taken back was a manual match, which no longer exists."""

    reconciliation: ReconciliationType | None
    removed_id: strawberry.ID | None


@strawberry.type
class TriggerReconciliationSuccess:
    """A run was requested (it joins one already under way)."""

    requested: bool
    released_matches: int = strawberry.field(
        description="Automatic matches released for a fresh decision (force only)."
    )


ReconciliationResult = Annotated[
    ReconciliationSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("ReconciliationResult"),
]
MatchManuallyResult = Annotated[
    ReconciliationSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("MatchManuallyResult"),
]
UndoDecisionResult = Annotated[
    UndoDecisionSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("UndoDecisionResult"),
]
BulkDecisionResult = Annotated[
    BulkDecisionSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("BulkDecisionResult"),
]
TriggerReconciliationResult = Annotated[
    TriggerReconciliationSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("TriggerReconciliationResult"),
]


@strawberry.input
class MatchManuallyInput:
    """N:M: installments and/or whole documents (their open installments) with transactions."""

    installment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    document_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    transaction_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    reason: str | None = strawberry.field(
        default=None, description="Required when the two sides' amounts differ."
    )


async def _bulk(
    info: Info, ids: list[strawberry.ID], *, accept: bool, reason: str | None
) -> BulkDecisionSuccess:
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        outcome = await review.bulk_decide(
            session,
            principal,
            from_global_ids(ids, "Reconciliation"),
            accept=accept,
            reason=reason,
        )
    await _start_webhooks(info, session)
    return _bulk_success(outcome)


def _bulk_success(outcome: review.BulkOutcome) -> BulkDecisionSuccess:
    return BulkDecisionSuccess(
        batch_id=to_global_id("ReviewBatch", outcome.batch_id),
        decided=[ReconciliationType.from_model(r) for r in outcome.decided],
        skipped=[
            SkippedDecision(id=to_global_id("Reconciliation", i), code=code)
            for i, code in outcome.skipped
        ],
    )


@strawberry.type
class ReconciliationMutations:
    """People's reconciliation decisions; every one is audited and notified."""

    @strawberry.mutation(description="Accept a suggestion: it becomes your match.")
    async def accept_suggestion(self, info: Info, id: strawberry.ID) -> ReconciliationResult:
        """Competing suggestions for the same items are dropped."""
        principal = info.context.require_principal()
        async with (
            concurrent_changes_conflict(),
            info.context.state.database.tenant_session(principal.organization_id) as session,
        ):
            found = await review.accept_suggestion(
                session, principal, from_global_id(id, "Reconciliation")
            )
        await _start_webhooks(info, session)
        return ReconciliationSuccess(reconciliation=ReconciliationType.from_model(found))

    @strawberry.mutation(description="Reject a suggestion; the engine will not propose it again.")
    async def reject_suggestion(
        self,
        info: Info,
        id: strawberry.ID,
        reason: str | None = None,
    ) -> ReconciliationResult:
        """Kept as a rejection with the reason."""
        principal = info.context.require_principal()
        async with (
            concurrent_changes_conflict(),
            info.context.state.database.tenant_session(principal.organization_id) as session,
        ):
            found = await review.reject_suggestion(
                session, principal, from_global_id(id, "Reconciliation"), reason
            )
        await _start_webhooks(info, session)
        return ReconciliationSuccess(reconciliation=ReconciliationType.from_model(found))

    @strawberry.mutation(description="Accept many suggestions at once (at most 500).")
    async def accept_suggestions(self, info: Info, ids: list[strawberry.ID]) -> BulkDecisionResult:
        """Each is accepted or skipped with its code; one webhook event names them all."""
        return await _bulk(info, ids, accept=True, reason=None)

    @strawberry.mutation(description="Reject many suggestions at once (at most 500).")
    async def reject_suggestions(
        self, info: Info, ids: list[strawberry.ID], reason: str | None = None
    ) -> BulkDecisionResult:
        """Each is rejected or skipped with its code; one webhook event names them all."""
        return await _bulk(info, ids, accept=False, reason=reason)

    @strawberry.mutation(description="Take back the last decision on a reconciliation.")
    async def undo_decision(self, info: Info, id: strawberry.ID) -> UndoDecisionResult:
        """An accept or rejection becomes the suggestion again, an unmatch the match again,
        a manual match is removed."""
        principal = info.context.require_principal()
        async with (
            concurrent_changes_conflict(),
            info.context.state.database.tenant_session(principal.organization_id) as session,
        ):
            undone = await review.undo_decision(
                session, principal, from_global_id(id, "Reconciliation")
            )
            restored = (
                ReconciliationType.from_model(undone.reconciliation)
                if undone.reconciliation is not None
                else None
            )
        await _start_webhooks(info, session)
        return UndoDecisionSuccess(
            reconciliation=restored,
            removed_id=None
            if restored
            else to_global_id("Reconciliation", undone.reconciliation_id),
        )

    @strawberry.mutation(description="Take back every decision of one bulk action.")
    async def undo_batch(self, info: Info, batch_id: strawberry.ID) -> BulkDecisionResult:
        """Those that changed since are skipped with their code."""
        principal = info.context.require_principal()
        batch = from_global_id(batch_id, "ReviewBatch")
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            outcome = await review.undo_batch(session, principal, batch)
        await _start_webhooks(info, session)
        return _bulk_success(outcome)

    @strawberry.mutation(description="Match documents with transactions by hand (N:M).")
    async def match_manually(self, info: Info, input: MatchManuallyInput) -> MatchManuallyResult:
        """Every chosen item is closed; a difference needs a reason."""
        principal = info.context.require_principal()
        data = review.ManualMatch(
            installment_ids=from_global_ids(input.installment_ids, "Installment"),
            document_ids=from_global_ids(input.document_ids, "Document"),
            transaction_ids=from_global_ids(input.transaction_ids, "Transaction"),
            reason=input.reason,
        )
        async with (
            concurrent_changes_conflict(),
            info.context.state.database.tenant_session(principal.organization_id) as session,
        ):
            found = await review.match_manually(session, principal, data)
        await _start_webhooks(info, session)
        return ReconciliationSuccess(reconciliation=ReconciliationType.from_model(found))

    @strawberry.mutation(description="Undo a match: its items reopen; it is kept as rejected.")
    async def unmatch(
        self,
        info: Info,
        id: strawberry.ID,
        reason: str | None = None,
    ) -> ReconciliationResult:
        """The engine will not make the same match again."""
        principal = info.context.require_principal()
        async with (
            concurrent_changes_conflict(),
            info.context.state.database.tenant_session(principal.organization_id) as session,
        ):
            found = await review.unmatch(
                session, principal, from_global_id(id, "Reconciliation"), reason
            )
        await _start_webhooks(info, session)
        return ReconciliationSuccess(reconciliation=ReconciliationType.from_model(found))

    @strawberry.mutation(
        description="Run the engine now. With force, the engine's and rules' matches "
        "(of documentIds, or all) are released and decided afresh; people's never are."
    )
    async def trigger_reconciliation(
        self,
        info: Info,
        document_ids: list[strawberry.ID] | None = None,
        force: bool = False,
    ) -> TriggerReconciliationResult:
        """The run is a workflow; follow it with the reconciliationChanged subscription."""
        principal = info.context.require_principal()
        state = info.context.state
        documents = from_global_ids(document_ids, "Document") if document_ids else None
        async with (
            concurrent_changes_conflict(),
            state.database.tenant_session(principal.organization_id) as session,
        ):
            released = await review.prepare_run(session, principal, documents, force=force)
        await _start_webhooks(info, session)
        client = await state.temporal.get()
        await request_reconcile(
            client, state.settings, TenantReconcileInput(organization_id=principal.organization_id)
        )
        return TriggerReconciliationSuccess(requested=True, released_matches=released)
