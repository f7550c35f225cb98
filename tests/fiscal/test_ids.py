"""CNPJ (numeric and alphanumeric), CPF and access-key rules."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from backend.fiscal.ids import (
    access_key_check_digit,
    build_access_key,
    cnpj_check_digits,
    cpf_check_digits,
    is_valid_access_key,
    is_valid_cnpj,
    is_valid_cpf,
    parse_access_key,
)


def test_numeric_cnpj() -> None:
    assert is_valid_cnpj("11.222.333/0001-81")
    assert is_valid_cnpj("11222333000181")
    assert not is_valid_cnpj("11222333000182")
    assert not is_valid_cnpj("00000000000000")
    assert not is_valid_cnpj("1122233300018")


def test_alphanumeric_cnpj_from_the_receita_example() -> None:
    # The Receita Federal's published example of the July 2026 alphanumeric CNPJ.
    assert cnpj_check_digits("12ABC34501DE") == "35"
    assert is_valid_cnpj("12.ABC.345/01DE-35")
    assert is_valid_cnpj("12abc34501de35")
    assert not is_valid_cnpj("12ABC34501DE36")
    # Check digits are always numeric.
    assert not is_valid_cnpj("12ABC34501DEA5")


def test_cpf() -> None:
    assert is_valid_cpf("529.982.247-25")
    assert not is_valid_cpf("529.982.247-26")
    assert not is_valid_cpf("111.111.111-11")
    assert not is_valid_cpf("5299822472")


def test_access_key_decomposition() -> None:
    key = "43180906929383000163550010000000261000010301"
    parts = parse_access_key(key)
    assert parts is not None
    assert (parts.uf_code, parts.year_month, parts.issuer) == ("43", "1809", "06929383000163")
    assert (parts.model, parts.series, parts.number) == ("55", "001", "000000026")
    assert (parts.emission_type, parts.code, parts.check_digit) == ("1", "00001030", "1")
    assert not parts.issuer_is_cpf


def test_access_key_rejects_wrong_digit_and_shape() -> None:
    assert not is_valid_access_key("43180906929383000163550010000000261000010302")
    assert not is_valid_access_key("4318090692938300016355001000000026100001030")
    assert parse_access_key("99999999999999999999999999999999999999999999") is None


_bases = st.text(alphabet=string.digits + string.ascii_uppercase, min_size=12, max_size=12)


@given(_bases)
def test_any_cnpj_base_with_its_digits_is_valid(base: str) -> None:
    cnpj = base + cnpj_check_digits(base)
    if cnpj != cnpj[0] * 14:
        assert is_valid_cnpj(cnpj)


@given(_bases, st.integers(0, 9), st.integers(0, 9))
def test_wrong_cnpj_digits_are_rejected(base: str, first: int, second: int) -> None:
    cnpj = f"{base}{first}{second}"
    expected = cnpj[12:] == cnpj_check_digits(base) and cnpj != cnpj[0] * 14
    assert is_valid_cnpj(cnpj) == expected


@given(st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_any_cpf_base_with_its_digits_is_valid(base: str) -> None:
    cpf = base + cpf_check_digits(base)
    assert is_valid_cpf(cpf) == (cpf != cpf[0] * 11)


@given(
    st.integers(11, 53),
    st.integers(1, 999),
    st.integers(1, 999_999_999),
    st.text(alphabet=string.digits, min_size=8, max_size=8),
)
def test_built_keys_round_trip(uf: int, series: int, number: int, code: str) -> None:
    key = build_access_key(
        uf_code=str(uf),
        year_month="2607",
        issuer="12ABC34501DE35",
        model="55",
        series=series,
        number=number,
        emission_type="1",
        code=code,
    )
    parts = parse_access_key(key)
    assert parts is not None
    assert int(parts.number) == number
    assert int(parts.series) == series
    assert parts.issuer == "12ABC34501DE35"
    # A changed digit is accepted only when its mod-11 digit happens to be the same.
    body = key[:43]
    changed = body[:30] + str((int(body[30]) + 1) % 10) + body[31:]
    same_digit = access_key_check_digit(changed) == int(key[43])
    assert is_valid_access_key(changed + key[43]) == same_digit


@given(st.text(max_size=60))
def test_validators_never_raise(value: str) -> None:
    is_valid_cnpj(value)
    is_valid_cpf(value)
    parse_access_key(value)
