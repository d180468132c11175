"""How long an archive can be undone, and how old an archive is."""

from __future__ import annotations

from datetime import timedelta

from core.models import Archived
from core.models.base import utcnow

UNDO_WINDOW = timedelta(minutes=10)


def age(row: Archived) -> timedelta:
    at = row.archived_at
    now = utcnow() if at.tzinfo else utcnow().replace(tzinfo=None)
    return now - at
