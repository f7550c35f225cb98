"""``conciliacontag staff grant|revoke EMAIL``: staff are made here, never through the API.

It connects as the owner role (MIGRATION_DATABASE_URL): a trigger refuses the
application role any change of ``users.is_platform_staff``.
"""

from __future__ import annotations

import sys

from backend.core.errors import NotFound
from backend.db.session import Database
from backend.support import service


async def set_staff(owner_url: str, email: str, *, staff: bool) -> int:
    """Set or clear the staff flag of the user with ``email``; the exit status."""
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
