"""lost chats (the owner is told once), the chat a card thread lives in

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-30 08:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lostchat",
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("told", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "chat_id", "reason"),
    )
    op.create_index(op.f("ix_lostchat_project_id"), "lostchat", ["project_id"], unique=False)
    with op.batch_alter_table("cardthread") as batch:
        batch.add_column(
            sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    # Telegram thread keys are "<chat id>" or "<chat id>:<topic or root>": their chat is known.
    op.execute(
        "UPDATE cardthread SET chat_id = CASE WHEN instr(target, ':') > 0 "
        "THEN substr(target, 1, instr(target, ':') - 1) ELSE target END "
        "WHERE platform = 'telegram'"
        if op.get_bind().dialect.name == "sqlite"
        else "UPDATE cardthread SET chat_id = split_part(target, ':', 1) "
        "WHERE platform = 'telegram'"
    )


def downgrade() -> None:
    with op.batch_alter_table("cardthread") as batch:
        batch.drop_column("chat_id")
    op.drop_index(op.f("ix_lostchat_project_id"), table_name="lostchat")
    op.drop_table("lostchat")
