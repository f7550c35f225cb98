"""Integrators' API clients and the OAuth 2.0 client-credentials grant (RFC 6749 §4.4).

``client_id`` is ``cc_<organization hex>_<random>``: the token endpoint reads the
organization from it and opens that tenant's session before looking the client up,
so the lookup stays under row-level security, exactly like refresh tokens.

The secret is 256 random bits, shown once at creation, stored as its SHA-256.
A slow password hash (argon2) exists to make guessing low-entropy human passwords
expensive; a 256-bit random secret cannot be guessed whatever the hash, so argon2
would add nothing but ~50 ms of CPU and 64 MiB of memory to every call of a public,
unauthenticated endpoint (a denial-of-service lever). Comparison is constant-time.

Revoking a client stops it from getting new tokens at once; access tokens already
issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS, 15 minutes).
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth import repository
from backend.auth.models import ApiClient
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.rbac import API_CLIENT_SCOPES, Permission, can, require
from backend.auth.tokens import TokenConfig, hash_secret, issue_access_token
from backend.core.errors import DomainError, Invalid, NotFound
from backend.db.base import utcnow
from backend.db.enums import Role

CLIENT_ID_PREFIX = "cc"
SECRET_PREFIX = "ccs_"  # noqa: S105 - a marker for secret scanners, not a secret
NAME_MAX_LENGTH = 100
# Tokens must carry a role claim; an API client's permissions come from its scopes
# alone (rbac.can ignores its role), and the least privileged role is named so that
# nothing keyed on roles could ever grant a client more.
CLIENT_ROLE = Role.AUDITOR
# Compared against when the client does not exist, so both paths hash once.
_DUMMY_HASH = hash_secret("conciliacontag-unknown-client")


class OAuthError(DomainError):
    """An RFC 6749 §5.2 error; ``code`` is the RFC's lowercase ``error`` value."""

    http_status = 400

    def __init__(self, code: str, message: str, *, http_status: int = 400) -> None:
        super().__init__(message, code=code)
        self.http_status = http_status


def invalid_client() -> OAuthError:
    """The one answer for unknown, revoked and wrong-secret clients: nothing to enumerate."""
    return OAuthError("invalid_client", "client authentication failed", http_status=401)


@dataclass(frozen=True, slots=True)
class CreatedApiClient:
    """A new client and its secret: the only time the secret exists in clear."""

    client: ApiClient
    client_secret: str


@dataclass(frozen=True, slots=True)
class ClientToken:
    """What the token endpoint returns (RFC 6749 §5.1)."""

    access_token: str
    expires_in: int
    scopes: frozenset[str]


def new_client_id(organization_id: uuid.UUID) -> str:
    """``cc_<organization hex>_<random>``: public, unique, naming its tenant."""
    return f"{CLIENT_ID_PREFIX}_{organization_id.hex}_{secrets.token_hex(8)}"


def organization_of(client_id: str) -> uuid.UUID | None:
    """The organization a well-formed ``client_id`` names; None for anything else."""
    parts = client_id.split("_")
    if len(parts) != 3 or parts[0] != CLIENT_ID_PREFIX or len(parts[1]) != 32 or not parts[2]:
        return None
    try:
        return uuid.UUID(hex=parts[1])
    except ValueError:
        return None


def _snapshot(client: ApiClient) -> dict[str, Any]:
    # Never the secret nor its hash.
    return {"name": client.name, "client_id": client.client_id, "scopes": sorted(client.scopes)}


def _validated_scopes(principal: Principal, scopes: list[str]) -> list[str]:
    allowed = {p.value for p in API_CLIENT_SCOPES}
    wanted = sorted(set(scopes))
    problems = [f"unknown or not allowed for API clients: {s}" for s in wanted if s not in allowed]
    problems += [
        f"you do not hold this permission: {s}"
        for s in wanted
        if s in allowed and not can(principal, Permission(s))
    ]
    if not wanted:
        problems.append(f"choose at least one of: {', '.join(sorted(allowed))}")
    if problems:
        raise Invalid("invalid scopes", field_errors={"scopes": problems})
    return wanted


async def create_api_client(
    session: AsyncSession, principal: Principal, name: str, scopes: list[str]
) -> CreatedApiClient:
    """Create a client with ``scopes``; the returned secret is never retrievable again."""
    require(principal, Permission.MANAGE_API_CLIENTS)
    errors: dict[str, list[str]] = {}
    clean_name = name.strip()
    if not clean_name:
        errors["name"] = ["required"]
    elif len(clean_name) > NAME_MAX_LENGTH:
        errors["name"] = [f"at most {NAME_MAX_LENGTH} characters"]
    try:
        granted = _validated_scopes(principal, scopes)
    except Invalid as exc:
        errors.update(exc.field_errors)
    if errors:
        raise Invalid("invalid API client", field_errors=errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    client = await repository.add_api_client(
        session,
        ApiClient(
            organization_id=principal.organization_id,
            name=clean_name,
            client_id=new_client_id(principal.organization_id),
            secret_hash=hash_secret(secret),
            scopes=granted,
            created_by=principal.user_id,
        ),
    )
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="api_client.created",
        entity_type="api_client",
        entity_id=client.id,
        after=_snapshot(client),
    )
    return CreatedApiClient(client=client, client_secret=secret)


async def list_api_clients(session: AsyncSession, principal: Principal) -> list[ApiClient]:
    """Every client of the organization, newest first, revoked ones included."""
    require(principal, Permission.MANAGE_API_CLIENTS)
    return await repository.list_api_clients(session)


async def get_api_client(
    session: AsyncSession, principal: Principal, row_id: uuid.UUID
) -> ApiClient:
    """One client of the organization."""
    require(principal, Permission.MANAGE_API_CLIENTS)
    client = await repository.get_api_client(session, row_id)
    if client is None:
        raise NotFound("API client not found")
    return client


async def revoke_api_client(
    session: AsyncSession, principal: Principal, row_id: uuid.UUID
) -> ApiClient:
    """Stop the client from getting tokens; revoking twice changes nothing."""
    client = await get_api_client(session, principal, row_id)
    if client.revoked_at is not None:
        return client
    now = utcnow()
    await repository.revoke_api_client(session, client.id, now)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor_type=principal.actor_type,
        actor_id=principal.subject_id,
        action="api_client.revoked",
        entity_type="api_client",
        entity_id=client.id,
        before={**_snapshot(client), "revoked_at": None},
        after={**_snapshot(client), "revoked_at": now.isoformat()},
    )
    client.revoked_at = now
    return client


def _requested_scopes(client: ApiClient, scope: str | None) -> frozenset[str]:
    held = frozenset(client.scopes) & {p.value for p in API_CLIENT_SCOPES}
    if scope is None or not scope.strip():
        return held
    requested = frozenset(scope.split())
    if not requested <= held:
        raise OAuthError(
            "invalid_scope",
            "requested scope exceeds the client's scopes: " + " ".join(sorted(requested - held)),
        )
    return requested


async def issue_client_token(
    session: AsyncSession,
    tokens: TokenConfig,
    *,
    client_id: str,
    client_secret: str,
    scope: str | None,
) -> ClientToken:
    """The client-credentials grant. ``session`` is scoped to ``organization_of(client_id)``.

    Unknown client, wrong secret and revoked client are one ``invalid_client``.
    ``scope`` (space-separated) narrows the token to a subset of the client's scopes.
    """
    client = await repository.get_api_client_by_client_id(session, client_id)
    matches = hmac.compare_digest(
        hash_secret(client_secret), client.secret_hash if client else _DUMMY_HASH
    )
    if client is None or not matches or client.revoked_at is not None:
        raise invalid_client()
    granted = _requested_scopes(client, scope)
    await repository.touch_api_client(session, client.id, utcnow())
    principal = Principal(
        subject_id=client.id,
        organization_id=client.organization_id,
        role=CLIENT_ROLE,
        kind=PrincipalKind.API_CLIENT,
        scopes=granted,
    )
    return ClientToken(
        access_token=issue_access_token(tokens, principal),
        expires_in=tokens.access_ttl_seconds,
        scopes=granted,
    )
