"""Regenerate the initial migration from the models (development only, before the first release)."""

import pathlib
import tempfile

from alembic import command

from core.db import alembic_config

versions = pathlib.Path("core/migrations/versions")
for old in versions.glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    config = alembic_config(f"sqlite:///{tmp}/gen.db")
    command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
