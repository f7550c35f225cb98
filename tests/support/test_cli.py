"""``conciliacontag staff grant|revoke EMAIL``, as the owner role."""

from __future__ import annotations

import asyncpg
import pytest

from backend.cli import build_parser
from backend.support.cli import set_staff

from ..conftest import IsolatedDatabase
from .conftest import add_user


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
