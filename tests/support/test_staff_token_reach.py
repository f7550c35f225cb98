"""A staff token against every field of the schema, and the token and permission rules of
support principals."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from backend.api.graphql.relay import to_global_id
from backend.api.graphql.schema import schema
from backend.api.state import AppState
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.rbac import Permission, can
from backend.auth.tokens import issue_access_token, verify_access_token
from backend.core.errors import Unauthenticated
from backend.db.enums import ActorType, Role
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
)
from tests.graphql_client import post_operation

from .conftest import StaffFactory, staff_token

GRAPHQL = schema._schema
# Fields that take no token, and the staff fields.
OPEN = {"login", "refresh", "logout", "acceptInvitation", "invitationPreview", "staffLogin"}
STAFF_FIELDS = {
    "tenantDirectory",
    "mySupportGrants",
    "platformLinks",
    "supportToken",
    "beginStaffTotpEnrollment",
    "confirmStaffTotpEnrollment",
}
SCALARS: dict[str, Any] = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Money": "1.00",
    "Decimal": "0.5",
    "Date": "2026-10-01",
    "DateTime": "2026-10-01T10:00:00-03:00",
    "JSON": {},
}


def _value(type_: Any) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            key: _value(f.type)
            for key, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull)
        }
    assert isinstance(type_, GraphQLScalarType)
    if type_.name == "ID":
        return to_global_id("Document", uuid.uuid4())
    return SCALARS[type_.name]


def _operation(kind: str, name: str) -> tuple[str, dict[str, Any]] | None:
    root = GRAPHQL.mutation_type if kind == "mutation" else GRAPHQL.query_type
    assert root is not None
    field = root.fields[name]
    required = {a: t for a, t in field.args.items() if isinstance(t.type, GraphQLNonNull)}
    if any(getattr(t.type.of_type, "name", "") == "Upload" for t in required.values()):
        return None  # uploadFile: multipart only; the REST upload is tested instead
    inner = field.type
    while isinstance(inner, GraphQLNonNull | GraphQLList):
        inner = inner.of_type
    selection = ""
    if isinstance(inner, GraphQLUnionType):
        selection = "{ __typename ... on UserError { code } }"
    elif not isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        selection = "{ __typename }"
    declared = ", ".join(f"${a}: {t.type}" for a, t in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    document = (
        f"{kind} Op{'(' + declared + ')' if declared else ''} "
        f"{{ result: {name}{'(' + passed + ')' if passed else ''} {selection} }}"
    )
    return document, {a: _value(t.type) for a, t in required.items()}


async def test_a_staff_token_reaches_nothing_but_the_staff_fields(
    client: httpx.AsyncClient, make_staff: StaffFactory
) -> None:
    token = await staff_token(client, await make_staff())
    checked = []
    for kind, root in (("query", GRAPHQL.query_type), ("mutation", GRAPHQL.mutation_type)):
        assert root is not None
        for name in sorted(set(root.fields) - OPEN - STAFF_FIELDS):
            built = _operation(kind, name)
            if built is None:
                continue
            document, variables = built
            body = await post_operation(client, token, document, "Op", **variables)
            codes = {e["extensions"]["code"] for e in body.get("errors") or []}
            result = (body.get("data") or {}).get("result")
            if isinstance(result, dict) and "code" in result:
                codes.add(result["code"])
            assert codes == {"STAFF_TOKEN_NOT_ALLOWED"}, (name, body)
            checked.append(name)
    assert len(checked) > 50


def test_support_tokens_name_their_grant_and_only_support_tokens_do(app_state: AppState) -> None:
    config = app_state.auth.tokens
    org, staff, grant = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    support = Principal(
        subject_id=staff,
        organization_id=org,
        role=Role.OPERATOR,
        kind=PrincipalKind.SUPPORT,
        grant_id=grant,
    )
    token = issue_access_token(config, support, ttl_seconds=60, now=1_800_000_000)
    read = verify_access_token(config, token, now=1_800_000_030)
    assert (read.kind, read.grant_id, read.actor_type) == (
        PrincipalKind.SUPPORT,
        grant,
        ActorType.SUPPORT,
    )
    assert read.user_id == staff
    # The shorter lifetime holds.
    with pytest.raises(Unauthenticated):
        verify_access_token(config, token, now=1_800_000_070)
    for forged in (
        Principal(subject_id=staff, organization_id=org, role=Role.OPERATOR, grant_id=grant),
        Principal(
            subject_id=staff, organization_id=org, role=Role.OPERATOR, kind=PrincipalKind.SUPPORT
        ),
    ):
        with pytest.raises(Unauthenticated):
            verify_access_token(config, issue_access_token(config, forged))


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_support_never_manages_people_clients_or_webhooks(role: Role) -> None:
    support = Principal(
        subject_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        role=role,
        kind=PrincipalKind.SUPPORT,
        grant_id=uuid.uuid4(),
    )
    for permission in (
        Permission.MANAGE_USERS,
        Permission.MANAGE_API_CLIENTS,
        Permission.MANAGE_WEBHOOKS,
    ):
        assert not can(support, permission)
    assert can(support, Permission.READ) and can(support, Permission.MANAGE_RULES)
