"""credits: wallets, ledger entries, plan assignments, project budgets; job owner and priority

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 08:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_time = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "wallet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", _text(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("touched_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_kind", "owner_id"),
    )
    op.create_table(
        "ledgerentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wallet_id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("held", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("stage", _text(length=8), nullable=True),
        sa.Column("reference", _text(length=128), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", _text(length=200), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["wallet_id"], ["wallet.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "stage"),
        sa.UniqueConstraint("wallet_id", "kind", "reference"),
    )
    op.create_index(op.f("ix_ledgerentry_wallet_id"), "ledgerentry", ["wallet_id"])
    op.create_index(op.f("ix_ledgerentry_created_at"), "ledgerentry", ["created_at"])
    op.create_table(
        "planassignment",
        sa.Column("scope", _text(length=16), nullable=False),
        sa.Column("subject", _text(length=64), nullable=False),
        sa.Column("plan", _text(length=64), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "subject"),
    )
    op.create_table(
        "projectbudget",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("monthly_budget", sa.BigInteger(), nullable=True),
        sa.Column("member_daily_limit", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", _time(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("project_id"),
    )
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("max_running", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index(batch.f("ix_job_owner_id"), ["owner_id"])
        batch.create_foreign_key("fk_job_owner_id_user", "user", ["owner_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_constraint("fk_job_owner_id_user", type_="foreignkey")
        batch.drop_index(batch.f("ix_job_owner_id"))
        batch.drop_column("max_running")
        batch.drop_column("priority")
        batch.drop_column("owner_id")
    op.drop_table("projectbudget")
    op.drop_table("planassignment")
    op.drop_index(op.f("ix_ledgerentry_created_at"), table_name="ledgerentry")
    op.drop_index(op.f("ix_ledgerentry_wallet_id"), table_name="ledgerentry")
    op.drop_table("ledgerentry")
    op.drop_table("wallet")
