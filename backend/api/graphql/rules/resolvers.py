"""rules connection, rule CRUD and testRule (a dry run on the tenant's data)."""

from __future__ import annotations

import uuid
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.context import Info
from backend.api.graphql.relay import (
    SortDirection,
    from_global_id,
    node_loader,
    page_request,
    resolve_connection,
)
from backend.api.graphql.rules.types import (
    DeleteRuleResult,
    DeleteRuleSuccess,
    RuleConnection,
    RuleResult,
    RuleSuccess,
    RuleType,
    TestRuleResult,
    TestRuleSuccess,
)
from backend.rules import service


@strawberry.input
class RuleInput:
    """A rule as a person writes it."""

    name: str
    definition: JSON = strawberry.field(
        description='{"when": [conditions], "then": action}; see docs/reconciliation.md.'
    )
    description: str = ""
    priority: int = 100
    is_active: bool = True

    def to_service(self) -> service.RuleInput:
        """As the service's input."""
        definition = cast(Any, self.definition)
        return service.RuleInput(
            name=self.name,
            definition=definition if isinstance(definition, dict) else {},
            description=self.description,
            priority=self.priority,
            is_active=self.is_active,
        )


@strawberry.type
class RuleQueries:
    """The organization's reconciliation rules."""

    @strawberry.field(description="Rules in priority order (lowest runs first).")
    async def rules(
        self,
        info: Info,
        active: bool | None = None,
        text: str | None = None,
        direction: SortDirection = SortDirection.ASC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> RuleConnection:
        """A page of rules (at most 100)."""
        return await resolve_connection(
            info,
            lambda session, principal: service.page_rules(
                session,
                principal,
                active=active,
                text_value=text,
                descending=direction is SortDirection.DESC,
                request=page_request(first, after, last, before),
            ),
            lambda session: service.count_rules(session, active=active, text_value=text),
            RuleType.from_model,
        )


@strawberry.type
class RuleMutations:
    """Managing rules (admins, managers, clients with manage_rules); every change is versioned."""

    @strawberry.mutation(description="Add a rule.")
    async def create_rule(self, info: Info, input: RuleInput) -> RuleResult:
        """Invalid definitions come back as field errors on the path they are about, such
        as ``definition.when[1].value`` (``definition`` for the rule as a whole)."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rule = await service.create_rule(session, principal, input.to_service())
            return RuleSuccess(rule=RuleType.from_model(rule))

    @strawberry.mutation(description="Change a rule (a new version).")
    async def update_rule(
        self,
        info: Info,
        id: strawberry.ID,
        input: RuleInput,
    ) -> RuleResult:
        """The previous version stays in ``versions``."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            rule = await service.update_rule(
                session, principal, from_global_id(id, "Rule"), input.to_service()
            )
            return RuleSuccess(rule=RuleType.from_model(rule))

    @strawberry.mutation(description="Remove a rule.")
    async def delete_rule(self, info: Info, id: strawberry.ID) -> DeleteRuleResult:
        """Its history and the decisions it made stay."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            await service.delete_rule(session, principal, from_global_id(id, "Rule"))
        return DeleteRuleSuccess(id=id)

    @strawberry.mutation(
        description="Dry run: what the rule would change on today's open items. Writes nothing."
    )
    async def test_rule(
        self,
        info: Info,
        input: RuleInput,
        replaces: strawberry.ID | None = None,
    ) -> TestRuleResult:
        """``replaces``: test an edit of an existing rule instead of a new one."""
        principal = info.context.require_principal()
        replaced = from_global_id(replaces, "Rule") if replaces else None
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            preview = await service.preview_rule(
                session, principal, input.to_service(), replaces=replaced
            )
        return TestRuleSuccess.from_preview(preview)


@node_loader("Rule")
async def load_rule(info: Info, row_id: uuid.UUID) -> RuleType | None:
    """node(id) for rules."""
    found = await info.context.loaders().rule.load(row_id)
    return RuleType.from_model(found) if found else None
