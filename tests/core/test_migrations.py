"""The Alembic migrations and the SQLModel tables must describe the same schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import core.models  # noqa: F401
from core.db import Database


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_models_and_migrations_do_not_drift(migrated: dict[str, str], backend: str) -> None:
    db = Database.from_url(migrated[backend])
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    db.dispose()
    assert diff == [], f"models and migrations differ; add a migration for: {diff}"
