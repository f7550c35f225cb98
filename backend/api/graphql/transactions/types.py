"""GraphQL types for bank and ledger transactions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.context import Info
from backend.api.graphql.enums import EntryKindEnum, OpenItemStatusEnum, TransactionTypeEnum
from backend.api.graphql.prefetch import Prefetched
from backend.api.graphql.relay import (
    Connection,
    Money,
    Node,
    money,
    optional_money,
    to_global_id,
)
from backend.statements.model import EntryKind, TransactionType
from backend.transactions.models import Transaction

if TYPE_CHECKING:
    from backend.api.graphql.files.types import FileType
    from backend.api.graphql.reconciliations.types import ReconciliationType
    from backend.api.graphql.tenancy.types import BankAccountType

_Reconciliation = Annotated[
    "ReconciliationType", strawberry.lazy("backend.api.graphql.reconciliations.types")
]
_BankAccount = Annotated["BankAccountType", strawberry.lazy("backend.api.graphql.tenancy.types")]
_File = Annotated["FileType", strawberry.lazy("backend.api.graphql.files.types")]

_TYPES = frozenset(t.value for t in TransactionType)
_ENTRY_KINDS = frozenset(k.value for k in EntryKind)


@strawberry.type
class Counterparty:
    """Who paid or was paid, as the memo or record names them."""

    document: str | None
    name: str | None


@strawberry.type(name="Transaction")
class BankTransactionType(Node):
    """A money movement on a bank, card or ledger account (credit positive)."""

    id: strawberry.ID
    posted_on: date
    amount: Money
    open_amount: Money
    currency: str
    description: str
    type: TransactionTypeEnum
    entry_kind: EntryKindEnum
    status: OpenItemStatusEnum
    counterparty: Counterparty
    references: JSON = strawberry.field(
        description="FITID, nosso número, Pix end-to-end id and txid, boleto line..."
    )
    fingerprint: str
    balance: Money | None
    created_at: datetime
    row: strawberry.Private[Transaction]
    # Rows a connection page fetched ahead (see backend/api/graphql/prefetch.py).
    prefetched: strawberry.Private[Prefetched | None] = None

    @classmethod
    def from_model(
        cls, transaction: Transaction, prefetched: Prefetched | None = None
    ) -> BankTransactionType:
        """From the table model (and what its page prefetched, if it was on one)."""
        kind = transaction.type if transaction.type in _TYPES else "other"
        return cls(
            id=to_global_id("Transaction", transaction.id),
            posted_on=transaction.posted_date,
            amount=money(transaction.amount),
            open_amount=money(transaction.open_amount),
            currency=transaction.currency,
            description=transaction.description,
            type=TransactionTypeEnum(kind),
            entry_kind=EntryKindEnum(
                transaction.entry_kind if transaction.entry_kind in _ENTRY_KINDS else "bank"
            ),
            status=OpenItemStatusEnum(transaction.status),
            counterparty=Counterparty(
                document=transaction.counterparty_tax_id, name=transaction.counterparty_name
            ),
            references=cast(JSON, transaction.external_refs),
            fingerprint=transaction.fingerprint,
            balance=optional_money(transaction.balance),
            created_at=transaction.created_at,
            row=transaction,
            prefetched=prefetched,
        )

    @strawberry.field
    async def bank_account(self, info: Info) -> _BankAccount | None:
        """The account it posted to."""
        from backend.api.graphql.tenancy.types import BankAccountType

        found = await info.context.loaders().bank_account.load(self.row.bank_account_id)
        return BankAccountType.from_model(found) if found else None

    @strawberry.field(description="The statement file it was first imported from.")
    async def file(self, info: Info) -> _File | None:
        """Batched per request."""
        from backend.api.graphql.files.types import FileType

        if self.row.file_id is None:
            return None
        found = await info.context.loaders().file.load(self.row.file_id)
        return FileType.from_model(found) if found else None

    # Async even when prefetched, like a document's lists (why: the module docstring of
    # backend/api/graphql/prefetch.py); below it, resolvers answer synchronously.
    @strawberry.field(description="Matches and suggestions that hold this transaction.")
    async def reconciliations(self, info: Info) -> list[_Reconciliation]:
        """Prefetched with a page of transactions, else batched per request."""
        from backend.api.graphql.reconciliations.types import ReconciliationType

        prefetched = self.prefetched
        rows = prefetched.reconciliations_of_transaction.get(self.row.id) if prefetched else None
        if rows is None:
            rows = await info.context.loaders().reconciliations_of_transaction.load(self.row.id)
        return [ReconciliationType.from_model(r, prefetched) for r in rows]


TransactionConnection = Connection[BankTransactionType]
