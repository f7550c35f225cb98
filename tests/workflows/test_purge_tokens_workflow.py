"""End to end on the Temporal dev server: a workflow whose activity writes through
tenant_session, and the test reads the rows back from PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import asyncpg

from backend.auth.models import RefreshToken
from backend.core.settings import Settings
from backend.db.base import utcnow
from backend.db.session import Database
from backend.tenancy.service import seed_demo
from workflows.client import connect, purge_expired_tokens
from workflows.maintenance.models import PurgeExpiredTokensInput
from workflows.worker import build_worker


async def test_purge_workflow_writes_through_tenant_session(
    settings: Settings, database: Database, superuser: asyncpg.Connection
) -> None:
    async with database.session() as session:
        demo = await seed_demo(session)
    org = demo.organization_id
    user_id = await superuser.fetchval(
        "select user_id from memberships where organization_id = $1", org
    )
    async with database.tenant_session(org) as session:
        for days in (-2, -1, 5):
            session.add(
                RefreshToken(
                    organization_id=org,
                    user_id=user_id,
                    family_id=uuid.uuid4(),
                    token_hash=uuid.uuid4().hex * 2,
                    expires_at=utcnow() + timedelta(days=days),
                )
            )

    client = await connect(settings)
    async with build_worker(client, settings, database):
        result = await purge_expired_tokens(
            client, settings, PurgeExpiredTokensInput(organization_id=org)
        )

    assert result.removed == 2
    remaining = await superuser.fetch(
        "select expires_at from refresh_tokens where organization_id = $1", org
    )
    assert len(remaining) == 1 and remaining[0]["expires_at"] > utcnow()
    audit = await superuser.fetchrow(
        "select organization_id, actor_type, after from audit_logs"
        " where action = 'auth.refresh_tokens_purged'"
    )
    assert audit is not None
    assert audit["organization_id"] == org
    assert audit["actor_type"] == "system"
    assert audit["after"] == '{"removed": 2}'
