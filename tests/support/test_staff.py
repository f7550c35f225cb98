"""Staff login (password, TOTP), the staff token's reach, and who may use the staff fields."""

from __future__ import annotations

import time
import uuid

import asyncpg
import httpx
import pytest

from backend.api.state import AppState
from backend.auth import totp
from backend.auth.tokens import verify_access_token, verify_staff_token
from backend.auth.two_factor import SecondFactorPolicy
from backend.core.errors import Unauthenticated
from backend.db.enums import Role
from tests.graphql_client import post_operation

from ..api.conftest import MemberToken
from ..db.conftest import TenantRows
from .conftest import PASSWORD, StaffFactory, add_user, error_codes, run, staff_token

TENANT_QUERIES = {
    "me": "query { me { email } }",
    "documents": "query { documents(first: 5) { edges { node { id } } } }",
    "companies": "query { companies { id } }",
    "supportGrants": "query { supportGrants { id } }",
}


async def _login(
    client: httpx.AsyncClient, email: str, password: str, code: str | None = None
) -> dict[str, object]:
    body = await run(client, None, "StaffLogin", email=email, password=password, totpCode=code)
    result: dict[str, object] = body["data"]["staffLogin"]
    return result


async def test_staff_log_in_with_password_and_totp_and_it_is_recorded(
    client: httpx.AsyncClient,
    app_state: AppState,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
) -> None:
    staff = await make_staff()
    result = await _login(client, staff.email, PASSWORD)
    assert result["__typename"] == "StaffAuthTokens"
    assert result["staffUserId"] == str(staff.user_id)
    assert result["expiresIn"] == app_state.auth.tokens.access_ttl_seconds
    token = str(result["accessToken"])
    assert verify_staff_token(app_state.auth.tokens, token).user_id == staff.user_id
    # Not a tenant token: wrong audience, no organization.
    with pytest.raises(Unauthenticated):
        verify_access_token(app_state.auth.tokens, token)

    wrong = await _login(client, staff.email, "wrong password")
    assert (wrong["__typename"], wrong["code"]) == ("AuthenticationError", "INVALID_CREDENTIALS")

    # A staff member with TOTP on needs a fresh code.
    secret = totp.generate_secret()
    box = SecondFactorPolicy.from_settings(app_state.settings).box
    await superuser.execute(
        "update users set totp_secret = $2, totp_enabled_at = now() where id = $1",
        staff.user_id,
        box.seal(secret),
    )
    missing = await _login(client, staff.email, PASSWORD)
    assert missing["code"] == "TOTP_REQUIRED"
    code = totp.code_at(secret, totp.step_at(time.time()))
    assert (await _login(client, staff.email, PASSWORD, code))["__typename"] == "StaffAuthTokens"
    replayed = await _login(client, staff.email, PASSWORD, code)
    assert replayed["code"] == "INVALID_TOTP"

    entries = await superuser.fetch(
        "select actor_type, actor_id, action, details from platform_audit_logs"
        " where actor_id = $1 order by created_at",
        staff.user_id,
    )
    assert [(e["actor_type"], e["action"]) for e in entries] == [("support", "staff.login")] * 2


async def test_people_who_are_not_staff_cannot_log_in_as_staff(
    client: httpx.AsyncClient, superuser: asyncpg.Connection, make_staff: StaffFactory
) -> None:
    member = f"member-{uuid.uuid4().hex[:6]}@example.com"
    await add_user(superuser, member, staff=False)
    refused = await _login(client, member, PASSWORD)
    assert (refused["__typename"], refused["code"]) == (
        "AuthenticationError",
        "INVALID_CREDENTIALS",
    )

    former = await make_staff("former")
    await superuser.execute("update users set is_active = false where id = $1", former.user_id)
    assert (await _login(client, former.email, PASSWORD))["code"] == "INVALID_CREDENTIALS"

    invalid = await _login(client, "not-an-email", PASSWORD)
    assert invalid["__typename"] == "ValidationError"


async def test_a_staff_token_is_refused_by_every_tenant_field_and_route(
    client: httpx.AsyncClient, make_staff: StaffFactory
) -> None:
    token = await staff_token(client, await make_staff())
    for field, query in TENANT_QUERIES.items():
        body = await post_operation(client, token, query)
        assert body.get("data") is None, field
        assert error_codes(body) == {"STAFF_TOKEN_NOT_ALLOWED"}, (field, body)
    node = await post_operation(client, token, 'query { node(id: "eA") { id } }')
    assert error_codes(node) == {"STAFF_TOKEN_NOT_ALLOWED"}
    upload = await client.post(
        "/v1/uploads",
        files={"file": ("nota.xml", b"<x/>", "application/xml")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert upload.status_code == 401
    download = await client.get(
        "/v1/exports/RXhwb3J0OjA", headers={"authorization": f"Bearer {token}"}
    )
    assert download.status_code == 401


async def test_the_staff_fields_refuse_tenant_tokens_and_anonymous_callers(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    tenants: tuple[TenantRows, TenantRows],
) -> None:
    a, _ = tenants
    admin = await member_token(a.organization_id, Role.ADMIN)
    directory = await run(client, admin, "TenantDirectory")
    assert directory["data"] is None
    assert error_codes(directory) == {"STAFF_ONLY"}
    assert error_codes(await run(client, admin, "MySupportGrants")) == {"STAFF_ONLY"}
    exchanged = (await run(client, admin, "SupportToken", grantId="x"))["data"]["supportToken"]
    assert (exchanged["__typename"], exchanged["code"]) == ("PermissionDeniedError", "STAFF_ONLY")
    begun = (await run(client, admin, "BeginStaffTotpEnrollment"))["data"]
    assert begun["beginStaffTotpEnrollment"]["code"] == "STAFF_ONLY"

    assert error_codes(await run(client, None, "TenantDirectory")) == {"UNAUTHENTICATED"}
    assert error_codes(await run(client, "garbage", "MySupportGrants")) == {"UNAUTHENTICATED"}


async def test_where_totp_is_required_staff_enroll_it_before_anything_else(
    strict_client: httpx.AsyncClient,
    app_state: AppState,
    make_staff: StaffFactory,
    superuser: asyncpg.Connection,
) -> None:
    client = strict_client
    staff = await make_staff()
    first = await _login(client, staff.email, PASSWORD)
    assert first["__typename"] == "StaffAuthTokens"
    assert first["totpEnrollmentRequired"] is True
    limited = str(first["accessToken"])
    assert verify_staff_token(app_state.auth.tokens, limited).totp_enrollment_only

    # The enrollment-only token reaches nothing but the enrollment.
    directory = await run(client, limited, "TenantDirectory", first=5)
    assert error_codes(directory) == {"TOTP_ENROLLMENT_REQUIRED"}
    grants = await run(client, limited, "MySupportGrants")
    assert error_codes(grants) == {"TOTP_ENROLLMENT_REQUIRED"}

    started = (await run(client, limited, "BeginStaffTotpEnrollment"))["data"]
    secret = started["beginStaffTotpEnrollment"]["secret"]
    assert started["beginStaffTotpEnrollment"]["otpauthUri"].startswith("otpauth://totp/")
    wrong = (await run(client, limited, "ConfirmStaffTotpEnrollment", code="000000"))["data"]
    assert wrong["confirmStaffTotpEnrollment"]["code"] == "INVALID_TOTP"
    step = totp.step_at(time.time())
    confirmed = await run(
        client, limited, "ConfirmStaffTotpEnrollment", code=totp.code_at(secret, step)
    )
    assert confirmed["data"]["confirmStaffTotpEnrollment"]["__typename"] == (
        "ConfirmTotpEnrollmentSuccess"
    )
    # Still limited: a full token takes a new login, with a code.
    assert error_codes(await run(client, limited, "TenantDirectory", first=5)) == {
        "TOTP_ENROLLMENT_REQUIRED"
    }
    assert (await _login(client, staff.email, PASSWORD))["code"] == "TOTP_REQUIRED"
    full = await _login(client, staff.email, PASSWORD, totp.code_at(secret, step + 1))
    assert full["totpEnrollmentRequired"] is False
    directory = await run(client, str(full["accessToken"]), "TenantDirectory", first=5)
    assert "errors" not in directory, directory

    actions = [
        (e["action"], e["details"])
        for e in await superuser.fetch(
            "select action, details::text as details from platform_audit_logs"
            " where actor_id = $1 and action like 'staff.%' order by created_at",
            staff.user_id,
        )
    ]
    assert [a for a, _ in actions] == [
        "staff.login",
        "staff.totp_enrollment_started",
        "staff.totp_enabled",
        "staff.login",
    ]
    assert '"enrollment_only": true' in str(actions[0][1])
    assert '"enrollment_only": false' in str(actions[3][1])
