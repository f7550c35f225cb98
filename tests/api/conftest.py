"""An in-process app over the test database and the test Temporal server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import httpx
import pytest

from backend.api.app import create_app
from backend.api.state import AppState
from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials, create_organization, seed_demo
from backend.users.models import User


@pytest.fixture
def app_state(settings: Settings, database: Database) -> AppState:
    """Dependencies of the app under test."""
    return AppState.build(settings, database)


@pytest.fixture
async def client(app_state: AppState) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client speaking ASGI to the app, with its lifespan running."""
    app = create_app(app_state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


@pytest.fixture
async def strict_client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app with REQUIRE_ADMIN_TOTP on (as in production)."""
    state = AppState.build(settings.model_copy(update={"require_admin_totp": True}), database)
    app = create_app(state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


@pytest.fixture
async def demo(database: Database) -> DemoCredentials:
    """The demo tenant and its admin."""
    async with database.session() as session:
        return await seed_demo(session)


@pytest.fixture
async def tenant_b(database: Database) -> uuid.UUID:
    """A second organization ("Tenant B") with its own admin, beside the demo tenant."""
    organization = uuid.uuid4()
    async with database.session() as session:
        await create_organization(
            session,
            organization_id=organization,
            name="Tenant B",
            slug=f"b-{organization.hex[:8]}",
            admin=User(
                email=f"b-{organization.hex[:6]}@example.com",
                name="B",
                password_hash=hash_password("x"),
            ),
        )
    return organization


MemberToken = Callable[..., Awaitable[str]]


@pytest.fixture
def member_token(app_state: AppState, superuser: asyncpg.Connection) -> MemberToken:
    """A real user with a membership of ``role`` in ``organization``, and their access token."""

    async def make(organization: uuid.UUID, role: Role = Role.ADMIN) -> str:
        user = uuid.uuid4()
        await superuser.execute(
            "insert into users (id, email, name, password_hash, is_active)"
            " values ($1, $2, $3, 'x', true)",
            user,
            f"{role.value}-{user.hex[:8]}@example.com",
            f"{role.value.title()} {user.hex[:4]}",
        )
        await superuser.execute(
            "insert into memberships (id, organization_id, user_id, role, is_active)"
            " values ($1, $2, $3, $4, true)",
            uuid.uuid4(),
            organization,
            user,
            role.value,
        )
        principal = Principal(subject_id=user, organization_id=organization, role=role)
        return issue_access_token(app_state.auth.tokens, principal)

    return make
