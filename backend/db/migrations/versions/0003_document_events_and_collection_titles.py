"""Document events (cancellations and others, applied whenever they arrive) and CNAB
collection titles (for the three-way match), both under row-level security.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.rls import enable_tenant_rls, grant_app_role

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_events",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("access_key", sa.String(length=50), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("cancels", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_document_events_file_id_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_document_events_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_events")),
        sa.UniqueConstraint(
            "organization_id",
            "access_key",
            "event_type",
            "sequence",
            name=op.f("uq_document_events_organization_id_access_key_event_type_sequence"),
        ),
    )
    op.create_index(
        op.f("ix_document_events_organization_id_access_key"),
        "document_events",
        ["organization_id", "access_key"],
        unique=False,
    )
    op.create_table(
        "collection_titles",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("bank_account_id", sa.Uuid(), nullable=True),
        sa.Column("file_id", sa.Uuid(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("nosso_numero", sa.String(), nullable=True),
        sa.Column("seu_numero", sa.String(), nullable=True),
        sa.Column("occurrence_code", sa.String(), nullable=False),
        sa.Column("occurrence_meaning", sa.String(), nullable=True),
        sa.Column("liquidated", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("amount_paid", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("interest_fine", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("discount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("rebate", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("bank_fee", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("credit_date", sa.Date(), nullable=True),
        sa.Column("payer_name", sa.String(), nullable=True),
        sa.Column("payer_tax_id", sa.String(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["bank_accounts.id"],
            name=op.f("fk_collection_titles_bank_account_id_bank_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_collection_titles_file_id_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_collection_titles_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_titles")),
        sa.UniqueConstraint(
            "organization_id",
            "fingerprint",
            name=op.f("uq_collection_titles_organization_id_fingerprint"),
        ),
    )
    op.create_index(
        op.f("ix_collection_titles_organization_id_credit_date"),
        "collection_titles",
        ["organization_id", "credit_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_collection_titles_organization_id_nosso_numero"),
        "collection_titles",
        ["organization_id", "nosso_numero"],
        unique=False,
    )

    for table in ("document_events", "collection_titles"):
        enable_tenant_rls(table)
    grant_app_role(read_write=["document_events", "collection_titles"])


def downgrade() -> None:
    op.drop_index(
        op.f("ix_collection_titles_organization_id_nosso_numero"), table_name="collection_titles"
    )
    op.drop_index(
        op.f("ix_collection_titles_organization_id_credit_date"), table_name="collection_titles"
    )
    op.drop_table("collection_titles")
    op.drop_index(
        op.f("ix_document_events_organization_id_access_key"), table_name="document_events"
    )
    op.drop_table("document_events")
