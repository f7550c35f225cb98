"""Brazilian identifiers: CNPJ (numeric and alphanumeric), CPF and the 44-digit access key.

All functions take raw strings (with or without punctuation) and never raise on bad input:
validators return ``False`` and ``parse_access_key`` returns ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import cycle, islice
from operator import mul

# The alphanumeric CNPJ (IN RFB 2.229/2024, from July 2026) keeps 14 positions: 12 of
# [0-9A-Z] and two numeric check digits. Each character weighs ord(c) - 48, which keeps
# the old numeric CNPJ valid under the same rule.
_CNPJ_RE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_PUNCTUATION = re.compile(r"[\s./\-]")
_KEY_RE = re.compile(r"[0-9]{6}[0-9A-Z]{14}[0-9]{24}")
# The national NFS-e key: municipality (IBGE, 7), generating environment (1 municipality,
# 2 national system), registration type (1 CPF, 2 CNPJ), provider's CNPJ or CPF (14, the
# CNPJ possibly alphanumeric), NFS-e number (13), year and month (4), random code (9) and a
# mod-11 check digit computed like the 44-digit access key's.
_NATIONAL_NFSE_KEY = re.compile(r"[0-9]{7}[12][12][0-9A-Z]{12}[0-9]{17}(?:0[1-9]|1[0-2])[0-9]{10}")
_CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2 = (6, *_CNPJ_WEIGHTS_1)
_KEY_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)


def strip_document(value: str) -> str:
    """Remove the usual punctuation (dots, slash, dash, spaces) and upper-case letters."""
    return _PUNCTUATION.sub("", value).upper()


def _cnpj_digit(body: str, weights: tuple[int, ...]) -> int:
    total = sum((ord(char) - 48) * weight for char, weight in zip(body, weights, strict=True))
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def cnpj_check_digits(base: str) -> str:
    """The two check digits for a 12-character CNPJ base (numeric or alphanumeric)."""
    first = _cnpj_digit(base, _CNPJ_WEIGHTS_1)
    second = _cnpj_digit(base + str(first), _CNPJ_WEIGHTS_2)
    return f"{first}{second}"


def is_valid_cnpj(value: str) -> bool:
    """True for a CNPJ with valid check digits, numeric or alphanumeric, punctuated or not."""
    cnpj = strip_document(value)
    if not _CNPJ_RE.fullmatch(cnpj) or cnpj == cnpj[0] * 14:
        return False
    return cnpj[12:] == cnpj_check_digits(cnpj[:12])


def _cpf_digit(body: str) -> int:
    weight = len(body) + 1
    total = sum(int(char) * (weight - index) for index, char in enumerate(body))
    remainder = (total * 10) % 11
    return 0 if remainder == 10 else remainder


def cpf_check_digits(base: str) -> str:
    """The two check digits for a 9-digit CPF base."""
    first = _cpf_digit(base)
    return f"{first}{_cpf_digit(base + str(first))}"


def is_valid_cpf(value: str) -> bool:
    """True for an 11-digit CPF with valid check digits (repeated digits are invalid)."""
    cpf = strip_document(value)
    if len(cpf) != 11 or not cpf.isdigit() or cpf == cpf[0] * 11:
        return False
    return cpf[9:] == cpf_check_digits(cpf[:9])


def access_key_check_digit(first_43: str) -> int:
    """Mod-11 check digit of an access key body (weights 2..9 from the right)."""
    # Each character weighs ord(c) - 48; summing ord(c) * weight in C and taking 48 times
    # the weights off afterwards avoids a Python loop over the 43 characters.
    weighted = sum(map(mul, map(ord, reversed(first_43)), cycle(_KEY_WEIGHTS)))
    total = weighted - 48 * sum(islice(cycle(_KEY_WEIGHTS), len(first_43)))
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


@dataclass(frozen=True, slots=True)
class AccessKey:
    """A decomposed chave de acesso (NF-e, NFC-e, CT-e, MDF-e share the layout)."""

    key: str
    uf_code: str
    year_month: str
    issuer: str
    model: str
    series: str
    number: str
    emission_type: str
    code: str
    check_digit: str

    @property
    def issuer_is_cpf(self) -> bool:
        """Issuers identified by CPF (e.g. rural producers) are stored as 000 + CPF."""
        return self.issuer.startswith("000") and is_valid_cpf(self.issuer[3:])


def is_valid_national_nfse_key(key: str) -> bool:
    """True for a well-formed national NFS-e key (50 characters) with a valid check digit."""
    return bool(_NATIONAL_NFSE_KEY.fullmatch(key)) and access_key_check_digit(key[:49]) == int(
        key[49]
    )


def parse_access_key(value: str) -> AccessKey | None:
    """Decompose a 44-character access key; ``None`` when the shape or check digit is wrong."""
    parts = split_access_key(value)
    if parts is None or int(parts.check_digit) != access_key_check_digit(parts.key[:43]):
        return None
    return parts


def split_access_key(value: str) -> AccessKey | None:
    """Decompose a 44-character access key without checking its check digit (``None`` when
    the shape is wrong): readers keep a key whose digit is wrong, with a warning."""
    key = strip_document(value)
    if len(key) != 44 or not _KEY_RE.fullmatch(key):
        return None
    return AccessKey(
        key=key,
        uf_code=key[0:2],
        year_month=key[2:6],
        issuer=key[6:20],
        model=key[20:22],
        series=key[22:25],
        number=key[25:34],
        emission_type=key[34],
        code=key[35:43],
        check_digit=key[43],
    )


def is_valid_access_key(value: str) -> bool:
    """True for a well-formed 44-character access key with a correct check digit."""
    return parse_access_key(value) is not None


def build_access_key(
    *,
    uf_code: str,
    year_month: str,
    issuer: str,
    model: str,
    series: int,
    number: int,
    emission_type: str,
    code: str,
) -> str:
    """Assemble a valid access key from its parts (used by generators and tests)."""
    body = f"{uf_code:0>2}{year_month}{issuer:0>14}{model:0>2}{series:03d}{number:09d}"
    body += f"{emission_type}{code:0>8}"
    return body + str(access_key_check_digit(body))


def format_tax_id(value: str) -> str:
    """CNPJ (alphanumeric too) as ``11.222.333/0001-81``, CPF as ``123.456.789-09``;
    anything else as given. The same spelling in every locale (the Receita's)."""
    if len(value) == 14 and value.isalnum():
        return f"{value[:2]}.{value[2:5]}.{value[5:8]}/{value[8:12]}-{value[12:]}"
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}.{value[3:6]}.{value[6:9]}-{value[9:]}"
    return value


def format_access_key(value: str) -> str:
    """An access key in groups of four characters, as printed on the DANFE."""
    if not value.isalnum():
        return value
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
