"""GraphQL types for reconciliation rules, their versions and dry runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.context import Info
from backend.api.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import Connection, Node, to_global_id
from backend.rules.models import Rule, RuleVersion
from backend.rules.service import PreviewChange, RulePreview


@strawberry.type(name="RuleVersion")
class RuleVersionType:
    """One saved state of a rule."""

    version: int
    change: str = strawberry.field(description="created, updated or deleted.")
    name: str
    description: str
    priority: int
    is_active: bool
    definition: JSON
    changed_by: strawberry.ID | None
    created_at: datetime

    @classmethod
    def from_model(cls, version: RuleVersion) -> RuleVersionType:
        """From the table model."""
        return cls(
            version=version.version,
            change=version.change,
            name=version.name,
            description=version.description,
            priority=version.priority,
            is_active=version.is_active,
            definition=cast(JSON, version.definition),
            changed_by=to_global_id("User", version.changed_by) if version.changed_by else None,
            created_at=version.created_at,
        )


@strawberry.type(name="Rule")
class RuleType(Node):
    """A tenant rule: conditions (``when``) and an action (``then``), see docs/reconciliation.md."""

    id: strawberry.ID
    name: str
    description: str
    priority: int
    is_active: bool
    version: int
    definition: JSON
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[Rule]

    @classmethod
    def from_model(cls, rule: Rule) -> RuleType:
        """From the table model."""
        return cls(
            id=to_global_id("Rule", rule.id),
            name=rule.name,
            description=rule.description,
            priority=rule.priority,
            is_active=rule.is_active,
            version=rule.version,
            definition=cast(JSON, rule.definition),
            created_at=rule.created_at,
            updated_at=rule.updated_at,
            row=rule,
        )

    @strawberry.field(description="Every saved state, newest first.")
    async def versions(self, info: Info) -> list[RuleVersionType]:
        """Batched per request."""
        rows = await info.context.loaders().versions_of_rule.load(self.row.id)
        return [RuleVersionType.from_model(v) for v in rows]


@strawberry.type
class RuleChangePreview:
    """One open item whose outcome the candidate rule would change."""

    side: str = strawberry.field(description="document or transaction.")
    item_id: strawberry.ID = strawberry.field(description="The Document or Transaction global id.")
    installment: str | None
    before: str
    after: str
    by_this_rule: bool

    @classmethod
    def from_change(cls, change: PreviewChange) -> RuleChangePreview:
        """From the service's value."""
        type_name = "Document" if change.side == "document" else "Transaction"
        return cls(
            side=change.side,
            item_id=to_global_id(type_name, change.item_id),
            installment=change.installment,
            before=change.before,
            after=change.after,
            by_this_rule=change.by_this_rule,
        )


@strawberry.type
class TestRuleSuccess:
    """What saving the rule would change now (nothing was written)."""

    changes_total: int
    by_this_rule: int
    changes: list[RuleChangePreview] = strawberry.field(description="At most 100, rule's first.")

    @classmethod
    def from_preview(cls, preview: RulePreview) -> TestRuleSuccess:
        """From the service's value."""
        return cls(
            changes_total=preview.changes_total,
            by_this_rule=preview.by_this_rule,
            changes=[RuleChangePreview.from_change(c) for c in preview.changes],
        )


@strawberry.type
class RuleSuccess:
    """The rule as saved."""

    rule: RuleType


@strawberry.type
class DeleteRuleSuccess:
    """The rule is gone; its history and decisions stay."""

    id: strawberry.ID


RuleConnection = Connection[RuleType]
RuleResult = Annotated[
    RuleSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("RuleResult"),
]
DeleteRuleResult = Annotated[
    DeleteRuleSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("DeleteRuleResult"),
]
TestRuleResult = Annotated[
    TestRuleSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("TestRuleResult"),
]
