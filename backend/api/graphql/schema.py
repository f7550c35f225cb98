"""The strawberry schema: one Query and one Mutation merged from the domain folders."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from backend.api.graphql.auth.mutations import AuthMutations
from backend.api.graphql.errors import ERROR_TYPES, EXCEPTION_HANDLERS, DomainErrorFormatter
from backend.api.graphql.companies.resolvers import CompanyMutations, CompanyQueries
from backend.api.graphql.files.mutations import FileMutations
from backend.api.graphql.files.queries import FileQueries
from backend.api.graphql.files.subscriptions import FileSubscriptions
from backend.api.graphql.tenancy.queries import TenancyQueries
from backend.api.graphql.users.queries import UserQueries

# One line per domain folder.
Query = merge_types(
    "Query",
    (
        UserQueries,
        TenancyQueries,
        CompanyQueries,
        FileQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutations,
        CompanyMutations,
        FileMutations,
    ),
)
Subscription = merge_types(
    "Subscription",
    (FileSubscriptions,),
)


class Schema(strawberry.Schema):
    """Errors are logged once, by DomainErrorFormatter, not by strawberry's default logger."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Do nothing here (see DomainErrorFormatter)."""


def build_schema() -> Schema:
    """The product's GraphQL schema with its limits and error handling."""
    # Factories, not instances: strawberry builds fresh extensions per request.
    extensions: list[Any] = [
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        lambda: QueryDepthLimiter(max_depth=12),
        lambda: MaxAliasesLimiter(max_alias_count=30),
        lambda: MaxTokensLimiter(max_token_count=4000),
        DomainErrorFormatter,
    ]
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=ERROR_TYPES,
        extensions=extensions,
        exception_handlers=EXCEPTION_HANDLERS,
        config=StrawberryConfig(auto_camel_case=True),
    )


schema = build_schema()
