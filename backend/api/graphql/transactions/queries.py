"""transactions connection and the Transaction node loader."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import (
    EntryKindEnum,
    OpenItemStatusEnum,
    TransactionSortEnum,
    TransactionTypeEnum,
)
from backend.api.graphql.prefetch import page_prefetch, prefetch_transactions
from backend.api.graphql.relay import (
    Money,
    SortDirection,
    from_global_id,
    node_loader,
    page_request,
    resolve_connection,
)
from backend.api.graphql.transactions.types import BankTransactionType, TransactionConnection
from backend.transactions import queries
from backend.transactions.filters import TransactionFilter, TransactionSort


@strawberry.input
class TransactionFilterInput:
    """Narrow the transactions list; every field is optional and they combine with AND."""

    status: list[OpenItemStatusEnum] | None = None
    type: list[TransactionTypeEnum] | None = None
    entry_kind: list[EntryKindEnum] | None = None
    bank_account_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    counterparty: str | None = strawberry.field(
        default=None, description="CNPJ/CPF (any punctuation) or part of the name."
    )
    posted_from: date | None = None
    posted_to: date | None = strawberry.field(default=None, description="Inclusive.")
    amount_min: Money | None = None
    amount_max: Money | None = None
    text: str | None = strawberry.field(
        default=None, description="Part of the memo or of the counterparty's name."
    )

    def to_filter(self) -> TransactionFilter:
        """As the repository's filter."""
        return TransactionFilter(
            statuses=tuple(s.value for s in self.status) if self.status else None,
            types=tuple(t.value for t in self.type) if self.type else None,
            entry_kinds=tuple(k.value for k in self.entry_kind) if self.entry_kind else None,
            bank_account_id=(
                from_global_id(self.bank_account_id, "BankAccount")
                if self.bank_account_id
                else None
            ),
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            counterparty=self.counterparty,
            posted_from=self.posted_from,
            posted_to=self.posted_to,
            amount_min=Decimal(self.amount_min) if self.amount_min is not None else None,
            amount_max=Decimal(self.amount_max) if self.amount_max is not None else None,
            text=self.text,
        )


@strawberry.type
class TransactionQueries:
    """Bank, card and ledger entries."""

    @strawberry.field(description="The organization's transactions, filtered and sorted.")
    async def transactions(
        self,
        info: Info,
        filter: TransactionFilterInput | None = None,
        sort: TransactionSortEnum = TransactionSort.POSTED_ON,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> TransactionConnection:
        """A page of transactions (at most 100)."""
        where = filter.to_filter() if filter else TransactionFilter()
        return await resolve_connection(
            info,
            lambda session, principal: queries.page_transactions(
                session,
                principal,
                where,
                TransactionSort(sort),
                descending=direction is SortDirection.DESC,
                request=page_request(first, after, last, before),
            ),
            lambda session: queries.count_transactions(session, where),
            BankTransactionType.from_model,
            prefetch=page_prefetch(
                info.context.loaders, prefetch_transactions, BankTransactionType.from_model
            ),
        )


@node_loader("Transaction")
async def load_transaction(info: Info, row_id: uuid.UUID) -> BankTransactionType | None:
    """node(id) for transactions."""
    found = await info.context.loaders().transaction.load(row_id)
    return BankTransactionType.from_model(found) if found else None
