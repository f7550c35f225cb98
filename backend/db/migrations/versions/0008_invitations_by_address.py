"""Invitations are addressed to an e-mail and name no user until accepted.

Inviting used to create (or find) the global user and a membership at once, which let
one organization read another's user (name, last login) and, through the token it got
back, rename them. Now an invitation holds the address and the name the inviter
typed; the user and the membership exist only once the person accepts with the token
that was mailed to them. Pending rows of the old shape keep working: their address and
name are copied from the user they named.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("invitations", sa.Column("email", postgresql.CITEXT(), nullable=True))
    op.add_column("invitations", sa.Column("name", sa.String(), nullable=True))
    op.add_column("invitations", sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    op.alter_column("invitations", "user_id", existing_type=sa.Uuid(), nullable=True)
    # The owner reads across tenants only while FORCE is lifted, inside this transaction.
    for table in ("users", "invitations"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(
        "UPDATE invitations i SET email = u.email, name = u.name FROM users u"
        " WHERE u.id = i.user_id"
    )
    for table in ("users", "invitations"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.alter_column("invitations", "email", existing_type=postgresql.CITEXT(), nullable=False)
    op.alter_column("invitations", "name", existing_type=sa.String(), nullable=False)
    op.create_index(
        op.f("ix_invitations_organization_id_email"),
        "invitations",
        ["organization_id", "email"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_invitations_organization_id_email"), table_name="invitations")
    op.execute("DELETE FROM invitations WHERE user_id IS NULL")
    op.alter_column("invitations", "user_id", existing_type=sa.Uuid(), nullable=False)
    op.drop_column("invitations", "revoked_at")
    op.drop_column("invitations", "name")
    op.drop_column("invitations", "email")
