"""The name an account gets when a statement introduces it: unknown parts left out."""

from __future__ import annotations

import uuid

import pytest

from backend.statements.model import Account, AccountKind
from backend.transactions.service import account_row


@pytest.mark.parametrize(
    ("account", "name"),
    [
        (Account(AccountKind.CHECKING, "341", "1234", "12345", "6"), "341 1234/12345-6"),
        (Account(AccountKind.CHECKING, "341", None, "12345", "6"), "341 12345-6"),
        (Account(AccountKind.CHECKING, "341", "1234", None, None), "341 1234"),
        (Account(AccountKind.CHECKING, None, "1234", "12345", None), "1234/12345"),
        (Account(AccountKind.CHECKING, "341", None, None, None), "341"),
        (Account(AccountKind.UNKNOWN), "Conta sem identificação"),
        (Account(AccountKind.LEDGER, ledger_code="1.1.01"), "Conta contábil 1.1.01"),
    ],
)
def test_account_name_omits_unknown_parts(account: Account, name: str) -> None:
    assert account_row(account, uuid.uuid4())["name"] == name
