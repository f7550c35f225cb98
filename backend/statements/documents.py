"""CNPJ and CPF: check digits, including the alphanumeric CNPJ introduced in July 2026."""

from __future__ import annotations

from functools import lru_cache

_CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _mod11(values: list[int], weights: tuple[int, ...]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def is_valid_cnpj(value: str) -> bool:
    """14 characters: 12 alphanumeric (value = ASCII code - 48) and 2 check digits."""
    if len(value) != 14 or not value[12:].isdigit() or not value.isascii():
        return False
    if not value[:12].isalnum() or value[:12] != value[:12].upper() or len(set(value)) == 1:
        return False
    values = [ord(ch) - 48 for ch in value[:12]]
    first = _mod11(values, _CNPJ_WEIGHTS_1)
    second = _mod11([*values, first], _CNPJ_WEIGHTS_2)
    return value[12:] == f"{first}{second}"


def is_valid_cpf(value: str) -> bool:
    """11 digits with two mod-11 check digits; repeated digits are rejected."""
    if len(value) != 11 or not value.isdigit() or len(set(value)) == 1:
        return False
    digits = [int(ch) for ch in value]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits[:size], range(size + 1, 1, -1), strict=True))
        check = (total * 10) % 11 % 10
        if digits[size] != check:
            return False
    return True


@lru_cache(maxsize=8192)
def normalise_document(value: str) -> str | None:
    """Strip punctuation; return the CNPJ/CPF when its check digits hold, else None."""
    compact = "".join(ch for ch in value if ch.isalnum()).upper()
    if len(compact) == 14 and is_valid_cnpj(compact):
        return compact
    if len(compact) == 11 and is_valid_cpf(compact):
        return compact
    if len(compact) == 15 and compact.startswith("0"):
        # CNAB pads the 14-character CNPJ to 15 positions.
        return normalise_document(compact[1:])
    return None
