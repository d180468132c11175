"""Contact sheets rendered once per content: cached by the hash of thumbnails, marks, layout."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.exc import IntegrityError

from core.contact_sheet import Sheet, Tile, draw_sheet, layout_for
from core.db import Database
from core.models import SheetCache
from core.ports import Storage
from core.sheet_limits import ANY_CHAT, SheetLimits

LAYOUT_VERSION = "sheet-2"


def sheet_key(tiles: list[Tile], limits: SheetLimits) -> str:
    """What makes two sheets the same picture: the thumbnails' shas in order, their labels,
    numbers and marks, the grid and the limits it was sized for."""
    grid = layout_for(len(tiles), limits)
    content = {
        "layout": [LAYOUT_VERSION, grid.columns, grid.rows, grid.tile],
        "limits": [limits.max_bytes, limits.max_side_sum, limits.max_ratio],
        "tiles": [[t.key, t.label, t.number, list(t.marks)] for t in tiles],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


class SheetCatalogue:
    """Finds a sheet already drawn for the same content, or draws and records it."""

    def __init__(self, db: Database, storage: Storage):
        self._db = db
        self.storage = storage
        self.drawn = 0
        """Sheets drawn by this catalogue (not found in the cache)."""

    def sheet(self, tiles: list[Tile], limits: SheetLimits = ANY_CHAT) -> Sheet | None:
        if not tiles:
            return None
        key = sheet_key(tiles, limits)
        with self._db.session() as session:
            row = session.get(SheetCache, key)
            if row is not None and self.storage.exists(row.image_sha):
                return Sheet(row.image_sha, row.width, row.height, row.size_bytes)
        drawn = draw_sheet(self.storage, tiles, limits)
        assert drawn is not None
        self.drawn += 1
        self._record(key, drawn)
        return drawn

    def _record(self, key: str, drawn: Sheet) -> None:
        """Remember the sheet (another process drawing the same one at once is fine)."""
        try:
            with self._db.session() as session:
                row = session.get(SheetCache, key)
                if row is None:
                    row = SheetCache(key=key, image_sha=drawn.key, width=0, height=0, size_bytes=0)
                row.image_sha, row.width, row.height = drawn.key, drawn.width, drawn.height
                row.size_bytes = drawn.size_bytes
                session.add(row)
        except IntegrityError:
            pass
