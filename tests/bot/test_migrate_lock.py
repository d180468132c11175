"""`lightbox migrate` run twice at once on PostgreSQL: one waits, both succeed, one upgrade."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.script import ScriptDirectory

from core.db import MIGRATE_LOCK, alembic_config
from tests.conftest import PG_ADMIN
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """An empty PostgreSQL database (psycopg URL), dropped afterwards."""
    name = f"lightbox_migrate_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_migrate(url: str, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env.update(
        PYTHONPATH=str(REPO),
        PYTHONIOENCODING="utf-8",
        LIGHTBOX_DATA_DIR=str(cwd / "data"),
        LIGHTBOX_DATABASE_URL=url.replace("postgresql://", "postgresql+psycopg://"),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "migrate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )


def waiting_for_lock(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    ).fetchone()
    return int(row[0]) if row else 0


def test_two_migrations_at_once_take_turns_and_upgrade_once(fresh_pg: str, tmp_path: Path) -> None:
    head = ScriptDirectory.from_config(alembic_config(fresh_pg)).get_current_head()
    with psycopg.connect(fresh_pg, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK,))  # a migration under way
        runs = [start_migrate(fresh_pg, tmp_path) for _ in range(2)]
        try:
            wait_until(lambda: waiting_for_lock(holder) == 2, "both migrations waiting", 60)
            tables = holder.execute("SELECT to_regclass('alembic_version')").fetchone()
            assert tables == (None,)  # neither started upgrading while the lock was held
            holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK,))
            outputs = [run.communicate(timeout=120) for run in runs]
        finally:
            for run in runs:
                if run.poll() is None:
                    run.kill()
                    run.wait()
        for run, (out, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, err
            assert "database is up to date" in out
        versions = holder.execute("SELECT version_num FROM alembic_version").fetchall()
        assert versions == [(head,)]
