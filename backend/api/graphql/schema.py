"""The strawberry schema: one Query and one Mutation merged from the domain folders."""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from backend.api.graphql.apiclients.mutations import ApiClientMutations
from backend.api.graphql.apiclients.queries import ApiClientQueries
from backend.api.graphql.audit.queries import AuditQueries
from backend.api.graphql.auth.mutations import AuthMutations
from backend.api.graphql.auth.totp import TotpMutations, TotpQueries
from backend.api.graphql.companies.resolvers import CompanyMutations, CompanyQueries
from backend.api.graphql.context import ReleaseRequestData
from backend.api.graphql.cost import CostLimiter
from backend.api.graphql.documents.queries import DocumentQueries
from backend.api.graphql.errors import ERROR_TYPES, EXCEPTION_HANDLERS, DomainErrorFormatter
from backend.api.graphql.exports.mutations import ExportMutations
from backend.api.graphql.exports.queries import ExportQueries
from backend.api.graphql.files.mutations import FileMutations
from backend.api.graphql.files.queries import FileQueries
from backend.api.graphql.files.subscriptions import FileSubscriptions
from backend.api.graphql.node import NodeQueries
from backend.api.graphql.reconciliations.mutations import ReconciliationMutations
from backend.api.graphql.reconciliations.queries import ReconciliationQueries, ReviewBandQueries
from backend.api.graphql.reconciliations.subscriptions import ReconciliationSubscriptions
from backend.api.graphql.relay import SCALARS
from backend.api.graphql.reports.queries import ReportQueries
from backend.api.graphql.rules.resolvers import RuleMutations, RuleQueries
from backend.api.graphql.search.queries import SearchQueries
from backend.api.graphql.support.extension import SupportAuditExtension
from backend.api.graphql.support.mutations import SupportMutations
from backend.api.graphql.support.queries import SupportQueries
from backend.api.graphql.tenancy.mutations import BankAccountMutations
from backend.api.graphql.tenancy.queries import TenancyQueries
from backend.api.graphql.text_guard import TextInputGuard
from backend.api.graphql.transactions.queries import TransactionQueries
from backend.api.graphql.users.members import MemberMutations, MemberQueries
from backend.api.graphql.users.queries import UserQueries
from backend.api.graphql.webhooks.mutations import WebhookMutations
from backend.api.graphql.webhooks.queries import WebhookQueries
from backend.api.ratelimit import GraphQLRateLimit
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule

# One line per domain folder.
Query = merge_types(
    "Query",
    (
        NodeQueries,
        UserQueries,
        MemberQueries,
        TenancyQueries,
        CompanyQueries,
        FileQueries,
        DocumentQueries,
        TransactionQueries,
        ReconciliationQueries,
        ReviewBandQueries,
        RuleQueries,
        AuditQueries,
        SearchQueries,
        ReportQueries,
        ApiClientQueries,
        TotpQueries,
        ExportQueries,
        WebhookQueries,
        SupportQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutations,
        CompanyMutations,
        BankAccountMutations,
        MemberMutations,
        FileMutations,
        ReconciliationMutations,
        RuleMutations,
        ApiClientMutations,
        TotpMutations,
        ExportMutations,
        WebhookMutations,
        SupportMutations,
    ),
)
Subscription = merge_types(
    "Subscription",
    (
        FileSubscriptions,
        ReconciliationSubscriptions,
    ),
)


class Schema(strawberry.Schema):
    """Errors are logged once, by DomainErrorFormatter, not by strawberry's default logger."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Do nothing here (see DomainErrorFormatter)."""


_DOCUMENT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
]
# GRAPHQL_EXPLORER off (production default): __schema and __type are refused.
_CLOSED_DOCUMENT_RULES = [*_DOCUMENT_RULES, NoSchemaIntrospectionCustomRule]


def build_schema(*, explorer: bool = True) -> Schema:
    """The product's GraphQL schema with its limits and error handling.

    ``explorer=False`` refuses introspection; DomainErrorFormatter drops "did you mean"
    suggestions by the same setting (docs/security.md).
    """
    rules = _DOCUMENT_RULES if explorer else _CLOSED_DOCUMENT_RULES
    # Factories, not instances: strawberry builds fresh extensions per request.
    extensions: list[Any] = [
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        # One set of rule classes for the process: a new class per request would change
        # ValidationCache's key every time, and the cache would never hit.
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=4000),
        # Before execution, in this order: charge the caller's rate limit, then price the
        # operation (docs/limits.md).
        GraphQLRateLimit,
        CostLimiter,
        TextInputGuard,
        DomainErrorFormatter,
        SupportAuditExtension,
        ReleaseRequestData,
    ]
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=ERROR_TYPES,
        extensions=extensions,
        exception_handlers=EXCEPTION_HANDLERS,
        config=StrawberryConfig(
            auto_camel_case=True, scalar_map=SCALARS, disable_field_suggestions=not explorer
        ),
    )


schema = build_schema()
"""The full schema: what graphql/schema.graphql exports and development serves."""


@functools.cache
def closed_schema() -> Schema:
    """The schema with introspection refused (built once, only where it is served)."""
    return build_schema(explorer=False)
