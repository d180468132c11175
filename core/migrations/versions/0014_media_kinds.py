"""Media kinds: a version may hold a video, audio or 3D file beside its poster image

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 14:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version") as batch:
        batch.add_column(
            sa.Column("media_kind", sa.String(length=8), nullable=False, server_default="image")
        )
        batch.add_column(sa.Column("media_sha", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("media_mime", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("duration_seconds", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("version") as batch:
        for name in ("duration_seconds", "media_mime", "media_sha", "media_kind"):
            batch.drop_column(name)
