"""Token settings, a controllable clock and people in the demo tenant for the auth services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from joserfc.jwk import RSAKey

from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.sealing import SecretBox
from backend.auth.service import AuthPolicy
from backend.auth.tokens import TokenConfig
from backend.auth.two_factor import SecondFactorPolicy
from backend.db.enums import Role
from backend.db.session import Database, set_context
from backend.tenancy import repository as tenancy
from backend.tenancy.models import Membership
from backend.tenancy.service import DemoCredentials, seed_demo
from backend.users import repository as users
from backend.users.models import User

_KEY = RSAKey.generate_key(2048, private=True)
_KEY.ensure_kid()
TOKENS = TokenConfig(key=_KEY, issuer="conciliacontag", audience="conciliacontag-api")
AUTH = AuthPolicy(tokens=TOKENS, refresh_ttl=timedelta(days=1))
# Middle of a 30-second step, so ±1 step offsets are unambiguous.
START = 1_800_000_015.0


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass
class TwoFactor:
    """A clock and the policies built on it, with or without the admin requirement."""

    clock: Clock = field(default_factory=Clock)
    box: SecretBox = field(default_factory=lambda: SecretBox(b"test secret box"))

    def policy(self, *, require_admin_totp: bool = False) -> SecondFactorPolicy:
        """The second-factor policy at this clock."""
        return SecondFactorPolicy(
            box=self.box, require_admin_totp=require_admin_totp, clock=self.clock
        )


@pytest.fixture
def mfa() -> TwoFactor:
    """A fresh clock and secret box."""
    return TwoFactor()


@pytest.fixture
async def demo(database: Database) -> DemoCredentials:
    """The demo tenant and its admin."""
    async with database.session() as session:
        return await seed_demo(session)


@dataclass(frozen=True)
class Person:
    """Someone who can log in."""

    email: str
    password: str
    principal: Principal


async def add_member(
    database: Database, organization_id: uuid.UUID, role: Role, email: str
) -> Person:
    """A new user with ``role`` in ``organization_id``."""
    password = f"pw-{uuid.uuid4().hex}"
    async with database.session() as session:
        await set_context(session, organization_id=organization_id)
        user = await users.add(
            session, User(email=email, name=email, password_hash=hash_password(password))
        )
        await tenancy.add_membership(
            session,
            Membership(organization_id=organization_id, user_id=user.id, role=role.value),
        )
    principal = Principal(subject_id=user.id, organization_id=organization_id, role=role)
    return Person(email=email, password=password, principal=principal)


@pytest.fixture
async def demo_admin(database: Database, demo: DemoCredentials) -> Person:
    """The demo tenant's admin as a principal."""
    async with database.session(login_email=demo.email) as session:
        user = await users.get_by_email(session, demo.email)
    assert user is not None
    return Person(
        email=demo.email,
        password=demo.password,
        principal=Principal(
            subject_id=user.id, organization_id=demo.organization_id, role=Role.ADMIN
        ),
    )
