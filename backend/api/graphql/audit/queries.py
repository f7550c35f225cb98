"""auditLog: who did what to which object, with before/after (admins, managers, auditors)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.context import Info
from backend.api.graphql.enums import ActorTypeEnum
from backend.api.graphql.relay import (
    Connection,
    Node,
    SortDirection,
    page_request,
    parse_global_id,
    resolve_connection,
    to_global_id,
)
from backend.audit import service
from backend.audit.filters import AuditFilter
from backend.audit.models import AuditLog
from backend.core.errors import NotFound

# Audit entity types whose ids are GraphQL objects (the rest stay plain UUIDs).
_NODE_TYPES = {
    "document": "Document",
    "reconciliation": "Reconciliation",
    "rule": "Rule",
    "company": "Company",
    "file": "File",
    "organization": "Organization",
    "user": "User",
    "api_client": "ApiClient",
    "export": "Export",
    "webhook": "Webhook",
    "webhook_delivery": "WebhookDelivery",
    "bank_account": "BankAccount",
}


def _entity_id(entity_type: str, entity_id: uuid.UUID | None) -> strawberry.ID | None:
    if entity_id is None:
        return None
    type_name = _NODE_TYPES.get(entity_type)
    return to_global_id(type_name, entity_id) if type_name else strawberry.ID(str(entity_id))


@strawberry.type(name="AuditEntry")
class AuditEntryType(Node):
    """One recorded change."""

    id: strawberry.ID
    action: str
    actor_type: ActorTypeEnum
    actor_id: strawberry.ID | None = strawberry.field(
        description="The user (support staff included), API client or rule (global id), "
        "or null for the system."
    )
    entity_type: str
    entity_id: strawberry.ID | None
    before: JSON | None
    after: JSON | None
    request_id: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, entry: AuditLog) -> AuditEntryType:
        """From the table model."""
        # Support staff are users: the staff member's User id.
        actor_types = {"user": "User", "api_client": "ApiClient", "rule": "Rule", "support": "User"}
        actor_type = actor_types.get(entry.actor_type)
        return cls(
            id=to_global_id("AuditEntry", entry.id),
            action=entry.action,
            actor_type=ActorTypeEnum(entry.actor_type),
            actor_id=(
                to_global_id(actor_type, entry.actor_id) if actor_type and entry.actor_id else None
            ),
            entity_type=entry.entity_type,
            entity_id=_entity_id(entry.entity_type, entry.entity_id),
            before=cast(JSON, entry.before),
            after=cast(JSON, entry.after),
            request_id=entry.request_id,
            created_at=entry.created_at,
        )


@strawberry.input
class AuditFilterInput:
    """Narrow the log; every field is optional and they combine with AND."""

    entity_type: str | None = None
    entity_id: strawberry.ID | None = strawberry.field(
        default=None, description="A global id (or a plain UUID for non-GraphQL entities)."
    )
    actor_type: ActorTypeEnum | None = None
    actor_id: strawberry.ID | None = None
    action: str | None = strawberry.field(
        default=None, description='An action or its prefix ("reconciliation.").'
    )
    since: datetime | None = None
    until: datetime | None = strawberry.field(default=None, description="Exclusive.")

    def to_filter(self) -> AuditFilter:
        """As the repository's filter."""
        return AuditFilter(
            entity_type=self.entity_type,
            entity_id=_any_id(self.entity_id),
            actor_type=self.actor_type.value if self.actor_type else None,
            actor_id=_any_id(self.actor_id),
            action_prefix=self.action,
            since=self.since,
            until=self.until,
        )


def _any_id(value: strawberry.ID | None) -> uuid.UUID | None:
    """A global id's uuid, or a plain UUID; an unusable id matches nothing."""
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        pass
    try:
        return parse_global_id(value)[1]
    except NotFound:  # a malformed id simply matches nothing
        return uuid.UUID(int=0)


AuditConnection = Connection[AuditEntryType]


@strawberry.type
class AuditQueries:
    """The organization's audit log."""

    @strawberry.field(description="Newest first by default.")
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilterInput | None = None,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> AuditConnection:
        """A page of entries (at most 100)."""
        where = filter.to_filter() if filter else AuditFilter()
        return await resolve_connection(
            info,
            lambda session, principal: service.page_entries(
                session,
                principal,
                where,
                descending=direction is SortDirection.DESC,
                request=page_request(first, after, last, before),
            ),
            lambda session: service.count_entries(session, where),
            AuditEntryType.from_model,
        )
