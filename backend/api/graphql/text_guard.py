"""Refuses unstorable text (NUL, lone surrogates) anywhere in an operation's input.

One check before execution covers every argument of every field, literal or variable,
so no resolver, filter or service can pass such text to PostgreSQL (where it is a
server error). The answer is one top-level INVALID error naming each offending
argument path (``input.name``, ``$filter.text``).
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from backend.core.errors import Invalid
from backend.core.text import invalid_text, require_storable, unstorable_at, unstorable_paths
from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    Visitor,
    visit,
)
from graphql import ExecutionResult as GraphQLExecutionResult


class TextInputGuard(SchemaExtension):
    """Sets an INVALID result instead of executing when any input text is unstorable."""

    def on_execute(self) -> Iterator[None]:
        """Check the variables and the document's literal strings."""
        context = self.execution_context
        if context.result is None and context.graphql_document is not None:
            try:
                require_storable({f"${k}": v for k, v in (context.variables or {}).items()})
                if _may_hold_unstorable(context.query):
                    _check_literals(context.graphql_document)
            except Invalid as error:
                # A result set here replaces execution; DomainErrorFormatter renders it.
                context.result = GraphQLExecutionResult(
                    data=None, errors=[GraphQLError(error.message, original_error=error)]
                )
        yield


def _may_hold_unstorable(query: str | None) -> bool:
    """Whether a literal of ``query`` could hold NUL or a lone surrogate: only as the raw
    character or as a ``\\u`` escape. Nearly every request has neither, so the document
    is walked only when it might (this runs on every request)."""
    return query is None or "\\u" in query or unstorable_at(query) is not None


def _check_literals(document: DocumentNode) -> None:
    collector = _LiteralCollector()
    visit(document, collector)
    if collector.bad:
        raise invalid_text(collector.bad)


def _literal_paths(node: ValueNode, path: str) -> Iterator[str]:
    if isinstance(node, StringValueNode):
        yield from unstorable_paths(node.value, path)
    elif isinstance(node, ListValueNode):
        for index, item in enumerate(node.values):
            yield from _literal_paths(item, f"{path}[{index}]")
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _literal_paths(field.value, f"{path}.{field.name.value}")


class _LiteralCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_args: object) -> None:
        self.bad.extend(_literal_paths(node.value, node.name.value))
