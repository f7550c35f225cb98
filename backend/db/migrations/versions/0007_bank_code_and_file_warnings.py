"""Bank ids as long as the formats allow them, and warnings on files.

``bank_accounts.bank_code`` was varchar(3) (a FEBRABAN/COMPE code), but an OFX BANKID
may have up to 9 characters: such a statement failed in the database. Three-digit codes
stay three digits (the statements reader normalises them); other ids are kept as given.
``files.warnings`` holds problems that did not stop the file (a document of another
company, a side effect after storage that failed), in the shape documents use.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column(
        "bank_accounts",
        "bank_code",
        type_=sa.String(length=9),
        existing_type=sa.String(length=3),
        existing_nullable=True,
    )
    op.add_column(
        "files",
        sa.Column(
            "warnings",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
    )


def downgrade() -> None:
    op.drop_column("files", "warnings")
    # Ids longer than a COMPE code cannot go back into varchar(3): drop them, keep the rows.
    op.execute("UPDATE bank_accounts SET bank_code = NULL WHERE length(bank_code) > 3")
    op.alter_column(
        "bank_accounts",
        "bank_code",
        type_=sa.String(length=3),
        existing_type=sa.String(length=9),
        existing_nullable=True,
    )
