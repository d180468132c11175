"""Each gallery answer kept by id: its ⏪ older button names the sheet, so pressing it pages the
gallery of the message pressed (any number of them in a chat), within every platform's
button-data limits (a number, never the search text)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, delete

from core.errors import NotFound
from core.models import GallerySheet
from core.models.base import row_id, utcnow
from core.projects import Context

KEPT_FOR = timedelta(days=30)
"""Older sheets are let go (their ⏪ older says so; the gallery can be asked for again)."""


def keep(session: Session, ctx: Context, kind: str, subject: str, cursor: int | None) -> int:
    """Store one shown page; its id goes into the page's ⏪ older button."""
    session.exec(delete(GallerySheet).where(col(GallerySheet.created_at) < utcnow() - KEPT_FOR))
    sheet = GallerySheet(project_id=row_id(ctx.project), kind=kind, subject=subject, cursor=cursor)
    session.add(sheet)
    session.flush()
    return row_id(sheet)


def load(session: Session, ctx: Context, sheet_id: int) -> tuple[GallerySheet, dict[str, Any]]:
    """A sheet of this chat's project with its subject (NotFound for another project's)."""
    sheet = session.get(GallerySheet, sheet_id) if sheet_id > 0 else None
    if sheet is None or sheet.project_id != ctx.project.id:
        raise NotFound("this gallery is no longer kept; ask for it again (/gallery, /feed gallery)")
    loaded = json.loads(sheet.subject or "{}")
    return sheet, loaded if isinstance(loaded, dict) else {}
