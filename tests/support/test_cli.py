"""``conciliacontag staff create|grant|revoke EMAIL``,
as the owner role."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from backend.cli import build_parser
from backend.devstack.postgres import EmbeddedPostgres
from backend.support.cli import set_staff

from ..conftest import OWNER_ROLE, IsolatedDatabase
from .conftest import PASSWORD, Staff, add_user, client, staff_token

__all__ = ["client"]


async def test_staff_grant_and_revoke_as_the_owner_role(
    test_db: IsolatedDatabase,
    superuser: asyncpg.Connection,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user_id = await add_user(superuser, "Carla@Example.com", staff=False)
    assert await set_staff(test_db.urls.owner, "carla@example.com", staff=True) == 0
    assert "now platform staff" in capsys.readouterr().out
    assert await superuser.fetchval("select is_platform_staff from users where id = $1", user_id)
    # Granting twice changes and records nothing more.
    assert await set_staff(test_db.urls.owner, "carla@example.com", staff=True) == 0
    assert await set_staff(test_db.urls.owner, "carla@example.com", staff=False) == 0
    assert not await superuser.fetchval(
        "select is_platform_staff from users where id = $1", user_id
    )
    entries = await superuser.fetch(
        "select actor_type, actor_id, action from platform_audit_logs"
        " where entity_id = $1 order by created_at",
        user_id,
    )
    assert [(e["actor_type"], e["actor_id"], e["action"]) for e in entries] == [
        ("system", None, "staff.granted"),
        ("system", None, "staff.revoked"),
    ]
    assert await set_staff(test_db.urls.owner, "nobody@example.com", staff=True) == 1
    assert "no user" in capsys.readouterr().err


def test_the_staff_command_parses() -> None:
    args = build_parser().parse_args(["staff", "grant", "ana@example.com"])
    assert (args.action, args.email, args.func.__name__) == (
        "grant",
        "ana@example.com",
        "_cmd_staff",
    )
    with pytest.raises(SystemExit):
        build_parser().parse_args(["staff", "promote", "ana@example.com"])


async def test_the_documented_create_command_makes_staff_on_the_dev_cluster(
    pg_server: EmbeddedPostgres,
    test_db: IsolatedDatabase,
    superuser: asyncpg.Connection,
    client: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    # What docs/support.md tells a developer to run beside `make dev`: no owner URL in
    # the environment, so the command finds the dev cluster from the dev settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "MIGRATION_DATABASE_URL", "ENVIRONMENT"}
    }
    env.update(
        EMBEDDED_POSTGRES_PORT=str(pg_server.port),
        DATABASE_NAME=test_db.name,
        DATABASE_OWNER_ROLE=OWNER_ROLE,
    )
    command = [
        str(Path(sys.executable).with_name("conciliacontag")),
        "staff",
        "create",
        "ana@example.com",
        "--name",
        "Ana Souza",
        "--password-stdin",
    ]
    done = await asyncio.to_thread(
        subprocess.run,
        command,
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # no .env of the checkout
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    row = await superuser.fetchrow(
        "select id, name, is_platform_staff from users where email = 'ana@example.com'"
    )
    assert row is not None and row["is_platform_staff"] and row["name"] == "Ana Souza"
    assert not await superuser.fetchval(
        "select count(*) from memberships where user_id = $1", row["id"]
    )
    # The new staff member logs in.
    token = await staff_token(client, Staff(row["id"], "ana@example.com", "Ana Souza"))
    assert token
    again = await asyncio.to_thread(
        subprocess.run,
        command,
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert again.returncode == 1 and "already exists" in again.stderr
