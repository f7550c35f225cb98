"""The fast constructors build exactly what the dataclass constructors build."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.statements.model import (
    Account,
    AccountKind,
    CnabTitle,
    Counterparty,
    EntryKind,
    References,
    SourceFormat,
    SourceRef,
    Transaction,
    TransactionType,
    new_cnab_title,
    new_references,
    new_source_ref,
    new_transaction,
)

ACCOUNT = Account(AccountKind.CHECKING, "341", "0001", "12345", "6")
SOURCE = SourceRef(SourceFormat.OFX, 12, 3)


def _distinct_values(cls: type) -> dict[str, Any]:
    """A value per field that differs from its default, so a field left unset shows."""
    samples: dict[str, Any] = {
        "kind": EntryKind.COLLECTION,
        "account": ACCOUNT,
        "posted_on": date(2026, 9, 1),
        "currency": "BRL",
        "description": "PIX RECEBIDO",
        "type": TransactionType.PIX,
        "counterparty": Counterparty("ANA", "12345678000195"),
        "references": References(fitid="F1"),
        "fingerprint": "f" * 32,
        "source": SOURCE,
        "scheduled": True,
        "statement_index": 4,
        "occurrence_code": "06",
        "occurrence_meaning": "Liquidação",
        "liquidated": True,
        "reasons": ("A1",),
        "format": SourceFormat.CNAB240,
        "line": 7,
        "record": 2,
    }
    values: dict[str, Any] = {}
    for number, field in enumerate(fields(cls), 1):
        if field.name in samples:
            values[field.name] = samples[field.name]
        elif "Decimal" in str(field.type):
            values[field.name] = Decimal(number).scaleb(-2)
        elif "date" in str(field.type):
            values[field.name] = date(2026, 9, number)
        else:
            values[field.name] = f"{field.name}-{number}"
    return values


@pytest.mark.parametrize(
    ("cls", "build"),
    [
        (Transaction, new_transaction),
        (CnabTitle, new_cnab_title),
        (References, new_references),
        (SourceRef, new_source_ref),
    ],
    ids=lambda item: getattr(item, "__name__", ""),
)
def test_fast_constructor_matches_the_dataclass(cls: type, build: Any) -> None:
    values = _distinct_values(cls)
    fast = build(**values)
    assert type(fast) is cls
    assert fast == cls(**values)
    assert hash(fast) == hash(cls(**values))
    for field in fields(cls):
        assert getattr(fast, field.name) == values[field.name], field.name
    name = fields(cls)[0].name
    with pytest.raises(FrozenInstanceError):
        setattr(fast, name, None)


def test_fast_constructor_defaults_match() -> None:
    assert new_references() == References()
    assert new_source_ref(SourceFormat.CSV, 3) == SourceRef(SourceFormat.CSV, 3)
    title = new_cnab_title(EntryKind.COLLECTION, ACCOUNT, "02", None, False, SOURCE)
    assert title == CnabTitle(EntryKind.COLLECTION, ACCOUNT, "02", None, False, SOURCE)
