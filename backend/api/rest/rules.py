"""Admin rules: the organization's reconciliation rules, their versions, and dry runs.

Each route calls ``backend.rules.service`` as GraphQL's ``rules``, ``createRule``,
``updateRule``, ``deleteRule`` and ``testRule`` do. Every change is a new version (the
history stays, deleted rules' too); a dry run writes nothing. An invalid definition is
422 with the field path it is about (``definition.when[1].value``).
"""

from __future__ import annotations

import uuid

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from backend.api.graphql.rules.types import RuleChangePreview, RuleType, RuleVersionType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import DateTime, GlobalId, Input, JsonObject, Links, Output, PageInfo
from backend.api.rest.paging import Direction, PageQuery, fetch_page, listing
from backend.auth.rbac import Permission
from backend.core.errors import NotFound
from backend.rules import service
from backend.rules.models import Rule

resource = Resource("rules")

NOT_FOUND = "rule not found"


class RuleOut(Output):
    """A rule: conditions (``when``) and an action (``then``), see docs/reconciliation.md."""

    id: GlobalId
    name: str
    description: str
    priority: int = Field(description="Lowest runs first.")
    is_active: bool
    version: int
    definition: JsonObject
    created_at: DateTime
    updated_at: DateTime


class RuleVersionOut(Output):
    """One saved state of a rule (GraphQL ``RuleVersion``)."""

    version: int
    change: str = Field(description="created, updated or deleted.")
    name: str
    description: str
    priority: int
    is_active: bool
    definition: JsonObject
    changed_by: GlobalId | None = Field(description="The User who saved it.")
    created_at: DateTime


class RuleDetail(RuleOut):
    """A rule with every saved state, newest first."""

    versions: list[RuleVersionOut]


class RuleList(Output):
    """A page of rules in priority order."""

    data: list[RuleOut]
    page_info: PageInfo
    links: Links


class RulesQuery(PageQuery):
    """The rules list's query string (GraphQL ``rules(active, text, direction)``)."""

    active: bool | None = None
    text: str | None = Field(None, description="Part of the name or description.")
    direction: Direction = Direction.ASC


class RuleIn(Input):
    """A rule as a person writes it (GraphQL ``RuleInput``)."""

    name: str
    definition: JsonObject = Field(
        description='{"when": [conditions], "then": action}; see docs/reconciliation.md.'
    )
    description: str = ""
    priority: int = 100
    is_active: bool = True

    def to_service(self) -> service.RuleInput:
        """As the service's input."""
        return service.RuleInput(
            name=self.name,
            definition=self.definition,
            description=self.description,
            priority=self.priority,
            is_active=self.is_active,
        )


class RuleAnswer(Output):
    """The rule as saved."""

    rule: RuleDetail


class ChangeOut(Output):
    """One open item whose outcome the candidate rule would change."""

    side: str = Field(description="document or transaction.")
    item_id: GlobalId = Field(description="The Document or Transaction global id.")
    installment: str | None
    before: str
    after: str
    by_this_rule: bool


class RuleTestOut(Output):
    """What saving the rule would change now (nothing was written)."""

    changes_total: int
    by_this_rule: int
    changes: list[ChangeOut] = Field(description="At most 100, the rule's own first.")


def _rule(row: Rule) -> RuleOut:
    return RuleOut.model_validate(RuleType.from_model(row))


async def _detail(session: AsyncSession, row: Rule) -> RuleDetail:
    versions = await service.versions_of(session, [row.id])
    return RuleDetail(
        **dict(_rule(row)),
        versions=[RuleVersionOut.model_validate(RuleVersionType.from_model(v)) for v in versions],
    )


async def _existing(session: AsyncSession, rule_id: uuid.UUID) -> Rule:
    found = await service.rules_by_ids(session, [rule_id])
    if not found:
        raise NotFound(NOT_FOUND)
    return found[0]


@resource.route(
    "GET", "/v1/admin/rules", requires=Permission.READ, query=RulesQuery, response=RuleList
)
async def list_rules(call: Call) -> RuleList:
    """The organization's rules in priority order (lowest runs first), a page at a time."""
    query = call.params(RulesQuery)
    page = await fetch_page(
        call,
        lambda session, principal: service.page_rules(
            session,
            principal,
            active=query.active,
            text_value=query.text,
            descending=query.descending,
            request=query.page_request(),
        ),
    )
    return RuleList(**listing(call, page, _rule))


@resource.route(
    "POST",
    "/v1/admin/rules",
    requires=Permission.MANAGE_RULES,
    body=RuleIn,
    response=RuleAnswer,
    status=201,
    creates=True,
    errors=(400, 409),
)
async def create_rule(call: Call) -> RuleAnswer:
    """Add a rule, version 1 (GraphQL ``createRule``; Idempotency-Key honoured).

    A name already taken is 409 ``RULE_NAME_TAKEN``.
    """
    principal = call.principal
    data = call.payload(RuleIn).to_service()
    async with call.state.database.tenant_session(principal.organization_id) as session:
        row = await service.create_rule(session, principal, data)
        return RuleAnswer(rule=await _detail(session, row))


@resource.route(
    "POST",
    "/v1/admin/rules/test",
    requires=Permission.MANAGE_RULES,
    body=RuleIn,
    response=RuleTestOut,
    errors=(400,),
)
async def test_draft_rule(call: Call) -> RuleTestOut:
    """Dry run of a new rule: what it would change on today's open items (``testRule``)."""
    principal = call.principal
    data = call.payload(RuleIn).to_service()
    async with call.state.database.tenant_session(principal.organization_id) as session:
        preview = await service.preview_rule(session, principal, data)
    return _test_out(preview)


def _test_out(preview: service.RulePreview) -> RuleTestOut:
    return RuleTestOut(
        changes_total=preview.changes_total,
        by_this_rule=preview.by_this_rule,
        changes=[
            ChangeOut.model_validate(RuleChangePreview.from_change(c)) for c in preview.changes
        ],
    )


@resource.route(
    "GET",
    "/v1/admin/rules/{id}",
    requires=Permission.READ,
    response=RuleDetail,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def get_rule(call: Call) -> RuleDetail:
    """A rule and every saved state of it, newest first."""
    rule_id = call.global_id("Rule")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        return await _detail(session, await _existing(session, rule_id))


@resource.route(
    "PUT",
    "/v1/admin/rules/{id}",
    requires=Permission.MANAGE_RULES,
    body=RuleIn,
    response=RuleAnswer,
    errors=(400, 404, 409),
    not_found=NOT_FOUND,
)
async def update_rule(call: Call) -> RuleAnswer:
    """Replace a rule: a new version; the previous one stays in ``versions``."""
    rule_id = call.global_id("Rule")
    principal = call.principal
    data = call.payload(RuleIn).to_service()
    async with call.state.database.tenant_session(principal.organization_id) as session:
        row = await service.update_rule(session, principal, rule_id, data)
        return RuleAnswer(rule=await _detail(session, row))


@resource.route(
    "DELETE",
    "/v1/admin/rules/{id}",
    requires=Permission.MANAGE_RULES,
    status=204,
    errors=(404,),
    not_found=NOT_FOUND,
)
async def delete_rule(call: Call) -> Response:
    """Remove a rule (GraphQL ``deleteRule``); its history and the decisions it made stay."""
    rule_id = call.global_id("Rule")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        await service.delete_rule(session, principal, rule_id)
    return Response(status_code=204)


@resource.route(
    "POST",
    "/v1/admin/rules/{id}/test",
    requires=Permission.MANAGE_RULES,
    body=RuleIn,
    response=RuleTestOut,
    errors=(400, 404),
    not_found=NOT_FOUND,
)
async def test_rule_edit(call: Call) -> RuleTestOut:
    """Dry run of an edit: the body in place of rule ``{id}`` (``testRule(replaces)``).

    Compared with the current rules on today's open items; nothing is written.
    """
    rule_id = call.global_id("Rule")
    principal = call.principal
    data = call.payload(RuleIn).to_service()
    async with call.state.database.tenant_session(principal.organization_id) as session:
        await _existing(session, rule_id)
        preview = await service.preview_rule(session, principal, data, replaces=rule_id)
    return _test_out(preview)
