"""The database engine, sessions and Alembic migration entry points."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, text
from sqlmodel import Session, create_engine

from core.errors import BadInput

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATE_LOCK = 0x4C42_4D49_4752  # "LBMIGR": the PostgreSQL advisory lock `migrate` holds
# Undo steps for side effects outside the database (a newly stored file) of the transaction
# open in this context: run when it rolls back, dropped when it commits.
_undo: ContextVar[list[Callable[[], None]] | None] = ContextVar("lightbox_undo", default=None)


def on_rollback(undo: Callable[[], None]) -> None:
    """Run `undo` if the transaction open in this context rolls back (no-op outside one)."""
    steps = _undo.get()
    if steps is not None:
        steps.append(undo)


def _refuse_unstorable_text(
    _conn: object, _cursor: object, statement: str, parameters: Any, _context: object, _many: bool
) -> tuple[str, Any]:
    """The last guard for text: PostgreSQL refuses NUL, UTF-8 refuses lone surrogates.

    Inputs are validated where they arrive (core.names); this turns anything that slipped past
    into the same clear BadInput on both databases instead of a driver error.
    """
    rows = parameters if isinstance(parameters, list | tuple) and _many else [parameters]
    for row in rows:
        if isinstance(row, dict):
            values: Any = row.values()
        elif isinstance(row, list | tuple):
            values = row
        else:  # SQLite's batched insert passes one flat row of values as the parameters
            values = (row,)
        for value in values:
            if isinstance(value, str) and _unstorable(value):
                raise BadInput(
                    "the text contains a NUL byte or an invalid character (U+0000 or a lone "
                    "surrogate); remove it and use plain text"
                )
    return statement, parameters


def _unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def make_engine(url: str) -> Engine:
    """An engine for SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        event.listen(engine, "before_cursor_execute", _refuse_unstorable_text, retval=True)
        return engine
    # No server-side prepared statements: after five runs psycopg would prepare a query, and
    # PostgreSQL may then keep one generic plan for every value; a prompt search planned
    # without its words cannot choose between the trigram index and a newest-first walk.
    engine = create_engine(
        url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        connect_args={"prepare_threshold": None},
    )
    event.listen(engine, "before_cursor_execute", _refuse_unstorable_text, retval=True)
    return engine


def held(session: Session, row: T | None) -> T | None:
    """`row`, held for the session's life. The identity map keeps rows only while something
    refers to them, so a row looked up by key and dropped (a membership, a focus) would be
    read again by the next `session.get` in the same transaction; held, it is not."""
    if row is not None:
        session.info.setdefault("held", []).append(row)
    return row


class Database:
    """Owns the engine; hands out sessions that commit on success and roll back on error."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction; files stored during it are removed again if it rolls back."""
        undo: list[Callable[[], None]] = []
        token = _undo.set(undo)
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    for step in reversed(undo):
                        with contextlib.suppress(Exception):
                            step()
                    raise
        finally:
            _undo.reset(token)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision. On PostgreSQL an advisory lock is
        held around the upgrade: processes migrating at once take turns, and those after the
        first find the schema at head and change nothing."""
        url = str(self.engine.url.render_as_string(False))
        if self.engine.dialect.name != "postgresql":
            command.upgrade(alembic_config(url), "head")
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATE_LOCK})
            try:
                command.upgrade(alembic_config(url), "head")
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATE_LOCK})

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
