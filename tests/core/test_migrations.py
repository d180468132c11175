"""The Alembic migrations and the SQLModel tables must describe the same schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import core.models  # noqa: F401
from core.db import Database


def _declared(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    """PostgreSQL's trigram search indexes (migration 0013) live only in the migrations: a model
    cannot declare an index for one dialect, and SQLite has no such index."""
    return not (kind == "index" and reflected and (name or "").endswith("_trgm"))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_models_and_migrations_do_not_drift(migrated: dict[str, str], backend: str) -> None:
    db = Database.from_url(migrated[backend])
    with db.engine.connect() as conn:
        opts = {"compare_type": True, "include_object": _declared}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, SQLModel.metadata)
    db.dispose()
    assert diff == [], f"models and migrations differ; add a migration for: {diff}"


def test_prompt_search_has_trigram_indexes_on_postgresql(migrated: dict[str, str]) -> None:
    db = Database.from_url(migrated["postgres"])
    with db.engine.connect() as conn:
        names = set(conn.execute(text("SELECT indexname FROM pg_indexes")).scalars())
    db.dispose()
    assert {"ix_version_prompt_trgm", "ix_card_prompt_trgm", "ix_card_title_trgm"} <= names
