"""RS256 access tokens (joserfc) and opaque refresh-token strings.

Access tokens are short-lived JWTs (15 minutes by default) with ``iss``, ``aud``,
``exp``, ``iat``, ``jti``, ``sub``, ``org``, ``role`` and ``kind``. Verification
accepts RS256 only, checks the signature against our key and validates the
claims with joserfc's ``JWTClaimsRegistry`` (``jwt.decode`` alone does not).

Support tokens (``kind=support``, backend/support) add ``grant``, the support grant
they were exchanged for. Staff tokens (``staffLogin``) carry no organization: they
are issued for a separate audience (``<audience>/staff``), so the tenant verifier
refuses them even before it misses the ``org`` claim.

Refresh tokens are ``rt_<organization hex>_<token id hex>_<secret>``: the
organization lets the server open the right tenant session before the lookup,
the id finds the row, and only the SHA-256 of the secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from backend.auth.principal import (
    TOTP_ENROLLMENT_SCOPE,
    Principal,
    PrincipalKind,
    StaffPrincipal,
)
from backend.core.errors import Unauthenticated
from backend.db.enums import Role

ALGORITHM = "RS256"
STAFF_AUDIENCE_SUFFIX = "/staff"


@dataclass(frozen=True, slots=True)
class TokenConfig:
    """What signing and verification need."""

    key: RSAKey
    issuer: str
    audience: str
    access_ttl_seconds: int = 900


def issue_access_token(
    config: TokenConfig,
    principal: Principal,
    *,
    now: int | None = None,
    ttl_seconds: int | None = None,
) -> str:
    """Sign a JWT for ``principal`` (``ttl_seconds`` shortens it, e.g. to a grant's end)."""
    issued = int(time.time()) if now is None else now
    ttl = config.access_ttl_seconds if ttl_seconds is None else ttl_seconds
    claims = {
        "iss": config.issuer,
        "aud": config.audience,
        "sub": str(principal.subject_id),
        "org": str(principal.organization_id),
        "role": principal.role.value,
        "kind": principal.kind.value,
        "scope": " ".join(sorted(principal.scopes)),
        "iat": issued,
        "nbf": issued,
        "exp": issued + ttl,
        "jti": uuid.uuid4().hex,
    }
    if principal.grant_id is not None:
        claims["grant"] = str(principal.grant_id)
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": config.key.kid}
    return jwt.encode(header, claims, config.key, algorithms=[ALGORITHM])


def verify_access_token(config: TokenConfig, token: str, *, now: int | None = None) -> Principal:
    """Return the principal of a valid token; raise Unauthenticated for anything else."""
    try:
        decoded = jwt.decode(token, config.key, algorithms=[ALGORITHM])
        if decoded.header.get("alg") != ALGORITHM:
            raise Unauthenticated("unsupported token algorithm")
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=5,
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "value": config.audience},
            exp={"essential": True},
            sub={"essential": True},
            org={"essential": True},
            role={"essential": True},
        )
        registry.validate(decoded.claims)
        claims = decoded.claims
        kind = PrincipalKind(claims.get("kind", PrincipalKind.USER.value))
        grant = claims.get("grant")
        if (kind is PrincipalKind.SUPPORT) != (grant is not None):
            raise ValueError("a support token, and only a support token, names its grant")
        return Principal(
            subject_id=uuid.UUID(claims["sub"]),
            organization_id=uuid.UUID(claims["org"]),
            role=Role(claims["role"]),
            kind=kind,
            scopes=frozenset(str(claims.get("scope", "")).split()),
            token_id=claims.get("jti"),
            grant_id=uuid.UUID(grant) if grant is not None else None,
        )
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise Unauthenticated("invalid or expired access token") from exc


def issue_staff_token(config: TokenConfig, staff: StaffPrincipal, *, now: int | None = None) -> str:
    """Sign a platform-staff JWT: no organization, its own audience, ``kind=staff``."""
    issued = int(time.time()) if now is None else now
    claims = {
        "iss": config.issuer,
        "aud": config.audience + STAFF_AUDIENCE_SUFFIX,
        "sub": str(staff.user_id),
        "kind": "staff",
        "iat": issued,
        "nbf": issued,
        "exp": issued + config.access_ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if staff.totp_enrollment_only:
        claims["scope"] = TOTP_ENROLLMENT_SCOPE
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": config.key.kid}
    return jwt.encode(header, claims, config.key, algorithms=[ALGORITHM])


def verify_staff_token(
    config: TokenConfig, token: str, *, now: int | None = None
) -> StaffPrincipal:
    """The staff member of a valid staff token; Unauthenticated for anything else."""
    try:
        decoded = jwt.decode(token, config.key, algorithms=[ALGORITHM])
        if decoded.header.get("alg") != ALGORITHM:
            raise Unauthenticated("unsupported token algorithm")
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=5,
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "value": config.audience + STAFF_AUDIENCE_SUFFIX},
            exp={"essential": True},
            sub={"essential": True},
            kind={"essential": True, "value": "staff"},
        )
        registry.validate(decoded.claims)
        return StaffPrincipal(
            user_id=uuid.UUID(decoded.claims["sub"]),
            token_id=decoded.claims.get("jti"),
            totp_enrollment_only=TOTP_ENROLLMENT_SCOPE
            in str(decoded.claims.get("scope", "")).split(),
        )
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise Unauthenticated("invalid or expired staff token") from exc


@dataclass(frozen=True, slots=True)
class RefreshSecret:
    """A freshly minted refresh token: the string for the client, the hash for the database."""

    token: str
    token_id: uuid.UUID
    token_hash: str


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (no salt needed: secrets are random)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def mint_refresh_token(organization_id: uuid.UUID) -> RefreshSecret:
    """A new opaque refresh token bound to ``organization_id``."""
    token_id = uuid.uuid4()
    secret = secrets.token_urlsafe(32)
    token = f"rt_{organization_id.hex}_{token_id.hex}_{secret}"
    return RefreshSecret(token=token, token_id=token_id, token_hash=hash_secret(secret))


@dataclass(frozen=True, slots=True)
class ParsedRefreshToken:
    """The parts of a refresh token string."""

    organization_id: uuid.UUID
    token_id: uuid.UUID
    secret: str

    def matches(self, token_hash: str) -> bool:
        """Constant-time comparison with the stored hash."""
        return hmac.compare_digest(hash_secret(self.secret), token_hash)


def parse_refresh_token(token: str) -> ParsedRefreshToken:
    """Split a refresh token; any malformed string is Unauthenticated."""
    parts = token.split("_", 3)
    if len(parts) != 4 or parts[0] != "rt" or not parts[3]:
        raise Unauthenticated("invalid refresh token")
    try:
        return ParsedRefreshToken(uuid.UUID(hex=parts[1]), uuid.UUID(hex=parts[2]), parts[3])
    except ValueError as exc:
        raise Unauthenticated("invalid refresh token") from exc
