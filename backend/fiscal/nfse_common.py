"""Pieces shared by the NFS-e layouts."""

from __future__ import annotations

from decimal import Decimal

from backend.fiscal.model import Tax

_ZERO = Decimal(0)


def withholding_taxes(values: dict[str, Decimal | None]) -> tuple[Tax, ...]:
    """Federal withholdings (kind -> amount) as Tax values, skipping absent ones."""
    return tuple(
        Tax(kind=kind, group="withholding", amount=amount)
        for kind, amount in values.items()
        if amount is not None
    )


def total_of(taxes: tuple[Tax, ...]) -> Decimal | None:
    """Sum of the tax amounts, ``None`` when there are none."""
    if not taxes:
        return None
    return sum((tax.amount or _ZERO for tax in taxes), _ZERO)
