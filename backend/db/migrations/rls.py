"""Helpers that migrations use to put a table under row-level security.

Kept as a module (not inlined per migration) so every tenant table gets the
identical policy; a migration that adds a tenant table calls
``enable_tenant_rls`` and ``grant_app_role`` for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op

ORG_EXPR = "nullif(current_setting('app.current_org', true), '')::uuid"


def app_role() -> str:
    """The runtime role to grant to: ``backend.db.migrate``, ``-x app_role=...`` or settings."""
    role = context.config.attributes.get("app_role") or context.get_x_argument(
        as_dictionary=True
    ).get("app_role")
    if role is None:
        from backend.core.settings import get_settings

        role = get_settings().database_app_role
    if not role.replace("_", "").isalnum():
        raise ValueError(f"unsafe role name {role!r}")
    return role


def enable_tenant_rls(table: str) -> None:
    """ENABLE + FORCE RLS and one policy with USING and WITH CHECK on the current org."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} FOR ALL "
        f"USING (organization_id = {ORG_EXPR}) WITH CHECK (organization_id = {ORG_EXPR})"
    )


def grant_app_role(*, read_write: Sequence[str], append_only: Sequence[str] = ()) -> None:
    """DML grants for the runtime role; append-only tables get no UPDATE/DELETE."""
    role = app_role()
    for table in read_write:
        op.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO "{role}"')
    for table in append_only:
        op.execute(f'GRANT SELECT, INSERT ON {table} TO "{role}"')
