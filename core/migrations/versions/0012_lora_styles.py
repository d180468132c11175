"""LoRA styles: the LoRAs of a card's draft and of each version made with them

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 11:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("card", "version"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("loras", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    for table in ("version", "card"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("loras")
