"""Audits every GraphQL operation made with a support token, before it runs.

For a support principal, ``on_execute`` passes the operation (its type, name and
top-level fields; never variables or arguments, which may hold secrets) to
backend/support/gate.py, which checks the grant and commits an audit entry in the
organization. A grant no longer active answers SUPPORT_GRANT_INACTIVE and nothing
runs. Subscriptions are refused to support tokens: a long-lived stream would outlive
both the token and the per-request check.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from backend.auth.principal import PrincipalKind
from backend.core.errors import DomainError, PermissionDenied
from backend.support import gate
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


def top_level_fields(document: DocumentNode, operation_name: str | None) -> list[str]:
    """The root fields the operation selects (through fragments too), sorted, no aliases."""
    operation = _operation(document, operation_name)
    if operation is None:
        return []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    found: set[str] = set()
    seen_fragments: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                found.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen_fragments:
                    seen_fragments.add(name)
                    walk(fragments[name].selection_set)

    walk(operation.selection_set)
    return sorted(found)


class SupportAuditExtension(SchemaExtension):
    """Runs the support gate for operations made with a support token."""

    async def on_execute(self) -> AsyncIterator[None]:
        """Gate (and audit) before execution; a refusal becomes the operation's only error."""
        execution = self.execution_context
        principal = getattr(execution.context, "principal", None)
        if principal is None or principal.kind is not PrincipalKind.SUPPORT:
            yield
            return
        document = execution.graphql_document
        assert document is not None
        operation = _operation(document, execution.operation_name)
        kind = operation.operation if operation is not None else OperationType.QUERY
        if kind is OperationType.SUBSCRIPTION:
            # Raised (a result would not stop a subscription), already in the formatted
            # shape since strawberry reports it from outside the error formatter.
            denied = PermissionDenied(
                "support tokens cannot subscribe; poll instead",
                code="SUPPORT_SUBSCRIPTION_NOT_ALLOWED",
            )
            raise GraphQLError(
                denied.message, extensions={"code": denied.code, "details": denied.details}
            )
        name = operation.name.value if operation is not None and operation.name else None
        try:
            await gate.admit(
                execution.context.state.database,
                principal,
                channel="graphql",
                operation=f"{kind.value} {name or '(anonymous)'}",
                fields=top_level_fields(document, execution.operation_name),
            )
        except DomainError as exc:
            # A result set here makes strawberry skip execution; the error formatter
            # turns the domain error into {code, details}.
            execution.result = ExecutionResult(
                data=None, errors=[GraphQLError(exc.message, original_error=exc)]
            )
        yield
