"""Search entries: PostgreSQL full-text search (Portuguese + unaccent) and trigram
matching for documents and transactions, under row-level security.

``search_vector`` is stored and kept by a BEFORE trigger rather than declared
``GENERATED ALWAYS ... STORED``: PostgreSQL rejects any INSERT that names a
generated column, even with the value it would compute, which breaks the
generic whole-row copies that tests/db/test_rls_isolation.py uses to prove
cross-tenant inserts fail. The trigger overwrites whatever the caller sends,
so the column can no more drift from the text than a generated one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.rls import enable_tenant_rls, grant_app_role

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of backend/search/models.py: a migration must not change when the model does.
TS_CONFIG = "conciliacontag_pt"
# Identifiers and the title rank highest, then the counterparty, then free text.
SEARCH_VECTOR_SQL = (
    f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(NEW.title, '')), 'A')"
    f" || setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(NEW.keywords, '')), 'A')"
    f" || setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(NEW.counterparty, '')), 'B')"
    f" || setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(NEW.content, '')), 'C')"
)


def upgrade() -> None:
    # Portuguese stemming after accent folding; unaccent and pg_trgm come from provisioning.
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = portuguese)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG}"
        " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem"
    )
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("entity_type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("counterparty", sa.String(), nullable=True),
        sa.Column("amount", sa.Numeric(20, 2), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("match_text", sa.Text(), nullable=False),
        sa.Column("search_vector", postgresql.TSVECTOR(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "entity_type IN ('document', 'transaction')",
            name=op.f("ck_search_entries_entity_type"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_search_entries_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint(
            "organization_id",
            "entity_type",
            "entity_id",
            name=op.f("uq_search_entries_organization_id_entity_type_entity_id"),
        ),
    )
    op.create_index(
        op.f("ix_search_entries_organization_id_occurred_on"),
        "search_entries",
        ["organization_id", "occurred_on"],
        unique=False,
    )
    op.create_index(
        "ix_search_entries_search_vector",
        "search_entries",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_entries_match_text_trgm",
        "search_entries",
        ["match_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"match_text": "gin_trgm_ops"},
    )
    op.execute(
        "CREATE FUNCTION search_entries_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN NEW.search_vector := {SEARCH_VECTOR_SQL}; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER search_entries_search_vector"
        " BEFORE INSERT OR UPDATE OF title, keywords, counterparty, content, search_vector"
        " ON search_entries FOR EACH ROW EXECUTE FUNCTION search_entries_search_vector()"
    )
    enable_tenant_rls("search_entries")
    grant_app_role(read_write=["search_entries"])


def downgrade() -> None:
    op.drop_table("search_entries")
    op.execute("DROP FUNCTION search_entries_search_vector()")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION {TS_CONFIG}")
