"""createBankAccount, updateBankAccount, deleteBankAccount (admins)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import from_global_id
from backend.api.graphql.tenancy.types import BankAccountType
from backend.tenancy import bank_accounts


@strawberry.enum
class BankAccountKind(Enum):
    """A bank (checking/savings), a credit card, or a ledger (chart of accounts) account."""

    BANK = "bank"
    CARD = "card"
    LEDGER = "ledger"


@strawberry.input
class BankAccountInput:
    """Bank accounts need COMPE code, branch and number; ledger accounts their code."""

    kind: BankAccountKind
    name: str
    bank_code: str | None = None
    branch: str | None = None
    account_number: str | None = None
    account_digit: str | None = None
    ledger_code: str | None = None
    company_id: strawberry.ID | None = None
    is_active: bool = True

    def to_service(self) -> bank_accounts.BankAccountInput:
        """As the service's input."""
        return bank_accounts.BankAccountInput(
            kind=self.kind.value,
            name=self.name,
            bank_code=self.bank_code,
            branch=self.branch,
            account_number=self.account_number,
            account_digit=self.account_digit,
            ledger_code=self.ledger_code,
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            is_active=self.is_active,
        )


@strawberry.type
class BankAccountSuccess:
    """The account as saved."""

    bank_account: BankAccountType


@strawberry.type
class DeleteBankAccountSuccess:
    """Removed, or (with transactions) deactivated."""

    id: strawberry.ID
    deleted: bool = strawberry.field(
        description="False: it had transactions, so it was deactivated."
    )


BankAccountResult = Annotated[
    BankAccountSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("BankAccountResult"),
]
DeleteBankAccountResult = Annotated[
    DeleteBankAccountSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("DeleteBankAccountResult"),
]


@strawberry.type
class BankAccountMutations:
    """Managing accounts; statement imports also create them."""

    @strawberry.mutation(description="Add an account before any statement names it.")
    async def create_bank_account(
        self,
        info: Info,
        input: BankAccountInput,
    ) -> BankAccountResult:
        """Audited."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            account = await bank_accounts.create_bank_account(
                session, principal, input.to_service()
            )
            return BankAccountSuccess(bank_account=BankAccountType.from_model(account))

    @strawberry.mutation(description="Change an account.")
    async def update_bank_account(
        self,
        info: Info,
        id: strawberry.ID,
        input: BankAccountInput,
    ) -> BankAccountResult:
        """Audited with before and after."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            account = await bank_accounts.update_bank_account(
                session, principal, from_global_id(id, "BankAccount"), input.to_service()
            )
            return BankAccountSuccess(bank_account=BankAccountType.from_model(account))

    @strawberry.mutation(description="Remove an empty account, or deactivate one in use.")
    async def delete_bank_account(
        self,
        info: Info,
        id: strawberry.ID,
    ) -> DeleteBankAccountResult:
        """Transactions are never deleted with their account."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            deleted = await bank_accounts.delete_bank_account(
                session, principal, from_global_id(id, "BankAccount")
            )
        return DeleteBankAccountSuccess(id=id, deleted=deleted)
