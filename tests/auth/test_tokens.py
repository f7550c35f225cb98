"""Access tokens: what verifies, and every forgery that must not."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from joserfc.jwk import RSAKey

from backend.auth.principal import Principal
from backend.auth.tokens import (
    TokenConfig,
    issue_access_token,
    mint_refresh_token,
    parse_refresh_token,
    verify_access_token,
)
from backend.core.errors import Unauthenticated
from backend.db.enums import Role

KEY = RSAKey.generate_key(2048, private=True)
KEY.ensure_kid()
CONFIG = TokenConfig(key=KEY, issuer="conciliacontag", audience="conciliacontag-api")
PRINCIPAL = Principal(subject_id=uuid.uuid4(), organization_id=uuid.uuid4(), role=Role.OPERATOR)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": CONFIG.issuer,
        "aud": CONFIG.audience,
        "sub": str(PRINCIPAL.subject_id),
        "org": str(PRINCIPAL.organization_id),
        "role": "admin",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return claims


def test_valid_token_round_trips_to_the_principal() -> None:
    token = issue_access_token(CONFIG, PRINCIPAL)
    principal = verify_access_token(CONFIG, token)
    assert principal.subject_id == PRINCIPAL.subject_id
    assert principal.organization_id == PRINCIPAL.organization_id
    assert principal.role is Role.OPERATOR
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "RS256", "typ": "JWT", "kid": KEY.kid}


def test_alg_none_is_rejected() -> None:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    token = f"{header}.{_b64(json.dumps(_claims()).encode())}."
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, token)


def test_hs256_signed_with_the_public_key_is_rejected() -> None:
    public_pem = KEY.as_pem(private=False)
    signing_input = (
        f"{_b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}."
        f"{_b64(json.dumps(_claims()).encode())}"
    )
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, f"{signing_input}.{_b64(signature)}")


def test_bad_signature_is_rejected() -> None:
    head, body, signature = issue_access_token(CONFIG, PRINCIPAL).split(".")
    tampered_body = _b64(json.dumps(_claims(role="admin")).encode())
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, f"{head}.{tampered_body}.{signature}")
    middle = len(signature) // 2
    flipped = (
        signature[:middle] + ("A" if signature[middle] != "A" else "B") + signature[middle + 1 :]
    )
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, f"{head}.{body}.{flipped}")


def test_token_signed_by_another_key_is_rejected() -> None:
    other = RSAKey.generate_key(2048, private=True)
    other.ensure_kid()
    forged = issue_access_token(TokenConfig(other, CONFIG.issuer, CONFIG.audience), PRINCIPAL)
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, forged)


def test_expired_token_is_rejected() -> None:
    issued = int(time.time()) - 3600
    token = issue_access_token(CONFIG, PRINCIPAL, now=issued)
    assert verify_access_token(CONFIG, token, now=issued + 10).subject_id == PRINCIPAL.subject_id
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, token)


@pytest.mark.parametrize(
    "config",
    [
        TokenConfig(KEY, "someone-else", "conciliacontag-api"),
        TokenConfig(KEY, "conciliacontag", "another-audience"),
    ],
    ids=["wrong-issuer", "wrong-audience"],
)
def test_wrong_issuer_or_audience_is_rejected(config: TokenConfig) -> None:
    token = issue_access_token(config, PRINCIPAL)
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, token)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "e30.e30.", "Bearer x"])
def test_garbage_is_rejected(garbage: str) -> None:
    with pytest.raises(Unauthenticated):
        verify_access_token(CONFIG, garbage)


def test_refresh_token_round_trip_and_hash_check() -> None:
    org = uuid.uuid4()
    minted = mint_refresh_token(org)
    parsed = parse_refresh_token(minted.token)
    assert parsed.organization_id == org
    assert parsed.token_id == minted.token_id
    assert parsed.matches(minted.token_hash)
    assert not parse_refresh_token(minted.token[:-2] + "xx").matches(minted.token_hash)
    for bad in ("", "rt_", "rt_zz_yy_s", f"xx_{org.hex}_{org.hex}_s", f"rt_{org.hex}_{org.hex}_"):
        with pytest.raises(Unauthenticated):
            parse_refresh_token(bad)
