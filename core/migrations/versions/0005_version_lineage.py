"""version lineage: the edit operation, its parameters and its mask

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30 08:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version") as batch:
        batch.add_column(
            sa.Column(
                "operation",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="generate",
            )
        )
        batch.add_column(sa.Column("op_params", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("mask_sha", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("version") as batch:
        batch.drop_column("mask_sha")
        batch.drop_column("op_params")
        batch.drop_column("operation")
