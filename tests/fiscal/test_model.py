"""The fast constructors build exactly what the dataclass constructors build."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from backend.fiscal.model import (
    Address,
    Billing,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Item,
    Party,
    Protocol,
    Service,
    SignatureStatus,
    Status,
    Tax,
    Totals,
    Transport,
    new_address,
    new_fiscal_document,
    new_item,
    new_party,
    new_tax,
    new_totals,
)

_TAX = Tax("icms", "ICMS00", "00", Decimal("10.00"), Decimal("18.00"), Decimal("1.80"))
_PARTY = Party("12345678000195", "cnpj", "ANA LTDA")


def _distinct_values(cls: type) -> dict[str, Any]:
    """A value per field that differs from its default, so a field left unset shows."""
    samples: dict[str, Any] = {
        "kind": DocumentKind.NFCE if cls is FiscalDocument else "pis",
        "number": 7 if cls is Item else "7",
        "issued_at": datetime(2026, 9, 1, 10, tzinfo=timezone(timedelta(hours=-3))),
        "exit_at": datetime(2026, 9, 2, 10, tzinfo=timezone(timedelta(hours=-3))),
        "emitter": _PARTY,
        "receiver": Party("98765432000198", "cnpj"),
        "address": Address(street="Rua A"),
        "totals": Totals(Decimal("1.80")),
        "status": Status.CANCELLED,
        "other_parties": (("payer", _PARTY),),
        "items": (Item(1),),
        "taxes": (_TAX,),
        "billing": Billing("1"),
        "installments": (),
        "payments": (),
        "transport": Transport("9"),
        "protocol": Protocol("1", "100"),
        "service": Service(code="1.01"),
        "signature": SignatureStatus.VALID,
        "warnings": (DocumentWarning("W", "m"),),
    }
    values: dict[str, Any] = {}
    for number, field in enumerate(fields(cls), 1):
        if field.name in samples:
            values[field.name] = samples[field.name]
        elif "Decimal" in str(field.type):
            values[field.name] = Decimal(number).scaleb(-2)
        else:
            values[field.name] = f"{field.name}-{number}"
    return values


@pytest.mark.parametrize(
    ("cls", "build"),
    [
        (Tax, new_tax),
        (Item, new_item),
        (Address, new_address),
        (Party, new_party),
        (Totals, new_totals),
        (FiscalDocument, new_fiscal_document),
    ],
    ids=lambda item: getattr(item, "__name__", ""),
)
def test_fast_constructor_matches_the_dataclass(cls: type, build: Any) -> None:
    values = _distinct_values(cls)
    fast = build(**values)
    assert type(fast) is cls
    assert fast == cls(**values)
    assert hash(fast) == hash(cls(**values))
    assert repr(fast) == repr(cls(**values))
    for field in fields(cls):
        assert getattr(fast, field.name) == values[field.name], field.name
    with pytest.raises(FrozenInstanceError):
        setattr(fast, fields(cls)[0].name, None)


def test_fast_constructor_defaults_match() -> None:
    assert new_tax("ii") == Tax("ii")
    assert new_item(1) == Item(1)
    assert new_address() == Address()
    assert new_party() == Party()
    assert new_totals(Decimal(1)) == Totals(Decimal(1))
    parts = (DocumentKind.NFE, "nfe-4.00", None, "1", "1", None, _PARTY, None, Totals(Decimal(1)))
    assert new_fiscal_document(*parts) == FiscalDocument(*parts)
