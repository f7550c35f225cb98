"""GraphQL types for reconciliations (matches, suggestions, rejections) and their sides."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import DecidedByEnum, ReconciliationStatusEnum
from backend.api.graphql.prefetch import MaybeAwaitable, Prefetched, prefetched_or_loaded
from backend.api.graphql.relay import Connection, Money, Node, money, to_global_id
from backend.reconciliations.models import Reconciliation, ReconciliationItem

if TYPE_CHECKING:
    from backend.api.graphql.documents.types import DocumentType, InstallmentType
    from backend.api.graphql.rules.types import RuleType
    from backend.api.graphql.transactions.types import BankTransactionType

_Document = Annotated["DocumentType", strawberry.lazy("backend.api.graphql.documents.types")]
_Installment = Annotated["InstallmentType", strawberry.lazy("backend.api.graphql.documents.types")]
_Transaction = Annotated[
    "BankTransactionType", strawberry.lazy("backend.api.graphql.transactions.types")
]
_Rule = Annotated["RuleType", strawberry.lazy("backend.api.graphql.rules.types")]
SideT = TypeVar("SideT")


@strawberry.type
class Reason:
    """Why the engine (or a person) linked these items: a code and a sentence."""

    code: str
    message: str


@strawberry.type
class DocumentSide:
    """A document (or one installment of it) and the amount this reconciliation allocates."""

    amount: Money
    row: strawberry.Private[ReconciliationItem]

    # Async on purpose, like a document's lists (why: the module docstring of
    # backend/api/graphql/prefetch.py). A prefetching page primes these loaders.
    @strawberry.field
    async def document(self, info: Info) -> _Document | None:
        """The document."""
        from backend.api.graphql.documents.types import DocumentType

        if self.row.document_id is None:
            return None
        found = await info.context.loaders().document.load(self.row.document_id)
        return DocumentType.from_model(found) if found else None

    @strawberry.field
    async def installment(self, info: Info) -> _Installment | None:
        """The installment, when the match is per installment."""
        from backend.api.graphql.documents.types import InstallmentType

        if self.row.installment_id is None:
            return None
        found = await info.context.loaders().installment.load(self.row.installment_id)
        return InstallmentType.from_model(found) if found else None


@strawberry.type
class TransactionSide:
    """A transaction and the amount of it this reconciliation allocates."""

    amount: Money
    row: strawberry.Private[ReconciliationItem]
    # Rows a connection page fetched ahead (see backend/api/graphql/prefetch.py).
    prefetched: strawberry.Private[Prefetched | None] = None

    @strawberry.field(graphql_type=_Transaction | None)
    def transaction(self, info: Info) -> MaybeAwaitable[BankTransactionType | None]:
        """The transaction."""
        from backend.api.graphql.transactions.types import BankTransactionType

        transaction_id = self.row.transaction_id
        if transaction_id is None:
            return None
        return prefetched_or_loaded(
            self.prefetched.transactions.get(transaction_id) if self.prefetched else None,
            lambda: info.context.loaders().transaction.load(transaction_id),
            lambda found: BankTransactionType.from_model(found) if found else None,
        )


@strawberry.type(name="Reconciliation")
class ReconciliationType(Node):
    """Documents joined with transactions: matched, suggested (awaiting review) or rejected."""

    id: strawberry.ID
    status: ReconciliationStatusEnum
    score: Decimal = strawberry.field(description="0 to 1: how sure the engine is.")
    reasons: list[Reason]
    difference: Money = strawberry.field(description="Transactions minus documents.")
    decided_by: DecidedByEnum
    decided_at: datetime | None
    created_at: datetime
    row: strawberry.Private[Reconciliation]
    # Rows a connection page fetched ahead (see backend/api/graphql/prefetch.py).
    prefetched: strawberry.Private[Prefetched | None] = None

    @classmethod
    def from_model(
        cls, reconciliation: Reconciliation, prefetched: Prefetched | None = None
    ) -> ReconciliationType:
        """From the table model (and what its page prefetched, if it was on one)."""
        return cls(
            id=to_global_id("Reconciliation", reconciliation.id),
            status=ReconciliationStatusEnum(reconciliation.status),
            score=reconciliation.score,
            reasons=[
                Reason(code=r.get("code", ""), message=r.get("message", ""))
                for r in reconciliation.reasons
            ],
            difference=money(reconciliation.difference_amount),
            decided_by=DecidedByEnum(reconciliation.decided_by),
            decided_at=reconciliation.decided_at,
            created_at=reconciliation.created_at,
            row=reconciliation,
            prefetched=prefetched,
        )

    def _items(
        self, info: Info, convert: Callable[[list[ReconciliationItem]], list[SideT]]
    ) -> MaybeAwaitable[list[SideT]]:
        prefetched = self.prefetched
        reconciliation_id = self.row.id
        return prefetched_or_loaded(
            prefetched.items_of_reconciliation.get(reconciliation_id) if prefetched else None,
            lambda: info.context.loaders().items_of_reconciliation.load(reconciliation_id),
            convert,
        )

    @strawberry.field(graphql_type=list[DocumentSide])
    def documents(self, info: Info) -> MaybeAwaitable[list[DocumentSide]]:
        """The document side."""
        return self._items(
            info,
            lambda items: [
                DocumentSide(amount=money(i.amount), row=i) for i in items if i.side == "document"
            ],
        )

    @strawberry.field(graphql_type=list[TransactionSide])
    def transactions(self, info: Info) -> MaybeAwaitable[list[TransactionSide]]:
        """The transaction side."""
        return self._items(
            info,
            lambda items: [
                TransactionSide(amount=money(i.amount), row=i, prefetched=self.prefetched)
                for i in items
                if i.side == "transaction"
            ],
        )

    @strawberry.field(description="The tenant rule that decided it, if one did.")
    async def rule(self, info: Info) -> _Rule | None:
        """Batched per request."""
        from backend.api.graphql.rules.types import RuleType

        if self.row.rule_id is None:
            return None
        found = await info.context.loaders().rule.load(self.row.rule_id)
        return RuleType.from_model(found) if found else None


ReconciliationConnection = Connection[ReconciliationType]


@strawberry.type
class ReviewCandidate:
    """An open item that could be reconciled with the one searched from: an installment
    (for a bank line) or a bank line (for an installment)."""

    amount_difference: Money = strawberry.field(
        description="Against the searched item's open amount."
    )
    days_apart: int | None = strawberry.field(
        description="From the bank line's date to the installment's due date (null: no due date)."
    )
    installment_id: strawberry.Private[uuid.UUID | None]
    transaction_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field
    async def installment(self, info: Info) -> _Installment | None:
        """The open installment (candidates for a bank line)."""
        from backend.api.graphql.documents.types import InstallmentType

        if self.installment_id is None:
            return None
        found = await info.context.loaders().installment.load(self.installment_id)
        return InstallmentType.from_model(found) if found else None

    @strawberry.field
    async def transaction(self, info: Info) -> _Transaction | None:
        """The open bank line (candidates for an installment)."""
        from backend.api.graphql.transactions.types import BankTransactionType

        if self.transaction_id is None:
            return None
        found = await info.context.loaders().transaction.load(self.transaction_id)
        return BankTransactionType.from_model(found) if found else None
