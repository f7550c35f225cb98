"""TOTP over GraphQL: enroll, log in with/without/wrong/replayed codes, disable; and the
enrollment-only tokens admins get when REQUIRE_ADMIN_TOTP is on."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.auth import totp
from backend.auth.passwords import hash_password
from backend.db.enums import Role
from backend.db.session import Database, set_context
from backend.tenancy import repository as tenancy
from backend.tenancy.models import Membership
from backend.tenancy.service import DemoCredentials
from backend.users import repository as users
from backend.users.models import User
from tests.graphql_client import post_operation

OPERATIONS = (
    Path(__file__).resolve().parents[2] / "graphql" / "operations" / "auth.graphql"
).read_text(encoding="utf-8")
COMPANIES = "query Companies { companies { legalName } }"
CREATE_COMPANY = """mutation CreateCompany { createCompany(input: {cnpj: "11444777000161",
  legalName: "Filial"}) { __typename ... on UserError { code } } }"""


async def _login(
    client: httpx.AsyncClient, email: str, password: str, code: str | None = None
) -> dict[str, Any]:
    body = await post_operation(
        client, None, OPERATIONS, "Login", email=email, password=password, totpCode=code
    )
    result: dict[str, Any] = body["data"]["login"]
    return result


async def _last_step(superuser: asyncpg.Connection, email: str) -> int:
    step: int = await superuser.fetchval("select totp_last_step from users where email = $1", email)
    return step


async def _enroll(client: httpx.AsyncClient, token: str) -> str:
    """beginTotpEnrollment + confirmTotpEnrollment with the current code; the secret."""
    begun = (await post_operation(client, token, OPERATIONS, "BeginTotpEnrollment"))["data"][
        "beginTotpEnrollment"
    ]
    assert begun["__typename"] == "BeginTotpEnrollmentSuccess", begun
    secret: str = begun["secret"]
    code = totp.code_at(secret, totp.step_at(time.time()))
    confirmed = (
        await post_operation(client, token, OPERATIONS, "ConfirmTotpEnrollment", code=code)
    )["data"]["confirmTotpEnrollment"]
    assert confirmed["__typename"] == "ConfirmTotpEnrollmentSuccess", confirmed
    return secret


async def test_enroll_then_login_needs_a_fresh_code(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    tokens = await _login(client, demo.email, demo.password)
    assert tokens["__typename"] == "AuthTokens"
    assert tokens["totpEnrollmentRequired"] is False  # not required outside production
    token = tokens["accessToken"]
    status = (await post_operation(client, token, OPERATIONS, "TotpStatus"))["data"]["totpStatus"]
    assert status == {
        "enabled": False,
        "enabledAt": None,
        "enrollmentPending": False,
        "enrollmentRequired": False,
    }

    secret = await _enroll(client, token)
    status = (await post_operation(client, token, OPERATIONS, "TotpStatus"))["data"]["totpStatus"]
    assert status["enabled"] is True
    assert status["enabledAt"] is not None

    missing = await _login(client, demo.email, demo.password)
    assert (missing["__typename"], missing["code"]) == ("AuthenticationError", "TOTP_REQUIRED")
    confirmed_step = await _last_step(superuser, demo.email)
    replayed = await _login(client, demo.email, demo.password, totp.code_at(secret, confirmed_step))
    assert (replayed["__typename"], replayed["code"]) == ("AuthenticationError", "INVALID_TOTP")
    wrong_password = await _login(
        client, demo.email, "nope", totp.code_at(secret, confirmed_step + 1)
    )
    assert wrong_password["code"] == "INVALID_CREDENTIALS"

    # One step ahead (an app clock a little fast) is accepted, once.
    fresh = totp.code_at(secret, confirmed_step + 1)
    spaced = f"{fresh[:3]} {fresh[3:]}"
    logged = await _login(client, demo.email, demo.password, spaced)
    assert logged["__typename"] == "AuthTokens", logged
    again = await _login(client, demo.email, demo.password, fresh)
    assert again["code"] == "INVALID_TOTP"

    begin_again = (await post_operation(client, token, OPERATIONS, "BeginTotpEnrollment"))["data"][
        "beginTotpEnrollment"
    ]
    assert begin_again == {
        "__typename": "ConflictError",
        "code": "TOTP_ALREADY_ENABLED",
        "message": "TOTP is already enabled; disable it first",
    }


async def test_disable_needs_an_unused_code(
    client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    token = (await _login(client, demo.email, demo.password))["accessToken"]
    not_enabled = (await post_operation(client, token, OPERATIONS, "DisableTotp", code="123456"))[
        "data"
    ]["disableTotp"]
    assert (not_enabled["__typename"], not_enabled["code"]) == ("ConflictError", "TOTP_NOT_ENABLED")
    secret = await _enroll(client, token)
    step = await _last_step(superuser, demo.email)
    replayed = (
        await post_operation(
            client, token, OPERATIONS, "DisableTotp", code=totp.code_at(secret, step)
        )
    )["data"]["disableTotp"]
    assert (replayed["__typename"], replayed["code"]) == ("ValidationError", "INVALID_TOTP")
    disabled = (
        await post_operation(
            client, token, OPERATIONS, "DisableTotp", code=totp.code_at(secret, step + 1)
        )
    )["data"]["disableTotp"]
    assert disabled == {"__typename": "DisableTotpSuccess", "disabled": True}
    assert (await _login(client, demo.email, demo.password))["__typename"] == "AuthTokens"
    row = await superuser.fetchrow(
        "select totp_secret, totp_enabled_at from users where email = $1", demo.email
    )
    assert tuple(row) == (None, None)

    actions = await superuser.fetch(
        "select action from audit_logs where action like 'user.totp%' order by created_at"
    )
    assert [a["action"] for a in actions] == [
        "user.totp_enrollment_started",
        "user.totp_enabled",
        "user.totp_disabled",
    ]


async def test_admin_without_totp_may_only_enroll_when_required(
    strict_client: httpx.AsyncClient, demo: DemoCredentials, superuser: asyncpg.Connection
) -> None:
    client = strict_client
    tokens = await _login(client, demo.email, demo.password)
    assert tokens["totpEnrollmentRequired"] is True
    restricted = tokens["accessToken"]

    query = await post_operation(client, restricted, COMPANIES, "Companies")
    assert query["data"] is None
    assert query["errors"][0]["extensions"]["code"] == "TOTP_ENROLLMENT_REQUIRED"
    mutation = await post_operation(client, restricted, CREATE_COMPANY, "CreateCompany")
    assert mutation["data"]["createCompany"] == {
        "__typename": "PermissionDeniedError",
        "code": "TOTP_ENROLLMENT_REQUIRED",
    }
    upload = await client.post(
        "/v1/uploads",
        files={"file": ("a.xml", b"<x/>", "text/xml")},
        headers={"authorization": f"Bearer {restricted}"},
    )
    assert upload.status_code == 403
    assert upload.json()["code"] == "TOTP_ENROLLMENT_REQUIRED"
    status = (await post_operation(client, restricted, OPERATIONS, "TotpStatus"))["data"][
        "totpStatus"
    ]
    assert status["enrollmentRequired"] is True

    secret = await _enroll(client, restricted)
    # The token itself does not change...
    still = await post_operation(client, restricted, COMPANIES, "Companies")
    assert still["errors"][0]["extensions"]["code"] == "TOTP_ENROLLMENT_REQUIRED"
    # ...a refresh of the same session gives a full one.
    refreshed = (
        await post_operation(
            client, None, OPERATIONS, "Refresh", refreshToken=tokens["refreshToken"]
        )
    )["data"]["refresh"]
    assert refreshed["totpEnrollmentRequired"] is False
    full = await post_operation(client, refreshed["accessToken"], COMPANIES, "Companies")
    assert full["data"]["companies"] == [{"legalName": "Comércio Demonstração Ltda"}]

    assert (await _login(client, demo.email, demo.password))["code"] == "TOTP_REQUIRED"
    step = await _last_step(superuser, demo.email)
    logged = await _login(client, demo.email, demo.password, totp.code_at(secret, step + 1))
    assert logged["totpEnrollmentRequired"] is False


async def test_only_admins_are_restricted_and_logout_stays_open(
    strict_client: httpx.AsyncClient, demo: DemoCredentials, database: Database
) -> None:
    async with database.session() as session:
        await set_context(session, organization_id=demo.organization_id)
        user = await users.add(
            session,
            User(email="op@example.com", name="Op", password_hash=hash_password("op-pass-123")),
        )
        await tenancy.add_membership(
            session,
            Membership(
                organization_id=demo.organization_id, user_id=user.id, role=Role.OPERATOR.value
            ),
        )
    operator = await _login(strict_client, "op@example.com", "op-pass-123")
    assert operator["totpEnrollmentRequired"] is False
    companies = await post_operation(strict_client, operator["accessToken"], COMPANIES, "Companies")
    assert "errors" not in companies

    admin = await _login(strict_client, demo.email, demo.password)
    out = (
        await post_operation(
            strict_client, None, OPERATIONS, "Logout", refreshToken=admin["refreshToken"]
        )
    )["data"]["logout"]
    assert out == {"__typename": "LogoutSuccess", "revoked": True}
