"""GraphQL types of the organization's accounts."""

from __future__ import annotations

import strawberry

from backend.api.graphql.relay import Node, to_global_id
from backend.tenancy.models import BankAccount


@strawberry.type(name="BankAccount")
class BankAccountType(Node):
    """A bank, card or ledger account that transactions post to."""

    id: strawberry.ID
    kind: str
    name: str
    bank_code: str | None
    branch: str | None
    account_number: str | None
    account_digit: str | None
    ledger_code: str | None
    currency: str
    is_active: bool
    company_id: strawberry.ID | None

    @classmethod
    def from_model(cls, account: BankAccount) -> BankAccountType:
        """Build from the table model."""
        return cls(
            id=to_global_id("BankAccount", account.id),
            kind=account.kind,
            name=account.name,
            bank_code=account.bank_code,
            branch=account.branch,
            account_number=account.account_number,
            account_digit=account.account_digit,
            ledger_code=account.ledger_code,
            currency=account.currency,
            is_active=account.is_active,
            company_id=(
                to_global_id("Company", account.company_id) if account.company_id else None
            ),
        )
