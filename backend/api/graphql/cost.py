"""The static cost of a GraphQL operation, checked before anything runs.

The depth, alias and token limits (``build_schema``) bound how big a document is; they
do not bound how much work a small document asks for. ``documents(first: 100) { edges {
node { installments { reconciliations { transactions { ... } } } } } }`` is short and
shallow, yet it fans out multiplicatively. The estimate is the number of objects an
operation may resolve:

- a field returning an object, interface or union costs 1 plus its selection;
- a list of objects costs its expected length times (1 + its selection). The ``edges``
  of a connection are as long as the page asked for (``first``/``last`` with variables
  resolved, ``DEFAULT_PAGE`` when absent, capped at ``MAX_PAGE`` like the resolvers);
  ``nodes(ids:)`` is as long as ``ids``; other lists have a nominal length
  (``LIST_SIZES``, else ``DEFAULT_LIST_SIZE``);
- scalars and enums cost nothing (the token limit bounds how many are asked for);
- fragments on the type itself add up; fragments narrowing an interface or a union to
  different types are alternatives, so only the most expensive one counts;
- introspection fields (``__schema``, ``__type``, ``__typename``) cost nothing: they are
  answered from memory;
- ``@skip`` and ``@include`` are honoured.

An operation over GRAPHQL_MAX_COST is refused before it runs with one top-level error,
code ``QUERY_TOO_COSTLY`` and ``details = {cost, max}``. A request that sends
``"extensions": {"cost": true}`` gets ``extensions.cost = {estimated, max}`` back.
Subscriptions are not costed: their events carry flat objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_variable_values,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from backend.core.errors import DomainError
from backend.db.pagination import DEFAULT_PAGE, MAX_PAGE
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLType,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_composite_type,
    is_list_type,
    is_non_null_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult

DEFAULT_LIST_SIZE = 10
"""Nominal length of a list of objects that is not a connection and not in LIST_SIZES."""

LIST_SIZES: dict[tuple[str, str], int] = {
    # Typical lengths of the lists that nest under documents and transactions; without
    # them, the review screens' nested selections would be priced as if every
    # document had ten installments, each with ten reconciliations of ten transactions.
    ("Document", "installments"): 3,
    ("Document", "reconciliations"): 3,
    ("Installment", "reconciliations"): 2,
    ("Transaction", "reconciliations"): 2,
    ("Reconciliation", "documents"): 3,
    ("Reconciliation", "transactions"): 3,
    ("Reconciliation", "reasons"): 5,
}
"""Nominal lengths per (parent type, field) of lists whose usual size is known."""

LIST_ARGUMENTS: dict[tuple[str, str], str] = {("Query", "nodes"): "ids"}
"""Lists as long as one of their arguments (``nodes(ids:)`` loads one object per id)."""


class QueryTooCostly(DomainError):
    """The operation's estimated cost is over the limit; nothing ran."""

    code = "QUERY_TOO_COSTLY"
    http_status = 400

    def __init__(self, cost: int, max_cost: int) -> None:
        super().__init__(
            f"the operation's estimated cost {cost} is over the limit of {max_cost}; "
            "ask for smaller pages (first/last) or fewer nested lists",
            details={"cost": cost, "max": max_cost},
        )


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The estimated cost of the operation ``operation_name`` of a validated ``document``."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {})
    )
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    # Variables that do not coerce fail the execution anyway: price with defaults then.
    estimator = _Estimator(
        schema, fragments, coerced if isinstance(coerced, VariableValues) else None
    )
    return estimator.selections(root, operation.selection_set, page=None)


class _Estimator:
    """Walks one operation's selections with its variables and fragments."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues | None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selections(
        self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None, page: int | None
    ) -> int:
        """Cost of a selection set on ``parent``; ``page`` is set when ``parent`` is a
        connection (its list fields are as long as the page)."""
        if selection_set is None:
            return 0
        common = 0
        alternatives: dict[str, int] = {}
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                common += self.field(parent, selection, page)
                continue
            condition, inner = self._fragment(parent, selection)
            if condition is None:
                continue
            cost = self.selections(condition, inner, page)
            if condition.name == parent.name or isinstance(parent, GraphQLObjectType):
                # On a concrete type every fragment that validated applies.
                common += cost
            else:
                alternatives[condition.name] = alternatives.get(condition.name, 0) + cost
        return common + max(alternatives.values(), default=0)

    def field(self, parent: GraphQLNamedType, node: FieldNode, page: int | None) -> int:
        """Cost of one field (see the module docstring)."""
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        arguments = self._arguments(definition, node)
        page_size = self._page_size(named, arguments)
        inner = self.selections(named, node.selection_set, page_size)
        if page_size is not None:
            # The connection object itself; its edges carry the page.
            return 1 + inner
        if not _is_list(definition.type):
            return 1 + inner
        if page is not None:
            size = page
        elif (parent.name, name) in LIST_ARGUMENTS:
            size = len(arguments.get(LIST_ARGUMENTS[(parent.name, name)]) or ())
        else:
            size = LIST_SIZES.get((parent.name, name), DEFAULT_LIST_SIZE)
        return size * (1 + inner)

    def _fragment(
        self, parent: GraphQLNamedType, selection: SelectionNode
    ) -> tuple[GraphQLNamedType | None, SelectionSetNode | None]:
        if isinstance(selection, FragmentSpreadNode):
            fragment = self.fragments.get(selection.name.value)
            if fragment is None:
                return None, None
            type_name, inner = fragment.type_condition.name.value, fragment.selection_set
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            type_name = condition.name.value if condition is not None else parent.name
            inner = selection.selection_set
        else:
            return None, None
        target = self.schema.get_type(type_name)
        return (target, inner) if is_composite_type(target) else (None, None)

    def _arguments(self, definition: Any, node: FieldNode) -> dict[str, Any]:
        try:
            return get_argument_values(definition, node, self.variables)
        except GraphQLError:
            # A missing or invalid argument fails at execution; price the defaults.
            return {}

    def _included(self, selection: SelectionNode) -> bool:
        try:
            skip = get_directive_values(GraphQLSkipDirective, selection, self.variables)
            include = get_directive_values(GraphQLIncludeDirective, selection, self.variables)
        except GraphQLError:
            return True
        if skip is not None and skip.get("if") is True:
            return False
        return not (include is not None and include.get("if") is False)

    @staticmethod
    def _page_size(named: GraphQLNamedType, arguments: Mapping[str, Any]) -> int | None:
        """The page of a connection field; None for anything else."""
        if not (
            isinstance(named, GraphQLObjectType)
            and "edges" in named.fields
            and "pageInfo" in named.fields
        ):
            return None
        asked = arguments.get("last")
        if asked is None:
            asked = arguments.get("first")
        if not isinstance(asked, int):
            return DEFAULT_PAGE
        # Out-of-range pages fail in the resolver with a clearer error than a cost one.
        return min(max(asked, 0), MAX_PAGE)


def _is_list(field_type: GraphQLType) -> bool:
    inner = field_type.of_type if is_non_null_type(field_type) else field_type
    return is_list_type(inner)


class CostLimiter(SchemaExtension):
    """Refuses queries and mutations whose estimated cost is over the limit.

    The limit is ``max_cost`` when given, else GRAPHQL_MAX_COST from the request's
    AppState (``context.state.settings``), so each app instance honours its settings.
    """

    def __init__(self, *, max_cost: int | None = None) -> None:
        self._max_cost = max_cost
        self._report: dict[str, int] | None = None

    def on_execute(self) -> Iterator[None]:
        """Estimate, and set a QUERY_TOO_COSTLY result instead of executing when over."""
        context = self.execution_context
        if (
            context.result is None
            and context.graphql_document is not None
            and context.operation_type is not OperationType.SUBSCRIPTION
        ):
            limit = self._limit()
            cost = operation_cost(
                # strawberry keeps graphql-core's schema here; no public accessor exists.
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
            )
            if (context.operation_extensions or {}).get("cost") is True:
                self._report = {"estimated": cost, "max": limit}
            if cost > limit:
                error = QueryTooCostly(cost, limit)
                # A result set here replaces execution; DomainErrorFormatter renders it.
                context.result = GraphQLExecutionResult(
                    data=None, errors=[GraphQLError(error.message, original_error=error)]
                )
        yield

    def get_results(self) -> dict[str, Any]:
        """``extensions.cost`` for requests that asked for it."""
        return {"cost": self._report} if self._report is not None else {}

    def _limit(self) -> int:
        if self._max_cost is not None:
            return self._max_cost
        limit: int = self.execution_context.context.state.settings.graphql_max_cost
        return limit
