"""Platform support: grant roles and staff identity, the platform audit log, the
audited cross-tenant read path (SECURITY DEFINER functions) and the staff-flag guard.

The cross-tenant path: three functions owned by the migration owner run as that
owner (SECURITY DEFINER) and turn ``app.support_read`` on only around their one
query. A ``support_read`` SELECT policy, granted TO the owner role alone and keyed on
that setting, lets them see every tenant's rows; the application role gets EXECUTE
on the functions, never the policy (setting the variable itself changes nothing for
it). The functions return aggregates and a staff member's own grants, never rows.
(A ``SET app.support_read`` clause on the function would be neater, but PostgreSQL
lets only superusers attach an unregistered custom variable to a function.)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.rls import app_role

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables the support functions read across tenants.
SUPPORT_READ_TABLES = (
    "organizations",
    "users",
    "files",
    "document_installments",
    "transactions",
    "reconciliations",
    "audit_logs",
    "support_grants",
)
_SUPPORT_READ = "current_setting('app.support_read', true) = 'on'"
_CURRENT_USER = "nullif(current_setting('app.current_user', true), '')::uuid"
# Definer functions: a fixed search_path with pg_temp last, so no caller-created
# object can shadow a table or operator they use.
_DEFINER = "VOLATILE SECURITY DEFINER SET search_path = public, pg_temp"
_READ_ON = "PERFORM set_config('app.support_read', 'on', true);"
_READ_OFF = "PERFORM set_config('app.support_read', 'off', true);"

_FUNCTIONS = {
    # Raises unless app.current_user is an active platform staff member. Not granted to
    # anyone: only the definer functions below call it (as the owner).
    "support_current_staff()": f"""
CREATE FUNCTION public.support_current_staff() RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    staff uuid := {_CURRENT_USER};
BEGIN
    IF staff IS NULL OR NOT EXISTS (
        SELECT 1 FROM public.users u WHERE u.id = staff AND u.is_platform_staff AND u.is_active
    ) THEN
        RAISE EXCEPTION 'platform support staff only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN staff;
END $$""",
    # The tenant directory: one page of organizations ordered by (name, id), each with
    # health counters. Only counts and timestamps leave the function.
    "support_tenant_directory(text, text, uuid, integer)": f"""
CREATE FUNCTION public.support_tenant_directory(
    p_pattern text, p_after_name text, p_after_id uuid, p_limit integer
) RETURNS TABLE (
    organization_id uuid, name text, slug text, created_at timestamptz, is_active boolean,
    failed_files bigint, processing_files bigint, open_installments bigint,
    open_transactions bigint, pending_suggestions bigint, last_activity_at timestamptz
)
LANGUAGE plpgsql {_DEFINER} AS $$
#variable_conflict use_column
BEGIN
    PERFORM public.support_current_staff();
    {_READ_ON}
    RETURN QUERY
    WITH page AS (
        SELECT o.id, o.name::text AS name, o.slug::text AS slug, o.created_at, o.is_active
        FROM public.organizations o
        WHERE (p_pattern IS NULL OR o.name ILIKE p_pattern OR o.slug ILIKE p_pattern)
          AND (p_after_id IS NULL OR (o.name::text, o.id) > (p_after_name, p_after_id))
        ORDER BY o.name::text, o.id
        LIMIT least(greatest(p_limit, 0), 101)
    )
    SELECT p.id, p.name, p.slug, p.created_at, p.is_active,
        (SELECT count(*) FROM public.files f WHERE f.organization_id = p.id
            AND f.status = 'failed' AND f.updated_at >= now() - interval '30 days'),
        (SELECT count(*) FROM public.files f WHERE f.organization_id = p.id
            AND f.status IN ('uploaded', 'processing')),
        (SELECT count(*) FROM public.document_installments i WHERE i.organization_id = p.id
            AND i.status IN ('open', 'partial')),
        (SELECT count(*) FROM public.transactions t WHERE t.organization_id = p.id
            AND t.status IN ('open', 'partial')),
        (SELECT count(*) FROM public.reconciliations r WHERE r.organization_id = p.id
            AND r.status = 'suggested'),
        (SELECT max(a.created_at) FROM public.audit_logs a WHERE a.organization_id = p.id
            AND a.actor_type IN ('user', 'api_client'))
    FROM page p
    ORDER BY p.name, p.id;
    {_READ_OFF}
END $$""",
    # The calling staff member's active grants, with the organization's name.
    "support_staff_grants()": f"""
CREATE FUNCTION public.support_staff_grants() RETURNS TABLE (
    grant_id uuid, organization_id uuid, organization_name text, organization_slug text,
    role text, reason text, expires_at timestamptz, created_at timestamptz
)
LANGUAGE plpgsql {_DEFINER} AS $$
#variable_conflict use_column
DECLARE
    staff uuid := public.support_current_staff();
BEGIN
    {_READ_ON}
    RETURN QUERY
    SELECT g.id, g.organization_id, o.name::text, o.slug::text, g.role::text, g.reason,
        g.expires_at, g.created_at
    FROM public.support_grants g JOIN public.organizations o ON o.id = g.organization_id
    WHERE g.staff_user_id = staff AND g.revoked_at IS NULL AND g.expires_at > now()
    ORDER BY g.expires_at, g.id;
    {_READ_OFF}
END $$""",
    # An organization's admin names the staff member to let in: only active staff match,
    # so the answer says nothing about other accounts.
    "support_staff_member(text)": f"""
CREATE FUNCTION public.support_staff_member(p_email text) RETURNS TABLE (
    user_id uuid, name text, email text
)
LANGUAGE plpgsql {_DEFINER} AS $$
#variable_conflict use_column
BEGIN
    {_READ_ON}
    RETURN QUERY
    SELECT u.id, u.name::text, u.email::text FROM public.users u
    WHERE u.email = p_email::public.citext AND u.is_platform_staff AND u.is_active;
    {_READ_OFF}
END $$""",
    # Only the owner role (the `staff grant` command) may set or clear users.is_platform_staff.
    "users_guard_platform_staff()": """
CREATE FUNCTION public.users_guard_platform_staff() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.is_platform_staff IS DISTINCT FROM
            (CASE WHEN TG_OP = 'UPDATE' THEN OLD.is_platform_staff ELSE false END)
        AND NOT pg_has_role(
            current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER'
        ) THEN
        RAISE EXCEPTION 'only the owner role changes is_platform_staff (conciliacontag staff)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$""",
}
_APP_FUNCTIONS = (
    "support_tenant_directory(text, text, uuid, integer)",
    "support_staff_grants()",
    "support_staff_member(text)",
)


def upgrade() -> None:
    role = app_role()
    op.add_column("support_grants", sa.Column("staff_email", postgresql.CITEXT(), nullable=True))
    op.add_column("support_grants", sa.Column("staff_name", sa.String(), nullable=True))
    op.execute(
        "UPDATE support_grants g SET staff_email = u.email, staff_name = u.name"
        " FROM users u WHERE u.id = g.staff_user_id"
    )
    op.alter_column("support_grants", "staff_email", nullable=False)
    op.alter_column("support_grants", "staff_name", nullable=False)
    op.add_column(
        "support_grants",
        sa.Column("role", sa.String(), server_default="auditor", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_support_grants_role"),
        "support_grants",
        "role IN ('manager', 'operator', 'auditor')",
    )
    op.drop_constraint(op.f("ck_audit_logs_actor_type"), "audit_logs", type_="check")
    op.create_check_constraint(
        op.f("ck_audit_logs_actor_type"),
        "audit_logs",
        "actor_type IN ('user', 'api_client', 'system', 'rule', 'support')",
    )
    op.create_table(
        "platform_audit_logs",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("actor_type", sa.String(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity_type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("request_id", sa.String(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "actor_type IN ('user', 'api_client', 'system', 'rule', 'support')",
            name=op.f("ck_platform_audit_logs_actor_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_audit_logs")),
    )
    op.create_index(
        op.f("ix_platform_audit_logs_actor_id_created_at"),
        "platform_audit_logs",
        ["actor_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_platform_audit_logs_created_at"),
        "platform_audit_logs",
        ["created_at"],
        unique=False,
    )
    # Append-only and unreadable for the application role.
    op.execute(f'GRANT INSERT ON platform_audit_logs TO "{role}"')
    for table in SUPPORT_READ_TABLES:
        op.execute(
            f"CREATE POLICY support_read ON {table} FOR SELECT TO CURRENT_USER"
            f" USING ({_SUPPORT_READ})"
        )
    for signature, sql in _FUNCTIONS.items():
        op.execute(sql)
        op.execute(f"REVOKE ALL ON FUNCTION public.{signature} FROM PUBLIC")
    for signature in _APP_FUNCTIONS:
        op.execute(f'GRANT EXECUTE ON FUNCTION public.{signature} TO "{role}"')
    op.execute(
        "CREATE TRIGGER users_guard_platform_staff"
        " BEFORE INSERT OR UPDATE OF is_platform_staff ON users"
        " FOR EACH ROW EXECUTE FUNCTION public.users_guard_platform_staff()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER users_guard_platform_staff ON users")
    for signature in reversed(list(_FUNCTIONS)):
        op.execute(f"DROP FUNCTION public.{signature}")
    for table in SUPPORT_READ_TABLES:
        op.execute(f"DROP POLICY support_read ON {table}")
    op.drop_index(op.f("ix_platform_audit_logs_created_at"), table_name="platform_audit_logs")
    op.drop_index(
        op.f("ix_platform_audit_logs_actor_id_created_at"), table_name="platform_audit_logs"
    )
    op.drop_table("platform_audit_logs")
    op.drop_constraint(op.f("ck_audit_logs_actor_type"), "audit_logs", type_="check")
    # NOT VALID: entries made by support staff stay in the history; only new rows are checked.
    op.execute(
        "ALTER TABLE audit_logs ADD CONSTRAINT ck_audit_logs_actor_type"
        " CHECK (actor_type IN ('user', 'api_client', 'system', 'rule')) NOT VALID"
    )
    op.drop_constraint(op.f("ck_support_grants_role"), "support_grants", type_="check")
    op.drop_column("support_grants", "role")
    op.drop_column("support_grants", "staff_name")
    op.drop_column("support_grants", "staff_email")
