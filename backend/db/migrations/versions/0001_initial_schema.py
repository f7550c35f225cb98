"""Initial schema: tenants, users, files, documents, transactions, reconciliations,
rules, audit log and credentials, with row-level security on every tenant table.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.rls import enable_tenant_rls, grant_app_role

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organizations_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("email", postgresql.CITEXT(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "api_clients",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_api_clients_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_api_clients_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_api_clients_client_id")),
    )
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("actor_type", sa.String(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity_type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("request_id", sa.String(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "actor_type IN ('user', 'api_client', 'system', 'rule')",
            name=op.f("ck_audit_logs_actor_type"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_logs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
    )
    op.create_index(
        op.f("ix_audit_logs_organization_id_created_at"),
        "audit_logs",
        ["organization_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_audit_logs_organization_id_entity_type_entity_id"),
        "audit_logs",
        ["organization_id", "entity_type", "entity_id"],
        unique=False,
    )
    op.create_table(
        "companies",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("cnpj", sa.String(length=14), nullable=False),
        sa.Column("legal_name", sa.String(), nullable=False),
        sa.Column("trade_name", sa.String(), nullable=True),
        sa.Column("state_registration", sa.String(), nullable=True),
        sa.Column("municipality_code", sa.String(length=7), nullable=True),
        sa.Column("uf", sa.String(length=2), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_companies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint(
            "organization_id", "cnpj", name=op.f("uq_companies_organization_id_cnpj")
        ),
    )
    op.create_table(
        "files",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=True),
        sa.Column("detected_kind", sa.String(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("storage_key", sa.String(), nullable=False),
        sa.Column("archive_member", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("error_code", sa.String(), nullable=True),
        sa.Column("error_message", sa.String(), nullable=True),
        sa.Column("error_location", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("members_count", sa.Integer(), nullable=False),
        sa.Column("documents_count", sa.Integer(), nullable=False),
        sa.Column("transactions_count", sa.Integer(), nullable=False),
        sa.Column("errors_count", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
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
            "status IN ('uploaded', 'processing', 'processed', 'failed')",
            name=op.f("ck_files_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_files_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["files.id"], name=op.f("fk_files_parent_id_files"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_files_uploaded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint(
            "organization_id", "sha256", name=op.f("uq_files_organization_id_sha256")
        ),
    )
    op.create_index(
        op.f("ix_files_organization_id_status_created_at"),
        "files",
        ["organization_id", "status", "created_at"],
        unique=False,
    )
    op.create_index(op.f("ix_files_parent_id"), "files", ["parent_id"], unique=False)
    op.create_table(
        "memberships",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
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
            "role IN ('admin', 'manager', 'operator', 'auditor')", name=op.f("ck_memberships_role")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_memberships_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "organization_id", "user_id", name=op.f("uq_memberships_organization_id_user_id")
        ),
    )
    op.create_index(op.f("ix_memberships_user_id"), "memberships", ["user_id"], unique=False)
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_refresh_tokens_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_refresh_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_refresh_tokens_organization_id_family_id"),
        "refresh_tokens",
        ["organization_id", "family_id"],
        unique=False,
    )
    op.create_index(op.f("ix_refresh_tokens_user_id"), "refresh_tokens", ["user_id"], unique=False)
    op.create_table(
        "rules",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_rules_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rules_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
        sa.UniqueConstraint("organization_id", "name", name=op.f("uq_rules_organization_id_name")),
    )
    op.create_index(
        op.f("ix_rules_organization_id_is_active_priority"),
        "rules",
        ["organization_id", "is_active", "priority"],
        unique=False,
    )
    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("bank_code", sa.String(length=3), nullable=True),
        sa.Column("branch", sa.String(), nullable=True),
        sa.Column("account_number", sa.String(), nullable=True),
        sa.Column("account_digit", sa.String(), nullable=True),
        sa.Column("ledger_code", sa.String(), nullable=True),
        sa.Column("account_key", sa.String(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
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
            "kind IN ('bank', 'card', 'ledger')", name=op.f("ck_bank_accounts_kind")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_bank_accounts_company_id_companies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_bank_accounts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
        sa.UniqueConstraint(
            "organization_id",
            "account_key",
            name=op.f("uq_bank_accounts_organization_id_account_key"),
        ),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("file_id", sa.Uuid(), nullable=True),
        sa.Column("danfe_file_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("access_key", sa.String(length=50), nullable=True),
        sa.Column("natural_key", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("series", sa.String(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("issuer_tax_id", sa.String(), nullable=True),
        sa.Column("issuer_name", sa.String(), nullable=True),
        sa.Column("recipient_tax_id", sa.String(), nullable=True),
        sa.Column("recipient_name", sa.String(), nullable=True),
        sa.Column("counterparty_tax_id", sa.String(), nullable=True),
        sa.Column("total_amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("confidence", sa.Numeric(precision=4, scale=3), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("warnings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
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
            "direction IN ('receivable', 'payable', 'unknown')", name=op.f("ck_documents_direction")
        ),
        sa.CheckConstraint(
            "status IN ('authorized', 'cancelled', 'denied', 'unknown')",
            name=op.f("ck_documents_status"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_documents_company_id_companies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["danfe_file_id"],
            ["files.id"],
            name=op.f("fk_documents_danfe_file_id_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["files.id"], name=op.f("fk_documents_file_id_files"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_documents_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint(
            "organization_id", "access_key", name=op.f("uq_documents_organization_id_access_key")
        ),
        sa.UniqueConstraint(
            "organization_id", "natural_key", name=op.f("uq_documents_organization_id_natural_key")
        ),
    )
    op.create_index(
        op.f("ix_documents_organization_id_counterparty_tax_id"),
        "documents",
        ["organization_id", "counterparty_tax_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_documents_organization_id_status_issued_at"),
        "documents",
        ["organization_id", "status", "issued_at"],
        unique=False,
    )
    op.create_table(
        "reconciliations",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("score", sa.Numeric(precision=6, scale=4), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("difference_amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("decided_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
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
            "decided_by IN ('system', 'rule', 'user')", name=op.f("ck_reconciliations_decided_by")
        ),
        sa.CheckConstraint(
            "status IN ('matched', 'suggested', 'rejected')", name=op.f("ck_reconciliations_status")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_reconciliations_decided_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reconciliations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["rules.id"],
            name=op.f("fk_reconciliations_rule_id_rules"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliations")),
    )
    op.create_index(
        op.f("ix_reconciliations_organization_id_status_created_at"),
        "reconciliations",
        ["organization_id", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "document_installments",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("open_amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
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
            "status IN ('open', 'partial', 'reconciled', 'ignored')",
            name=op.f("ck_document_installments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_installments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_document_installments_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_installments")),
        # A NULL number is the whole document (no dup); only one of those per document.
        sa.UniqueConstraint(
            "document_id",
            "number",
            name=op.f("uq_document_installments_document_id_number"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index(
        op.f("ix_document_installments_organization_id_status_due_date"),
        "document_installments",
        ["organization_id", "status", "due_date"],
        unique=False,
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("bank_account_id", sa.Uuid(), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("entry_kind", sa.String(), nullable=False),
        sa.Column("posted_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("open_amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("counterparty_name", sa.String(), nullable=True),
        sa.Column("counterparty_tax_id", sa.String(), nullable=True),
        sa.Column("external_refs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("balance", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
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
            "status IN ('open', 'partial', 'reconciled', 'ignored')",
            name=op.f("ck_transactions_status"),
        ),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["bank_accounts.id"],
            name=op.f("fk_transactions_bank_account_id_bank_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_transactions_file_id_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_transactions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
        sa.UniqueConstraint(
            "organization_id",
            "bank_account_id",
            "fingerprint",
            name=op.f("uq_transactions_organization_id_bank_account_id_fingerprint"),
        ),
    )
    op.create_index(
        op.f("ix_transactions_organization_id_amount"),
        "transactions",
        ["organization_id", "amount"],
        unique=False,
    )
    op.create_index(
        op.f("ix_transactions_organization_id_status_posted_date"),
        "transactions",
        ["organization_id", "status", "posted_date"],
        unique=False,
    )
    op.create_table(
        "reconciliation_items",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("reconciliation_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("installment_id", sa.Uuid(), nullable=True),
        sa.Column("transaction_id", sa.Uuid(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(side = 'document' AND transaction_id IS NULL"
            " AND (document_id IS NOT NULL OR installment_id IS NOT NULL))"
            " OR (side = 'transaction' AND transaction_id IS NOT NULL"
            " AND document_id IS NULL AND installment_id IS NULL)",
            name=op.f("ck_reconciliation_items_side_target"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_reconciliation_items_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["installment_id"],
            ["document_installments.id"],
            name=op.f("fk_reconciliation_items_installment_id_document_installments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reconciliation_items_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reconciliation_id"],
            ["reconciliations.id"],
            name=op.f("fk_reconciliation_items_reconciliation_id_reconciliations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["transactions.id"],
            name=op.f("fk_reconciliation_items_transaction_id_transactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_items")),
    )
    op.create_index(
        op.f("ix_reconciliation_items_organization_id_document_id"),
        "reconciliation_items",
        ["organization_id", "document_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reconciliation_items_organization_id_installment_id"),
        "reconciliation_items",
        ["organization_id", "installment_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reconciliation_items_organization_id_transaction_id"),
        "reconciliation_items",
        ["organization_id", "transaction_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reconciliation_items_reconciliation_id"),
        "reconciliation_items",
        ["reconciliation_id"],
        unique=False,
    )

    _security()


# Frozen here on purpose: later migrations add their own tables explicitly.
TENANT_TABLES = (
    "memberships",
    "companies",
    "bank_accounts",
    "files",
    "documents",
    "document_installments",
    "transactions",
    "reconciliations",
    "reconciliation_items",
    "rules",
    "audit_logs",
    "api_clients",
    "refresh_tokens",
)
_ORG = "nullif(current_setting('app.current_org', true), '')::uuid"
_USER = "nullif(current_setting('app.current_user', true), '')::uuid"


def _security() -> None:
    for table in TENANT_TABLES:
        enable_tenant_rls(table)
    # A user sees their own memberships in every organization (to choose where to work).
    op.execute(f"CREATE POLICY member_self ON memberships FOR SELECT USING (user_id = {_USER})")
    # Organizations: the current one, and those the current user belongs to.
    op.execute("ALTER TABLE organizations ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organizations FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY org_visible ON organizations FOR SELECT USING ("
        f"id = {_ORG} OR id IN (SELECT m.organization_id FROM memberships m"
        f" WHERE m.user_id = {_USER}))"
    )
    op.execute(f"CREATE POLICY org_insert ON organizations FOR INSERT WITH CHECK (id = {_ORG})")
    op.execute(
        f"CREATE POLICY org_update ON organizations FOR UPDATE USING (id = {_ORG})"
        f" WITH CHECK (id = {_ORG})"
    )
    # Users are global identities: visible to themselves, to organizations they belong to,
    # and (for login) to a transaction that names their e-mail.
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")
    visible = (
        f"id = {_USER} OR email = nullif(current_setting('app.login_email', true), '')::citext"
        " OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id"
        f" AND m.organization_id = {_ORG})"
    )
    op.execute(f"CREATE POLICY user_visible ON users FOR SELECT USING ({visible})")
    op.execute(
        f"CREATE POLICY user_update ON users FOR UPDATE USING ({visible}) WITH CHECK ({visible})"
    )
    # Creating a user (invitation, seed) needs no tenant; the row stays invisible until a
    # membership links it to an organization.
    op.execute("CREATE POLICY user_insert ON users FOR INSERT WITH CHECK (true)")
    grant_app_role(
        read_write=[t for t in TENANT_TABLES if t != "audit_logs"] + ["organizations", "users"],
        append_only=["audit_logs"],
    )


def downgrade() -> None:
    # These policies read memberships, so they must go before the tables.
    op.execute("DROP POLICY org_visible ON organizations")
    op.execute("DROP POLICY user_visible ON users")
    op.execute("DROP POLICY user_update ON users")
    op.drop_index(
        op.f("ix_reconciliation_items_reconciliation_id"), table_name="reconciliation_items"
    )
    op.drop_index(
        op.f("ix_reconciliation_items_organization_id_transaction_id"),
        table_name="reconciliation_items",
    )
    op.drop_index(
        op.f("ix_reconciliation_items_organization_id_installment_id"),
        table_name="reconciliation_items",
    )
    op.drop_index(
        op.f("ix_reconciliation_items_organization_id_document_id"),
        table_name="reconciliation_items",
    )
    op.drop_table("reconciliation_items")
    op.drop_index(
        op.f("ix_transactions_organization_id_status_posted_date"), table_name="transactions"
    )
    op.drop_index(op.f("ix_transactions_organization_id_amount"), table_name="transactions")
    op.drop_table("transactions")
    op.drop_index(
        op.f("ix_document_installments_organization_id_status_due_date"),
        table_name="document_installments",
    )
    op.drop_table("document_installments")
    op.drop_index(
        op.f("ix_reconciliations_organization_id_status_created_at"), table_name="reconciliations"
    )
    op.drop_table("reconciliations")
    op.drop_index(op.f("ix_documents_organization_id_status_issued_at"), table_name="documents")
    op.drop_index(op.f("ix_documents_organization_id_counterparty_tax_id"), table_name="documents")
    op.drop_table("documents")
    op.drop_table("bank_accounts")
    op.drop_index(op.f("ix_rules_organization_id_is_active_priority"), table_name="rules")
    op.drop_table("rules")
    op.drop_index(op.f("ix_refresh_tokens_user_id"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_organization_id_family_id"), table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index(op.f("ix_memberships_user_id"), table_name="memberships")
    op.drop_table("memberships")
    op.drop_index(op.f("ix_files_parent_id"), table_name="files")
    op.drop_index(op.f("ix_files_organization_id_status_created_at"), table_name="files")
    op.drop_table("files")
    op.drop_table("companies")
    op.drop_index(
        op.f("ix_audit_logs_organization_id_entity_type_entity_id"), table_name="audit_logs"
    )
    op.drop_index(op.f("ix_audit_logs_organization_id_created_at"), table_name="audit_logs")
    op.drop_table("audit_logs")
    op.drop_table("api_clients")
    op.drop_table("users")
    op.drop_table("organizations")
