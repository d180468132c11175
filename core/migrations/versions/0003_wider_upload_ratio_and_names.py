"""wider columns: an upload's aspect ratio, a platform display name

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 05:30:00.000000
"""

from collections.abc import Sequence

import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version") as batch:
        batch.alter_column(
            "aspect_ratio",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=8),
            type_=sqlmodel.sql.sqltypes.AutoString(length=24),
            existing_nullable=False,
        )
    with op.batch_alter_table("user") as batch:
        batch.alter_column(
            "display_name",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=100),
            type_=sqlmodel.sql.sqltypes.AutoString(length=256),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.alter_column(
            "display_name",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=256),
            type_=sqlmodel.sql.sqltypes.AutoString(length=100),
            existing_nullable=False,
        )
    with op.batch_alter_table("version") as batch:
        batch.alter_column(
            "aspect_ratio",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=24),
            type_=sqlmodel.sql.sqltypes.AutoString(length=8),
            existing_nullable=False,
        )
