"""Shared column helpers for the tables."""

from datetime import UTC, datetime
from typing import Protocol


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC, as stored in every timestamp column."""
    return datetime.now(UTC)


class HasId(Protocol):
    """A table row with a generated integer primary key (None until it is flushed)."""

    @property
    def id(self) -> int | None: ...


def row_id(row: HasId) -> int:
    """The primary key of a row that is in the database; raises if it was never flushed."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: it was never flushed")
    return row.id
