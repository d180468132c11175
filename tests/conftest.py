"""Shared fixtures: every database test runs on SQLite and on a throwaway PostgreSQL database."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from core.db import Database
from core.settings import Settings
from core.views import CardView, VersionView
from workers.runtime import Runtime

PG_ADMIN = os.environ.get("LIGHTBOX_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("LIGHTBOX_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test run, dropped at the end."""
    name = f"lightbox_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> dict[str, str]:
    """Both databases, migrated once per run through Alembic."""
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'lightbox.db'}"
    for url in (sqlite_url, pg_url):
        db = Database.from_url(url)
        db.migrate()
        db.dispose()
    return {"sqlite": sqlite_url, "postgres": pg_url}


def wipe(url: str) -> None:
    """Empty every table (fast reset between tests)."""
    db = Database.from_url(url)
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
            )
        else:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
    db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, migrated: dict[str, str]) -> str:
    url = migrated[request.param]
    wipe(url)
    return url


class RecordingSink:
    """A DeliverySink that keeps what it was asked to post."""

    def __init__(self, platform: str = "console"):
        self.platform = platform
        self.posts: list[tuple[VersionView, str, str | None]] = []
        self.removed: list[tuple[str, str]] = []
        self.headers: list[tuple[CardView, str, str]] = []
        self.lock = threading.Lock()

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        with self.lock:
            self.posts.append((view, target, message_id))
            return message_id or f"{self.platform}-{len(self.posts)}"

    def remove(self, target: str, message_id: str) -> None:
        with self.lock:
            self.removed.append((target, message_id))

    def refresh_header(self, view: CardView, target: str, header_message_id: str) -> None:
        with self.lock:
            self.headers.append((view, target, header_message_id))


def make_settings(db_url: str, data_dir: Path, **extra: object) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=data_dir,
        redis_url=None,
        _env_file=None,  # type: ignore[call-arg]
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def runtime(db_url: str, tmp_path: Path, sink: RecordingSink) -> Iterator[Runtime]:
    """An embedded runtime (in-process broker and worker threads) on the test database."""
    rt = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"console": sink})
    rt.start_worker(threads=4, sweep_interval=None)
    yield rt
    rt.stop()
