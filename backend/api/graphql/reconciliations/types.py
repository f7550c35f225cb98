"""GraphQL types for reconciliations (matches, suggestions, rejections) and their sides."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.enums import DecidedByEnum, ReconciliationStatusEnum
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

    @strawberry.field
    async def transaction(self, info: Info) -> _Transaction | None:
        """The transaction."""
        from backend.api.graphql.transactions.types import BankTransactionType

        if self.row.transaction_id is None:
            return None
        found = await info.context.loaders().transaction.load(self.row.transaction_id)
        return BankTransactionType.from_model(found) if found else None


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

    @classmethod
    def from_model(cls, reconciliation: Reconciliation) -> ReconciliationType:
        """From the table model."""
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
        )

    @strawberry.field
    async def documents(self, info: Info) -> list[DocumentSide]:
        """The document side."""
        items = await info.context.loaders().items_of_reconciliation.load(self.row.id)
        return [DocumentSide(amount=money(i.amount), row=i) for i in items if i.side == "document"]

    @strawberry.field
    async def transactions(self, info: Info) -> list[TransactionSide]:
        """The transaction side."""
        items = await info.context.loaders().items_of_reconciliation.load(self.row.id)
        return [
            TransactionSide(amount=money(i.amount), row=i) for i in items if i.side == "transaction"
        ]

    @strawberry.field(description="The tenant rule that decided it, if one did.")
    async def rule(self, info: Info) -> _Rule | None:
        """Batched per request."""
        from backend.api.graphql.rules.types import RuleType

        if self.row.rule_id is None:
            return None
        found = await info.context.loaders().rule.load(self.row.rule_id)
        return RuleType.from_model(found) if found else None


ReconciliationConnection = Connection[ReconciliationType]
