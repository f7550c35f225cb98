"""TOTP arithmetic against the RFCs' own test vectors, drift, replay and the otpauth URI."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.auth import totp

RFC_SECRET = b"12345678901234567890"
RFC_SECRET_B32 = base64.b32encode(RFC_SECRET).decode()


def test_hotp_matches_rfc_4226_appendix_d() -> None:
    expected = [
        "755224", "287082", "359152", "969429", "338314",
        "254676", "287922", "162583", "399871", "520489",
    ]  # fmt: skip
    assert [totp.hotp(RFC_SECRET, counter) for counter in range(10)] == expected


@pytest.mark.parametrize(
    ("unix_time", "sha1", "sha256", "sha512"),
    [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ],
)
def test_totp_matches_rfc_6238_appendix_b(
    unix_time: int, sha1: str, sha256: str, sha512: str
) -> None:
    step = totp.step_at(unix_time)
    assert totp.hotp(RFC_SECRET, step, digits=8, digest="sha1") == sha1
    assert totp.hotp((RFC_SECRET * 2)[:32], step, digits=8, digest="sha256") == sha256
    key512 = (RFC_SECRET * 4)[:64]
    assert totp.hotp(key512, step, digits=8, digest="sha512") == sha512
    # The product's profile is the 6-digit tail of the SHA-1 value.
    assert totp.code_at(RFC_SECRET_B32, step) == sha1[-6:]


def test_one_step_of_drift_either_side_is_accepted_and_two_are_not() -> None:
    secret = RFC_SECRET_B32
    now = 1_700_000_015.0
    current = totp.step_at(now)
    codes = {offset: totp.code_at(secret, current + offset) for offset in range(-2, 3)}
    assert len(set(codes.values())) == 5  # no collision in this fixed window
    for offset in (-1, 0, 1):
        assert totp.verify(secret, codes[offset], now=now, last_step=None) == current + offset
    for offset in (-2, 2):
        assert totp.verify(secret, codes[offset], now=now, last_step=None) is None


def test_a_step_at_or_before_the_last_used_one_is_refused() -> None:
    secret = totp.generate_secret()
    now = 1_700_000_015.0
    current = totp.step_at(now)
    code = totp.code_at(secret, current)
    assert totp.verify(secret, code, now=now, last_step=current - 1) == current
    assert totp.verify(secret, code, now=now, last_step=current) is None
    assert (
        totp.verify(secret, totp.code_at(secret, current - 1), now=now, last_step=current) is None
    )
    assert totp.verify(secret, totp.code_at(secret, current + 1), now=now, last_step=current) == (
        current + 1
    )


def test_codes_are_typed_with_spaces_but_must_be_six_digits() -> None:
    secret = totp.generate_secret()
    now = 1_700_000_015.0
    code = totp.code_at(secret, totp.step_at(now))
    spaced = f" {code[:3]} {code[3:]} "
    assert totp.verify(secret, spaced, now=now, last_step=None) == totp.step_at(now)
    for bad in ("", "12345", "1234567", "abcdef", "١٢٣٤٥٦"):
        assert totp.normalize_code(bad) is None
        assert totp.verify(secret, bad, now=now, last_step=None) is None


def test_secrets_are_160_bit_base32_and_distinct() -> None:
    secrets_ = {totp.generate_secret() for _ in range(50)}
    assert len(secrets_) == 50
    for secret in secrets_:
        assert len(totp._key(secret)) == 20


def test_provisioning_uri_is_what_authenticator_apps_read() -> None:
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "ana+fin@example.com")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert parts.path == "/Conciliacontag:ana%2Bfin@example.com"
    assert parse_qs(parts.query) == {
        "secret": ["JBSWY3DPEHPK3PXP"],
        "issuer": ["Conciliacontag"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
