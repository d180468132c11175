"""gallery sheets: each gallery answer's subject and cursor, so its ⏪ older pages it

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 12:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gallerysheet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gallerysheet", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gallerysheet_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gallerysheet_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("gallerysheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gallerysheet_created_at"))
        batch_op.drop_index(batch_op.f("ix_gallerysheet_project_id"))
    op.drop_table("gallerysheet")
