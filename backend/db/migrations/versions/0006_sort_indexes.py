"""Indexes for the connections' keyset sorts: (tenant, sort value, id).

Without them a documents page sorted by number or issue date read and sorted the whole
tenant (83 ms on 100,000 documents idle, 200-270 ms under load); with them it reads
one page of the index (0.08 ms). bench/graphql.py measures it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Expression indexes (the sorts coalesce NULLs away); Alembic does not compare these.
_EXPRESSIONS = {
    "ix_documents_sort_issued": (
        "documents",
        "organization_id, (coalesce(issued_at, created_at)), id",
    ),
    "ix_documents_sort_number": ("documents", "organization_id, (coalesce(number, '')), id"),
}


def upgrade() -> None:
    for name, (table, columns) in _EXPRESSIONS.items():
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    op.create_index(
        op.f("ix_documents_organization_id_total_amount_id"),
        "documents",
        ["organization_id", "total_amount", "id"],
    )
    op.create_index(
        op.f("ix_documents_organization_id_created_at_id"),
        "documents",
        ["organization_id", "created_at", "id"],
    )
    op.create_index(
        op.f("ix_transactions_organization_id_posted_date_id"),
        "transactions",
        ["organization_id", "posted_date", "id"],
    )
    op.create_index(
        op.f("ix_reconciliations_organization_id_status_score_id"),
        "reconciliations",
        ["organization_id", "status", "score", "id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_reconciliations_organization_id_status_score_id"), table_name="reconciliations"
    )
    op.drop_index(op.f("ix_transactions_organization_id_posted_date_id"), table_name="transactions")
    op.drop_index(op.f("ix_documents_organization_id_created_at_id"), table_name="documents")
    op.drop_index(op.f("ix_documents_organization_id_total_amount_id"), table_name="documents")
    for name in _EXPRESSIONS:
        op.execute(f"DROP INDEX {name}")
