"""TOTP enrollment, the login check (drift, replay) and the admin requirement, on PostgreSQL."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from backend.auth import service, totp, two_factor
from backend.auth.principal import Principal, PrincipalKind
from backend.auth.tokens import parse_refresh_token, verify_access_token
from backend.core.errors import Conflict, Invalid, PermissionDenied, Unauthenticated
from backend.db.enums import Role
from backend.db.session import Database

from .conftest import AUTH, TOKENS, Person, TwoFactor, add_member


async def _login(
    database: Database,
    policy: two_factor.SecondFactorPolicy,
    person: Person,
    code: str | None = None,
    password: str | None = None,
) -> service.TokenPair:
    async with database.session(login_email=person.email) as session:
        return await service.login(
            session,
            AUTH,
            email=person.email,
            password=password or person.password,
            totp_code=code,
            second_factor=policy,
        )


async def _login_error(
    database: Database,
    policy: two_factor.SecondFactorPolicy,
    person: Person,
    code: str | None = None,
    password: str | None = None,
) -> str:
    with pytest.raises(Unauthenticated) as caught:
        await _login(database, policy, person, code, password)
    return caught.value.code


async def _enroll(
    database: Database, policy: two_factor.SecondFactorPolicy, principal: Principal
) -> str:
    """Begin and confirm at the policy's clock; return the secret."""
    async with database.tenant_session(principal.organization_id) as session:
        enrollment = await two_factor.begin_enrollment(session, principal, policy)
    step = totp.step_at(policy.clock())
    async with database.tenant_session(principal.organization_id) as session:
        await two_factor.confirm_enrollment(
            session, principal, policy, totp.code_at(enrollment.secret, step)
        )
    return enrollment.secret


async def test_enrollment_is_two_phase_and_sealed(
    database: Database, demo_admin: Person, mfa: TwoFactor, superuser: asyncpg.Connection
) -> None:
    policy = mfa.policy()
    principal = demo_admin.principal
    async with database.tenant_session(principal.organization_id) as session:
        enrollment = await two_factor.begin_enrollment(session, principal, policy)
    assert enrollment.otpauth_uri.startswith("otpauth://totp/Conciliacontag:admin@demo")
    assert f"secret={enrollment.secret}" in enrollment.otpauth_uri
    row = await superuser.fetchrow(
        "select totp_secret, totp_enabled_at from users where id = $1", principal.subject_id
    )
    assert row["totp_enabled_at"] is None
    assert enrollment.secret not in row["totp_secret"]
    assert mfa.box.open(row["totp_secret"]) == enrollment.secret
    async with database.tenant_session(principal.organization_id) as session:
        state = await two_factor.status(session, principal)
    assert state == two_factor.TotpState(enabled_at=None, pending=True)

    # Not enabled yet: login needs no code.
    assert (await _login(database, policy, demo_admin)).access_token

    step = totp.step_at(policy.clock())
    wrong = totp.code_at(enrollment.secret, step + 5)
    with pytest.raises(Invalid) as invalid:
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.confirm_enrollment(session, principal, policy, wrong)
    assert invalid.value.code == "INVALID_TOTP"
    assert invalid.value.field_errors == {"code": ["invalid"]}

    async with database.tenant_session(principal.organization_id) as session:
        enabled_at = await two_factor.confirm_enrollment(
            session, principal, policy, totp.code_at(enrollment.secret, step)
        )
    row = await superuser.fetchrow(
        "select totp_enabled_at, totp_last_step from users where id = $1", principal.subject_id
    )
    assert row["totp_enabled_at"] == enabled_at
    assert row["totp_last_step"] == step

    with pytest.raises(Conflict) as again:
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.begin_enrollment(session, principal, policy)
    assert again.value.code == "TOTP_ALREADY_ENABLED"

    actions = [
        r["action"]
        for r in await superuser.fetch(
            "select action from audit_logs where entity_type = 'user' and action like 'user.totp%'"
            " order by created_at, action"
        )
    ]
    assert actions == ["user.totp_enrollment_started", "user.totp_enabled"]
    dump = await superuser.fetchval(
        "select string_agg(concat(before::text, after::text), '') from audit_logs"
    )
    assert enrollment.secret not in (dump or "")


async def test_login_needs_a_fresh_code_within_one_step_of_drift(
    database: Database, demo_admin: Person, mfa: TwoFactor
) -> None:
    policy = mfa.policy()
    secret = await _enroll(database, policy, demo_admin.principal)
    step = totp.step_at(policy.clock())

    assert await _login_error(database, policy, demo_admin) == "TOTP_REQUIRED"
    # A wrong password says nothing about the second factor.
    assert (
        await _login_error(database, policy, demo_admin, password="nope") == "INVALID_CREDENTIALS"
    )
    # The confirmation's code was used: replaying it (same step) fails.
    assert (
        await _login_error(database, policy, demo_admin, totp.code_at(secret, step))
        == "INVALID_TOTP"
    )
    assert await _login_error(database, policy, demo_admin, "000000x") == "INVALID_TOTP"

    # One step ahead of the server's clock is accepted...
    assert await _login(database, policy, demo_admin, totp.code_at(secret, step + 1))
    # ...and once used, that step and every earlier one are gone.
    assert (
        await _login_error(database, policy, demo_admin, totp.code_at(secret, step + 1))
        == "INVALID_TOTP"
    )

    mfa.clock.now += 3 * totp.STEP_SECONDS  # server at step + 3
    # Two steps behind or ahead: refused; one step behind: accepted.
    assert (
        await _login_error(database, policy, demo_admin, totp.code_at(secret, step + 5))
        == "INVALID_TOTP"
    )
    assert (
        await _login_error(database, policy, demo_admin, totp.code_at(secret, step + 1))
        == "INVALID_TOTP"
    )
    pair = await _login(database, policy, demo_admin, totp.code_at(secret, step + 2))
    assert not pair.totp_enrollment_required


async def test_disable_needs_a_valid_code_and_erases_the_secret(
    database: Database, demo_admin: Person, mfa: TwoFactor, superuser: asyncpg.Connection
) -> None:
    policy = mfa.policy()
    principal = demo_admin.principal
    secret = await _enroll(database, policy, principal)
    step = totp.step_at(policy.clock())
    with pytest.raises(Invalid):
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.disable(session, principal, policy, totp.code_at(secret, step))
    async with database.tenant_session(principal.organization_id) as session:
        await two_factor.disable(session, principal, policy, totp.code_at(secret, step + 1))
    row = await superuser.fetchrow(
        "select totp_secret, totp_enabled_at, totp_last_step from users where id = $1",
        principal.subject_id,
    )
    assert tuple(row) == (None, None, None)
    assert await _login(database, policy, demo_admin)
    with pytest.raises(Conflict) as off:
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.disable(session, principal, policy, "123456")
    assert off.value.code == "TOTP_NOT_ENABLED"
    audited = await superuser.fetchval(
        "select count(*) from audit_logs where action = 'user.totp_disabled'"
    )
    assert audited == 1


async def test_confirm_without_begin_and_api_clients_are_refused(
    database: Database, demo_admin: Person, mfa: TwoFactor
) -> None:
    policy = mfa.policy()
    principal = demo_admin.principal
    with pytest.raises(Conflict) as not_started:
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.confirm_enrollment(session, principal, policy, "123456")
    assert not_started.value.code == "TOTP_NOT_STARTED"
    client = Principal(
        subject_id=uuid.uuid4(),
        organization_id=principal.organization_id,
        role=Role.AUDITOR,
        kind=PrincipalKind.API_CLIENT,
        scopes=frozenset({"read"}),
    )
    with pytest.raises(PermissionDenied):
        async with database.tenant_session(principal.organization_id) as session:
            await two_factor.begin_enrollment(session, client, policy)


async def test_admins_without_totp_get_enrollment_only_tokens_when_required(
    database: Database, demo_admin: Person, mfa: TwoFactor
) -> None:
    required = mfa.policy(require_admin_totp=True)
    operator = await add_member(
        database, demo_admin.principal.organization_id, Role.OPERATOR, "op@example.com"
    )
    assert not (await _login(database, required, operator)).totp_enrollment_required
    assert not (await _login(database, mfa.policy(), demo_admin)).totp_enrollment_required

    pair = await _login(database, required, demo_admin)
    assert pair.totp_enrollment_required
    assert verify_access_token(TOKENS, pair.access_token).totp_enrollment_only

    # Refreshing before enrolling keeps the restriction...
    presented = parse_refresh_token(pair.refresh_token)
    async with database.tenant_session(presented.organization_id) as session:
        outcome = await service.refresh(session, AUTH, presented, second_factor=required)
    assert outcome.pair is not None
    assert outcome.pair.totp_enrollment_required

    # ...and after enrolling the same family yields a full token.
    secret = await _enroll(database, required, demo_admin.principal)
    presented = parse_refresh_token(outcome.pair.refresh_token)
    async with database.tenant_session(presented.organization_id) as session:
        outcome = await service.refresh(session, AUTH, presented, second_factor=required)
    assert outcome.pair is not None
    assert not outcome.pair.totp_enrollment_required
    assert not verify_access_token(TOKENS, outcome.pair.access_token).totp_enrollment_only

    step = totp.step_at(required.clock())
    full = await _login(database, required, demo_admin, totp.code_at(secret, step + 1))
    assert not full.totp_enrollment_required
