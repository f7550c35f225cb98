"""The permission table, walked: every role and API-client scope set against every
mutation and every query field that needs more than ``read``.

Arguments are generated from the schema (valid shapes, global ids of the right type
that name nothing), so a call is refused by the permission check or gets past it to
an ordinary answer (not found, validation, success) — never an internal error.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from backend.api.graphql.permissions import MUTATIONS, QUERIES, Access
from backend.api.graphql.relay import to_global_id
from backend.api.graphql.schema import schema
from backend.api.state import AppState
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.rbac import API_CLIENT_SCOPES, Permission, can
from backend.auth.tokens import issue_access_token
from backend.db.enums import Role
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)

from .conftest import MemberToken

GRAPHQL = schema._schema

# Which object type an ID argument names, by argument name (and ``id`` by mutation).
ID_TYPES = {
    "userId": "User",
    "installmentIds": "Installment",
    "documentIds": "Document",
    "transactionIds": "Transaction",
    "companyId": "Company",
    "bankAccountId": "BankAccount",
    "replaces": "Rule",
    "deliveryId": "WebhookDelivery",
    "webhookId": "Webhook",
    "parentId": "File",
    "documentId": "Document",
    "transactionId": "Transaction",
    "invitationId": "Invitation",
    "ids": "Reconciliation",
    "batchId": "ReviewBatch",
}
MUTATION_ID_TYPES = {
    "reprocessFile": "File",
    "updateCompany": "Company",
    "deleteCompany": "Company",
    "updateBankAccount": "BankAccount",
    "deleteBankAccount": "BankAccount",
    "acceptSuggestion": "Reconciliation",
    "rejectSuggestion": "Reconciliation",
    "unmatch": "Reconciliation",
    "undoDecision": "Reconciliation",
    "updateRule": "Rule",
    "deleteRule": "Rule",
    "revokeApiClient": "ApiClient",
    "updateWebhook": "Webhook",
    "deleteWebhook": "Webhook",
    "rotateWebhookSecret": "Webhook",
    "export": "Export",
    "revokeSupportAccess": "SupportGrant",
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
    "Upload": None,
}
# Values that pass validation, so an allowed caller reaches the use case.
INPUT_FIELDS: dict[str, Any] = {
    "email": "pessoa.nova@example.com",
    "url": "https://hooks.example.com/conciliacontag",
    "scopes": ["read"],
    "cnpj": "11444777000161",
}


@dataclass(frozen=True)
class Caller:
    """A role, or an API client with some scopes."""

    label: str
    role: Role
    scopes: frozenset[str] | None = None

    def principal(self, organization: uuid.UUID, subject: uuid.UUID) -> Principal:
        """As the token's principal."""
        if self.scopes is None:
            return Principal(subject_id=subject, organization_id=organization, role=self.role)
        return Principal(
            subject_id=subject,
            organization_id=organization,
            role=self.role,
            kind=PrincipalKind.API_CLIENT,
            scopes=self.scopes,
        )


CALLERS = [
    Caller("admin", Role.ADMIN),
    Caller("manager", Role.MANAGER),
    Caller("operator", Role.OPERATOR),
    Caller("auditor", Role.AUDITOR),
    Caller("client:read", Role.OPERATOR, frozenset({"read"})),
    Caller("client:all", Role.OPERATOR, frozenset(p.value for p in API_CLIENT_SCOPES)),
]


def _value(type_: Any, name: str, field: str) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, name, field)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, name, field)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            key: INPUT_FIELDS.get(key, _value(f.type, name, key))
            for key, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull) or key in INPUT_FIELDS
        }
    assert isinstance(type_, GraphQLScalarType)
    if type_.name == "ID":
        type_name = ID_TYPES.get(field) or MUTATION_ID_TYPES[name]
        return to_global_id(type_name, uuid.uuid4())
    return SCALARS[type_.name]


def _operation(kind: str, name: str) -> tuple[str, dict[str, Any]]:
    root = GRAPHQL.mutation_type if kind == "mutation" else GRAPHQL.query_type
    assert root is not None
    field = root.fields[name]
    required = {a: t for a, t in field.args.items() if isinstance(t.type, GraphQLNonNull)}
    variables = {arg: _value(t.type, name, arg) for arg, t in required.items()}
    declared = ", ".join(f"${arg}: {t.type}" for arg, t in required.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in required)
    return (
        f"{kind} Op{'(' + declared + ')' if declared else ''} "
        f"{{ result: {name}{'(' + passed + ')' if passed else ''} {{ __typename }} }}",
        variables,
    )


def _is_object(kind: str, name: str) -> bool:
    root = GRAPHQL.mutation_type if kind == "mutation" else GRAPHQL.query_type
    assert root is not None
    inner = root.fields[name].type
    while isinstance(inner, GraphQLNonNull | GraphQLList):
        inner = inner.of_type
    return not isinstance(inner, GraphQLScalarType | GraphQLEnumType)


async def _call(
    client: httpx.AsyncClient, bearer: str, kind: str, name: str
) -> tuple[bool, dict[str, Any]]:
    """(refused for permission, body)."""
    query, variables = _operation(kind, name)
    if "file" in variables:
        variables["file"] = None
        response = await client.post(
            "/graphql",
            files={
                "operations": (None, json.dumps({"query": query, "variables": variables})),
                "map": (None, json.dumps({"0": ["variables.file"]})),
                "0": ("nota.xml", b"<x/>", "application/xml"),
            },
            headers={"authorization": f"Bearer {bearer}"},
        )
    else:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {bearer}"},
        )
    body: dict[str, Any] = response.json()
    errors = body.get("errors") or []
    codes = {e["extensions"]["code"] for e in errors}
    # The call must reach the resolver: a malformed request would prove nothing.
    assert not codes & {"INTERNAL", "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}, (name, body)
    result = (body.get("data") or {}).get("result")
    refused = "FORBIDDEN" in codes or (
        isinstance(result, dict) and result.get("__typename") == "PermissionDeniedError"
    )
    return refused, body


def test_every_mutation_and_guarded_query_is_in_the_table() -> None:
    assert GRAPHQL.mutation_type is not None and GRAPHQL.query_type is not None
    assert set(GRAPHQL.mutation_type.fields) == set(MUTATIONS)
    assert set(QUERIES) <= set(GRAPHQL.query_type.fields)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.label)
async def test_role_matrix(
    client: httpx.AsyncClient,
    app_state: AppState,
    member_token: MemberToken,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
    caller: Caller,
) -> None:
    if caller.scopes is None:
        bearer = await member_token(org, caller.role)
    else:
        client_id = uuid.uuid4()
        await superuser.execute(
            "insert into api_clients (id, organization_id, name, client_id, secret_hash, scopes)"
            " values ($1, $2, 'matrix', $3, 'x', $4)",
            client_id,
            org,
            f"cc_{org.hex}_{client_id.hex}",
            sorted(caller.scopes),
        )
        bearer = issue_access_token(app_state.auth.tokens, caller.principal(org, client_id))
    principal = caller.principal(org, uuid.uuid4())
    checked = []
    for kind, table in (("mutation", MUTATIONS), ("query", QUERIES)):
        for name, needs in table.items():
            if isinstance(needs, Access):
                continue
            if kind == "query" and not _is_object(kind, name):
                continue
            refused, body = await _call(client, bearer, kind, name)
            expected = not can(principal, needs)
            assert refused == expected, f"{caller.label} {name} needs {needs}: {body}"
            checked.append(name)
    assert len(checked) >= 35
    # A read-only client can read but not change anything; an auditor can read the log.
    read = await _call(client, bearer, "query", "documents")
    assert read[0] is not can(principal, Permission.READ)


def test_docs_print_the_same_table() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for name, needs in {**MUTATIONS, **QUERIES}.items():
        assert f"| `{name}` | `{needs.value}` |" in docs, f"docs/api.md lacks {name}"
