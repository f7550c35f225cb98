"""Making platform support staff, never through the API: ``conciliacontag staff grant|revoke
EMAIL`` and ``python -m backend.support.cli create|grant|revoke EMAIL``.

Both connect as the owner role: a trigger refuses the application role any change of
``users.is_platform_staff``. The owner URL is MIGRATION_DATABASE_URL or, outside
production with neither it nor DATABASE_URL set, the ``make dev`` cluster (the dev
runner provisions the owner role there with trust authentication on loopback).
Imports beyond the standard library happen inside the functions, so a usage error
stays cheap.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.settings import Settings

MIN_PASSWORD_LENGTH = 12


def owner_url(settings: Settings) -> str | None:
    """Where the owner role connects: MIGRATION_DATABASE_URL, else the dev cluster."""
    if settings.migration_database_url:
        return settings.migration_database_url
    if settings.database_url is not None or settings.environment == "production":
        # An external database without its owner URL: guessing would be wrong.
        return None
    from backend.db.provision import role_dsn
    from backend.devstack.postgres import SUPERUSER

    cluster = f"postgresql://{SUPERUSER}@127.0.0.1:{settings.embedded_postgres_port}/postgres"
    return role_dsn(cluster, settings.database_owner_role, settings.database_name)


async def set_staff(owner_url: str, email: str, *, staff: bool) -> int:
    """Set or clear the staff flag of the user with ``email``; the exit status."""
    from backend.core.errors import NotFound
    from backend.db.session import Database
    from backend.support import service

    database = Database(owner_url, pool_size=1)
    try:
        async with database.session(login_email=email) as session:
            user = await service.set_staff(session, email, staff=staff)
    except NotFound:
        print(f"no user with the e-mail {email}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    print(f"{user.email} is {'now' if user.is_platform_staff else 'no longer'} platform staff")
    return 0


async def create_staff(owner_url: str, email: str, *, name: str, password: str) -> int:
    """Create a user that belongs to no organization and make it staff; the exit status."""
    from backend.auth.passwords import hash_password
    from backend.db.session import Database
    from backend.support import service
    from backend.users import repository as users
    from backend.users.models import User

    database = Database(owner_url, pool_size=1)
    try:
        async with database.session(login_email=email) as session:
            if await users.get_by_email(session, email) is not None:
                print(f"{email} already exists; use: staff grant {email}", file=sys.stderr)
                return 1
            await users.add(
                session, User(email=email, name=name, password_hash=hash_password(password))
            )
            await service.set_staff(session, email, staff=True)
    finally:
        await database.dispose()
    print(f"{email} created as platform staff; log in with staffLogin")
    return 0


def _password(from_stdin: bool) -> str | None:
    """The new staff member's password: one line of stdin, or typed twice at a prompt."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("the passwords differ", file=sys.stderr)
            return None
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"the password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
        return None
    return password


def main(argv: Sequence[str] | None = None) -> int:
    """``conciliacontag staff create|grant|revoke EMAIL``; the exit status."""
    parser = argparse.ArgumentParser(
        prog="conciliacontag staff", description="Create or change platform staff."
    )
    parser.add_argument("action", choices=["create", "grant", "revoke"])
    parser.add_argument("email")
    parser.add_argument("--name", help="the staff member's name (create)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin (create)"
    )
    args = parser.parse_args(argv)
    from backend.core.settings import get_settings

    url = owner_url(get_settings())
    if url is None:
        print("MIGRATION_DATABASE_URL (the owner role) is not set", file=sys.stderr)
        return 2
    if args.action != "create":
        return asyncio.run(set_staff(url, args.email, staff=args.action == "grant"))
    if not args.name:
        print("create needs --name", file=sys.stderr)
        return 2
    password = _password(args.password_stdin)
    if password is None:
        return 2
    return asyncio.run(create_staff(url, args.email, name=args.name, password=password))


if __name__ == "__main__":
    sys.exit(main())
