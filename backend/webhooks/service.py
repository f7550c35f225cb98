"""Webhooks: endpoints a tenant registers, the events they receive, the delivery log.

An event is enqueued inside the transaction that makes the change it describes
(``enqueue_event``): one ``pending`` delivery per active endpoint subscribed to it.
After that transaction commits, the caller starts one Temporal workflow per
delivery (workflows/webhooks), which POSTs the signed event and retries with
backoff; every attempt updates the delivery row and is audited. Signing secrets
are sealed at rest (backend/auth/sealing.py) and shown in plaintext only when
created or rotated.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.auth.sealing import secret_box
from backend.core.errors import Conflict, Invalid, NotFound
from backend.core.global_ids import to_global_id
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.enums import ActorType
from backend.db.pagination import Page, PageRequest
from backend.files.models import File
from backend.webhooks import repository
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint
from backend.webhooks.repository import DeliveryFilter
from backend.webhooks.signing import new_secret
from backend.webhooks.targets import TargetPolicy, check_host_resolves_safely, check_url

# A tenant's endpoints are few (one per integration); the cap bounds the fan-out
# of every event.
MAX_ENDPOINTS = 20
# Enough of a receiver's error to debug it, not enough to store its pages.
MAX_ERROR_LENGTH = 500


class WebhookEvent(StrEnum):
    """Events an endpoint may subscribe to."""

    FILE_PROCESSED = "file.processed"
    RECONCILIATION_CHANGED = "reconciliation.changed"


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class ReconciliationChange(StrEnum):
    """What changed reconciliations: an engine run or a person's review."""

    RUN = "run"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MATCHED = "matched"
    UNMATCHED = "unmatched"
    RESET = "reset"
    REVERTED = "reverted"


@dataclass(frozen=True, slots=True)
class ReconciliationCounts:
    """How many reconciliations a change matched, suggested and undid."""

    matched: int = 0
    suggested: int = 0
    undone: int = 0

    @property
    def any(self) -> bool:
        """True when something changed."""
        return bool(self.matched or self.suggested or self.undone)


class EndpointSecret(NamedTuple):
    """An endpoint and its signing secret in plaintext (shown to the caller once)."""

    endpoint: WebhookEndpoint
    secret: str


@dataclass(frozen=True, slots=True)
class Attempt:
    """Everything one delivery attempt sends."""

    organization_id: uuid.UUID
    delivery_id: uuid.UUID
    url: str
    event_type: str
    body: bytes
    secret: str

    @property
    def delivery_global_id(self) -> str:
        """The id receivers see (and pass to ``redeliverWebhook``)."""
        return to_global_id("WebhookDelivery", self.delivery_id)


@dataclass(frozen=True, slots=True)
class AttemptPlan:
    """The delivery's status before an attempt, and what to send (None: nothing).

    ``status`` is ``gone`` when the delivery (or its endpoint) was deleted.
    """

    status: str
    attempt: Attempt | None = None


def _validated_events(events: Sequence[str]) -> list[str]:
    known = {e.value for e in WebhookEvent}
    unknown = sorted(set(events) - known)
    if unknown:
        raise Invalid(
            "unknown webhook events",
            field_errors={"events": [f"unknown: {', '.join(unknown)}"]},
        )
    if not events:
        raise Invalid("no events", field_errors={"events": ["subscribe to at least one event"]})
    return sorted(set(events))


async def _validated_url(url: str, settings: Settings) -> str:
    policy = TargetPolicy.from_settings(settings)
    parsed = check_url(url, policy)
    await check_host_resolves_safely(parsed, policy)
    return url.strip()


def _redacted_url(url: str) -> str:
    """The URL for the audit log: a query string may hold a receiver's token."""
    base, _, query = url.partition("?")
    return f"{base}?…" if query else base


def _snapshot(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "url": _redacted_url(endpoint.url),
        "events": list(endpoint.events),
        "is_active": endpoint.is_active,
    }


async def _audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )


async def _endpoint(session: AsyncSession, endpoint_id: uuid.UUID) -> WebhookEndpoint:
    endpoint = await repository.get_endpoint(session, endpoint_id)
    if endpoint is None:
        raise NotFound("webhook not found")
    return endpoint


async def register_endpoint(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    *,
    url: str,
    events: Sequence[str],
) -> EndpointSecret:
    """Add an endpoint; the plaintext secret is returned here and never again."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    errors: dict[str, list[str]] = {}
    checked_url = ""
    checked_events: list[str] = []
    try:
        checked_url = await _validated_url(url, settings)
    except Invalid as exc:
        errors.update(exc.field_errors)
    try:
        checked_events = _validated_events(events)
    except Invalid as exc:
        errors.update(exc.field_errors)
    if errors:
        raise Invalid("invalid webhook", field_errors=errors)
    if len(await repository.list_endpoints(session)) >= MAX_ENDPOINTS:
        raise Conflict(
            f"an organization may have at most {MAX_ENDPOINTS} webhooks",
            code="WEBHOOK_LIMIT",
        )
    secret = new_secret()
    endpoint = await repository.add_endpoint(
        session,
        WebhookEndpoint(
            organization_id=principal.organization_id,
            url=checked_url,
            secret=secret_box(settings).seal(secret),
            events=checked_events,
            is_active=True,
            created_by=principal.subject_id if principal.actor_type is ActorType.USER else None,
        ),
    )
    await _audit(
        session, principal, "webhook.created", "webhook", endpoint.id, None, _snapshot(endpoint)
    )
    return EndpointSecret(endpoint, secret)


async def update_endpoint(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    endpoint_id: uuid.UUID,
    *,
    url: str | None = None,
    events: Sequence[str] | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    """Change the URL, the events or whether the endpoint receives anything.

    Deliveries already enqueued go to the new URL; those of a deactivated endpoint
    fail at their next attempt (they can be redelivered once it is active again).
    """
    require(principal, Permission.MANAGE_WEBHOOKS)
    endpoint = await _endpoint(session, endpoint_id)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    try:
        if url is not None:
            values["url"] = await _validated_url(url, settings)
    except Invalid as exc:
        errors.update(exc.field_errors)
    try:
        if events is not None:
            values["events"] = _validated_events(events)
    except Invalid as exc:
        errors.update(exc.field_errors)
    if errors:
        raise Invalid("invalid webhook", field_errors=errors)
    if is_active is not None:
        values["is_active"] = is_active
    before = _snapshot(endpoint)
    for name, value in values.items():
        setattr(endpoint, name, value)
    endpoint.updated_at = utcnow()
    await session.flush()
    await _audit(
        session, principal, "webhook.updated", "webhook", endpoint.id, before, _snapshot(endpoint)
    )
    return endpoint


async def delete_endpoint(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID
) -> None:
    """Remove an endpoint and its delivery log; retries under way stop at their next attempt."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    endpoint = await _endpoint(session, endpoint_id)
    before = _snapshot(endpoint)
    await repository.delete_endpoint(session, endpoint)
    await _audit(session, principal, "webhook.deleted", "webhook", endpoint_id, before, None)


async def rotate_secret(
    session: AsyncSession, principal: Principal, settings: Settings, endpoint_id: uuid.UUID
) -> EndpointSecret:
    """Replace the signing secret; every attempt from now on is signed with the new one."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    endpoint = await _endpoint(session, endpoint_id)
    secret = new_secret()
    endpoint.secret = secret_box(settings).seal(secret)
    endpoint.updated_at = utcnow()
    await session.flush()
    # Neither secret goes into the log: the entry only says that it changed.
    await _audit(session, principal, "webhook.secret_rotated", "webhook", endpoint.id, None, None)
    return EndpointSecret(endpoint, secret)


async def list_endpoints(session: AsyncSession, principal: Principal) -> list[WebhookEndpoint]:
    """The organization's endpoints, oldest first."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    return await repository.list_endpoints(session)


async def get_endpoint(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    """One endpoint; NOT_FOUND when missing or another organization's."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    return await _endpoint(session, endpoint_id)


async def get_delivery(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """One delivery; NOT_FOUND when missing or another organization's."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    delivery = await repository.get_delivery(session, delivery_id)
    if delivery is None:
        raise NotFound("webhook delivery not found")
    return delivery


async def page_deliveries(
    session: AsyncSession, principal: Principal, where: DeliveryFilter, request: PageRequest
) -> Page:
    """One page of the delivery log, newest first."""
    require(principal, Permission.MANAGE_WEBHOOKS)
    if where.endpoint_id is not None:
        await _endpoint(session, where.endpoint_id)
    return await repository.page_deliveries(session, where, request)


async def count_deliveries(session: AsyncSession, where: DeliveryFilter) -> int:
    """How many deliveries match ``where`` (after ``page_deliveries`` checked access)."""
    return await repository.count_deliveries(session, where)


async def redeliver(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Put a delivery back to ``pending``; the caller starts its workflow after commit.

    A delivery still being retried keeps its workflow (the start joins it).
    """
    delivery = await get_delivery(session, principal, delivery_id)
    endpoint = await _endpoint(session, delivery.endpoint_id)
    if not endpoint.is_active:
        raise Conflict("the webhook is disabled; enable it first", code="WEBHOOK_DISABLED")
    before = {"status": delivery.status, "attempts": delivery.attempts}
    updated = await repository.update_delivery(
        session, delivery_id, status=DeliveryStatus.PENDING.value, updated_at=utcnow()
    )
    if updated is None:
        raise NotFound("webhook delivery not found")
    await _audit(
        session,
        principal,
        "webhook.redelivery_requested",
        "webhook_delivery",
        delivery_id,
        before,
        {"status": updated.status},
    )
    return updated


def _envelope(
    organization_id: uuid.UUID, event_id: uuid.UUID, event_type: str, data: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "type": event_type,
        "createdAt": utcnow().isoformat(),
        "organizationId": to_global_id("Organization", organization_id),
        "data": data,
    }


async def enqueue_event(
    session: AsyncSession,
    organization_id: uuid.UUID,
    event_type: str,
    payload: dict[str, Any],
    *,
    event_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Enqueue an event for every active endpoint subscribed to it, in the caller's
    transaction; return the ids of its pending deliveries, to start after commit.

    The same ``event_id`` enqueued again (a retried activity) adds nothing and returns
    the deliveries still pending, so a start lost to a crash is made by the retry.
    """
    if event_type not in {e.value for e in WebhookEvent}:
        raise ValueError(f"unknown webhook event {event_type!r}")
    event = event_id or uuid.uuid4()
    await repository.insert_deliveries(
        session,
        organization_id=organization_id,
        event_id=event,
        event_type=event_type,
        payload=_envelope(organization_id, event, event_type, payload),
    )
    return await repository.pending_of_event(session, event)


def file_processed_payload(file: File) -> dict[str, Any]:
    """``data`` of file.processed: the file's final status and counters."""
    return {
        "file": {
            "id": to_global_id("File", file.id),
            "name": file.original_name,
            "kind": file.detected_kind,
            "sha256": file.sha256,
            "status": file.status,
            "members": file.members_count,
            "documents": file.documents_count,
            "transactions": file.transactions_count,
            "errors": file.errors_count,
            "errorCode": file.error_code,
            "processedAt": file.processed_at.isoformat() if file.processed_at else None,
        }
    }


_ACTOR_NODES = {
    ActorType.USER: "User",
    ActorType.API_CLIENT: "ApiClient",
    # Support staff are users of the platform: their id is a User id.
    ActorType.SUPPORT: "User",
}


def actor_payload(actor_type: ActorType, actor_id: uuid.UUID | None) -> dict[str, Any]:
    """Who made a change, as receivers see it: the actor type and its global id
    (null for the system)."""
    node = _ACTOR_NODES.get(actor_type)
    return {
        "type": actor_type.value,
        "id": to_global_id(node, actor_id) if node and actor_id else None,
    }


def reconciliation_changed_payload(
    reconciliation_ids: Sequence[uuid.UUID],
    change: ReconciliationChange | str,
    counts: ReconciliationCounts,
    *,
    actor: dict[str, Any],
    run_id: uuid.UUID | None = None,
    dropped_ids: Sequence[uuid.UUID] = (),
) -> dict[str, Any]:
    """``data`` of reconciliation.changed, for an engine run or a person's review.

    ``reconciliation_ids`` are the reconciliations a review changed and ``dropped_ids``
    the suggestions (or automatic matches) it removed; an engine run may touch
    thousands, so it passes none and names its ``run_id`` instead.
    """
    return {
        "change": ReconciliationChange(change).value,
        "runId": str(run_id) if run_id else None,
        "reconciliationIds": [to_global_id("Reconciliation", r) for r in reconciliation_ids],
        "droppedIds": [to_global_id("Reconciliation", r) for r in dropped_ids],
        "counts": {
            "matched": counts.matched,
            "suggested": counts.suggested,
            "undone": counts.undone,
        },
        "actor": actor,
    }


async def file_processed(
    session: AsyncSession, file: File, *, event_id: uuid.UUID
) -> list[uuid.UUID]:
    """Enqueue file.processed for a file that finished (processed or failed)."""
    return await enqueue_event(
        session,
        file.organization_id,
        WebhookEvent.FILE_PROCESSED,
        file_processed_payload(file),
        event_id=event_id,
    )


async def reconciliation_run_changed(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    run_id: uuid.UUID,
    counts: ReconciliationCounts,
) -> list[uuid.UUID]:
    """Enqueue reconciliation.changed for an engine run that changed something.

    A run that changed nothing enqueues nothing, but still returns the pending
    deliveries of ``run_id``: a retried run finds nothing left to change, and the
    deliveries its first attempt committed must still be started.
    """
    if not counts.any:
        return await repository.pending_of_event(session, run_id)
    return await enqueue_event(
        session,
        organization_id,
        WebhookEvent.RECONCILIATION_CHANGED,
        reconciliation_changed_payload(
            [],
            ReconciliationChange.RUN,
            counts,
            actor=actor_payload(ActorType.SYSTEM, None),
            run_id=run_id,
        ),
        event_id=run_id,
    )


async def reconciliation_decided(
    session: AsyncSession,
    principal: Principal,
    change: ReconciliationChange,
    *,
    reconciliation_ids: Sequence[uuid.UUID],
    dropped_ids: Sequence[uuid.UUID] = (),
    counts: ReconciliationCounts,
) -> None:
    """Enqueue reconciliation.changed for a caller's decision, in the caller's transaction,
    and hold its deliveries on the session until the caller has committed (the outbox:
    a decision that rolls back notifies no one).

    One decision is one event: it names every reconciliation it changed.
    """
    delivery_ids = await enqueue_event(
        session,
        principal.organization_id,
        WebhookEvent.RECONCILIATION_CHANGED,
        reconciliation_changed_payload(
            reconciliation_ids,
            change,
            counts,
            actor=actor_payload(principal.actor_type, principal.subject_id),
            dropped_ids=dropped_ids,
        ),
    )
    hold_for_commit(session, delivery_ids)


async def plan_attempt(
    session: AsyncSession, settings: Settings, delivery_id: uuid.UUID
) -> AttemptPlan:
    """What the next attempt of a delivery sends; nothing once it is settled.

    A delivery of a disabled endpoint is marked failed here, without sending.
    """
    delivery = await repository.get_delivery(session, delivery_id)
    if delivery is None:
        return AttemptPlan(status="gone")
    if delivery.status != DeliveryStatus.PENDING.value:
        return AttemptPlan(status=delivery.status)
    endpoint = await repository.get_endpoint(session, delivery.endpoint_id)
    if endpoint is None:
        return AttemptPlan(status="gone")
    if not endpoint.is_active:
        await give_up(session, delivery_id, "the webhook is disabled", replace=True)
        return AttemptPlan(status=DeliveryStatus.FAILED.value)
    return AttemptPlan(
        status=delivery.status,
        attempt=Attempt(
            organization_id=delivery.organization_id,
            delivery_id=delivery.id,
            url=endpoint.url,
            event_type=delivery.event_type,
            body=_body(delivery.payload),
            secret=secret_box(settings).open(endpoint.secret),
        ),
    )


def _body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


async def record_attempt(
    session: AsyncSession,
    delivery_id: uuid.UUID,
    *,
    status_code: int | None,
    error: str | None,
    final: bool = False,
) -> WebhookDelivery | None:
    """Count one attempt: 2xx delivers; anything else leaves it pending (or failed when
    ``final``). Audited, so the log keeps every attempt, not only the last."""
    delivered = status_code is not None and 200 <= status_code < 300
    now = utcnow()
    if delivered:
        status = DeliveryStatus.DELIVERED
    else:
        status = DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
    updated = await repository.update_delivery(
        session,
        delivery_id,
        col(WebhookDelivery.status) == DeliveryStatus.PENDING.value,
        attempts=col(WebhookDelivery.attempts) + 1,
        status=status.value,
        last_status_code=status_code,
        last_error=None if delivered else (error or "")[:MAX_ERROR_LENGTH],
        delivered_at=now if delivered else None,
        updated_at=now,
    )
    if updated is not None:
        await audit.record(
            session,
            organization_id=updated.organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="webhook.delivery_attempted",
            entity_type="webhook_delivery",
            entity_id=delivery_id,
            after={
                "attempt": updated.attempts,
                "status": updated.status,
                "status_code": status_code,
                "error": updated.last_error,
            },
        )
    return updated


async def give_up(
    session: AsyncSession, delivery_id: uuid.UUID, error: str, *, replace: bool = False
) -> None:
    """Mark a pending delivery failed. After exhausted retries the last attempt's error
    says more than ``error`` and is kept; ``replace`` records ``error`` instead."""
    delivery = await repository.get_delivery(session, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING.value:
        return
    updated = await repository.update_delivery(
        session,
        delivery_id,
        col(WebhookDelivery.status) == DeliveryStatus.PENDING.value,
        status=DeliveryStatus.FAILED.value,
        last_error=(error if replace else delivery.last_error or error)[:MAX_ERROR_LENGTH],
        updated_at=utcnow(),
    )
    if updated is not None:
        await audit.record(
            session,
            organization_id=updated.organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="webhook.delivery_failed",
            entity_type="webhook_delivery",
            entity_id=delivery_id,
            before={"status": DeliveryStatus.PENDING.value},
            after={"status": updated.status, "attempts": updated.attempts, "error": error},
        )


# Deliveries enqueued by a use case, kept on the session until the caller has committed.
_OUTBOX = "webhook_deliveries"


def hold_for_commit(session: AsyncSession, delivery_ids: Sequence[uuid.UUID]) -> None:
    """Remember deliveries to start once the caller's transaction has committed."""
    session.info.setdefault(_OUTBOX, []).extend(delivery_ids)


def released_after_commit(session: AsyncSession) -> list[uuid.UUID]:
    """The deliveries held on a committed session (each returned once)."""
    held: list[uuid.UUID] = session.info.pop(_OUTBOX, [])
    return held
