"""trigram indexes for prompt search on PostgreSQL (a long history stays searchable)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Search matches lower(text) LIKE '%words%': a trigram GIN index answers that without reading
# every row. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
# SQLite has no such index; its searches read the project's rows as before.
INDEXES = (
    ("ix_version_prompt_trgm", "version", "prompt"),
    ("ix_card_prompt_trgm", "card", "prompt"),
    ("ix_card_title_trgm", "card", "title"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        using = f"gin (lower({column}) gin_trgm_ops)"
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" USING {using}')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _table, _column in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
