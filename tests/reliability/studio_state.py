"""A Studio on a real database and local storage, with a queue that only records, and snapshots."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from sqlalchemy import text
from sqlmodel import SQLModel

import core.models  # noqa: F401  (every table on the metadata)
from core.db import Database
from core.storage import LocalStorage
from core.studio import Studio


@dataclass
class RecordingQueue:
    """The JobQueue port without workers: it keeps the ids it was asked to send."""

    generations: list[int] = field(default_factory=list)
    deliveries: list[tuple[int, str]] = field(default_factory=list)
    headers: list[int] = field(default_factory=list)

    def enqueue_generation(self, job_id: int) -> None:
        self.generations.append(job_id)

    def enqueue_delivery(self, delivery_id: int, platform: str) -> None:
        self.deliveries.append((delivery_id, platform))

    def enqueue_header(self, card_id: int) -> None:
        self.headers.append(card_id)


@dataclass
class Bench:
    """What a test drives and inspects: the studio, its database and its storage folder."""

    studio: Studio
    db: Database
    storage_dir: Path
    queue: RecordingQueue


def make_bench(db_url: str, storage_dir: Path) -> Bench:
    db = Database.from_url(db_url)
    queue = RecordingQueue()
    studio = Studio(db, LocalStorage(storage_dir), queue)
    return Bench(studio, db, storage_dir, queue)


def png(size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int], color: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=80)
    return out.getvalue()


def rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: equal snapshots mean nothing changed."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            result = conn.execute(text(f'SELECT * FROM "{table.name}"'))
            found[table.name] = sorted((tuple(r) for r in result), key=repr)
    return found


def files(folder: Path) -> dict[str, float]:
    """Every stored file (thumbnails included) with its size, by path."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def changes(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> dict[str, object]:
    """Per table, the rows that appeared and disappeared (for a readable failure)."""
    found: dict[str, object] = {}
    for table in before:
        gone = [r for r in before[table] if r not in after[table]]
        new = [r for r in after[table] if r not in before[table]]
        if gone or new:
            found[table] = {"gone": gone, "new": new}
    return found
