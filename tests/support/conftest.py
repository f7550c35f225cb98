"""Staff members, tenants and a GraphQL helper for the support tests."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from backend.auth.passwords import hash_password
from tests.graphql_client import post_operation

from ..api.conftest import app_state, client, member_token, strict_client
from ..db.conftest import TenantRows, insert_tenant

__all__ = ["app_state", "client", "member_token", "strict_client"]

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "support.graphql"
).read_text(encoding="utf-8")
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Staff:
    """A platform staff member who can log in."""

    user_id: uuid.UUID
    email: str
    name: str
    password: str = PASSWORD


async def run(
    client: httpx.AsyncClient, token: str | None, operation: str, **variables: Any
) -> dict[str, Any]:
    """Run one operation of graphql/operations/support.graphql; the whole JSON body."""
    return await post_operation(client, token, OPERATIONS, operation, **variables)


def error_codes(body: dict[str, Any]) -> set[str]:
    """The ``extensions.code`` of every top-level error."""
    return {e["extensions"]["code"] for e in body.get("errors") or []}


async def add_user(
    superuser: asyncpg.Connection, email: str, *, staff: bool, password: str = PASSWORD
) -> uuid.UUID:
    """A user with a real password hash (as the superuser: the flag is the owner's to set)."""
    user_id = uuid.uuid4()
    await superuser.execute(
        "insert into users (id, email, name, password_hash, is_active, is_platform_staff)"
        " values ($1, $2, $3, $4, true, $5)",
        user_id,
        email,
        email.split("@")[0].title(),
        hash_password(password),
        staff,
    )
    return user_id


StaffFactory = Callable[..., Awaitable[Staff]]


@pytest.fixture
def make_staff(superuser: asyncpg.Connection) -> StaffFactory:
    """A new platform staff member."""

    async def make(label: str = "ana") -> Staff:
        email = f"{label}-{uuid.uuid4().hex[:6]}@support.example.com"
        user_id = await add_user(superuser, email, staff=True)
        return Staff(user_id=user_id, email=email, name=email.split("@")[0].title())

    return make


@pytest.fixture
async def tenants(superuser: asyncpg.Connection) -> tuple[TenantRows, TenantRows]:
    """Two tenants, each with one row in every tenant table (tests/db/conftest.py) except
    support_grants, which the tests create themselves."""
    tag = uuid.uuid4().hex[:6]
    a, b = await insert_tenant(superuser, f"a{tag}"), await insert_tenant(superuser, f"b{tag}")
    await superuser.execute(
        "delete from support_grants where organization_id = any($1::uuid[])",
        [a.organization_id, b.organization_id],
    )
    return a, b


async def staff_token(client: httpx.AsyncClient, staff: Staff) -> str:
    """Log the staff member in; their staff token."""
    body = await run(client, None, "StaffLogin", email=staff.email, password=staff.password)
    result = body["data"]["staffLogin"]
    assert result["__typename"] == "StaffAuthTokens", body
    token: str = result["accessToken"]
    return token
