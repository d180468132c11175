"""Shared column helpers for the tables."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC, as stored in every timestamp column."""
    return datetime.now(UTC)
