"""What anonymous visitors may see: live publications of finished, unarchived versions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, func, select

from core.archive import hidden
from core.db import Database
from core.feed import check_search
from core.models import Card, Publication, PublicProject, Version

PAGE = 24
MAX_MODEL = 64


class PageGone(Exception):
    """The page existed and was taken down (unpublished, archived, deleted): 410."""


class PageMissing(Exception):
    """No page was ever published under that id: 404."""


@dataclass(frozen=True)
class PublicImage:
    """One published image as a visitor sees it; `key` is the storage key of its pixels."""

    public_id: str
    key: str
    title: str
    prompt: str | None
    author: str
    model: str
    width: int
    height: int
    made_at: datetime
    project_name: str | None
    project_id: str | None


@dataclass(frozen=True)
class IndexPage:
    """One page of a gallery index and the cursor of the next (older) one."""

    images: list[PublicImage]
    older: str | None


@dataclass(frozen=True)
class PublicPage:
    """An opted-in project's public page header."""

    public_id: str
    name: str


_PROJECT_ON = col(PublicProject.project_id) == col(Publication.project_id)


_COLUMNS: tuple[Any, ...] = (
    Publication.public_id,
    Publication.show_prompt,
    Publication.author,
    Publication.model,
    Version.image_sha,
    Version.prompt,
    Version.width,
    Version.height,
    Version.finished_at,
    Version.created_at,
    Card.title,
    PublicProject.public_name,
    PublicProject.public_id,
)
"""What a public view reads: plain columns, no ORM objects (the index renders many)."""


def _visible() -> list[Any]:
    """Conditions every public row meets: live, finished, with an image, not archived."""
    return [
        col(Publication.unpublished_at).is_(None),
        Version.id == Publication.version_id,
        Version.status == "done",
        col(Version.image_sha).is_not(None),
        Card.id == Version.card_id,
        col(Version.id).not_in(hidden("version")),
        col(Card.id).not_in(hidden("card")),
    ]


class PublicGallery:
    """Read-only queries for the web gallery (the third kind of caller: anonymous visitors)."""

    def __init__(self, db: Database, models_ttl: float = 60.0):
        self._db = db
        self._models_ttl = models_ttl
        self._models: tuple[float, list[str]] | None = None

    def image(self, public_id: str) -> PublicImage:
        """The live page `public_id` names (PageGone once taken down, PageMissing if never)."""
        with self._db.session() as session:
            row = session.execute(
                sa_select(*_COLUMNS)
                .join(PublicProject, _PROJECT_ON, isouter=True)
                .where(col(Publication.public_id) == public_id[:32], *_visible())
            ).first()
            if row is None:
                exists = session.exec(
                    select(Publication.id).where(Publication.public_id == public_id[:32])
                ).first()
                raise PageGone(public_id) if exists is not None else PageMissing(public_id)
            return _shown(tuple(row))

    def index(
        self,
        *,
        older_than: str | None = None,
        search: str | None = None,
        model: str | None = None,
        project: str | None = None,
        limit: int = PAGE,
    ) -> IndexPage:
        """Newest first, `limit` to a page; keyset-paged by the last page's final public id."""
        with self._db.session() as session:
            query = (
                sa_select(*_COLUMNS)
                .join(PublicProject, _PROJECT_ON, isouter=True)
                .where(*_visible())
            )
            if older_than:
                cursor = session.exec(
                    select(Publication.id).where(Publication.public_id == older_than[:32])
                ).first()
                if cursor is None:
                    raise PageMissing(older_than)
                query = query.where(col(Publication.id) < cursor)
            if search is not None:
                text = check_search(search).lower()
                query = query.where(
                    col(Publication.show_prompt).is_(True),
                    func.lower(Version.prompt).contains(text, autoescape=True),
                )
            if model:
                query = query.where(col(Publication.model) == model[:MAX_MODEL])
            if project is not None:
                query = query.where(
                    col(PublicProject.public_id) == project[:32],
                    col(PublicProject.project_id).is_not(None),
                )
            ordered = query.order_by(col(Publication.id).desc()).limit(limit + 1)
            rows = session.execute(ordered).all()
            images = [_shown(tuple(r)) for r in rows[:limit]]
        older = images[-1].public_id if len(rows) > limit else None
        return IndexPage(images, older)

    def project(self, public_id: str) -> PublicPage:
        with self._db.session() as session:
            found = session.exec(
                select(PublicProject).where(PublicProject.public_id == public_id[:32])
            ).first()
            if found is None:
                raise PageMissing(public_id)
            return PublicPage(found.public_id, found.public_name)

    def models(self) -> list[str]:
        """The models of publications (the index's filter), read at most once a minute."""
        now = time.monotonic()
        if self._models is not None and now - self._models[0] < self._models_ttl:
            return self._models[1]
        with self._db.session() as session:
            found = list(
                session.exec(
                    select(Publication.model).distinct().order_by(col(Publication.model))
                ).all()
            )
        self._models = (now, found)
        return found


UNTITLED = "Untitled"


def _title(title: str, prompt: str, show_prompt: bool) -> str:
    """The card's title; a title made from the prompt's first words is kept back with it."""
    title = title.strip()
    if show_prompt:
        return title
    made_from_prompt = " ".join(prompt.lower().split()).startswith(
        " ".join(title.lower().rstrip("…").split())
    )
    return UNTITLED if made_from_prompt or not title else title


def _shown(row: tuple[Any, ...]) -> PublicImage:
    """A public view of one row of `_COLUMNS`."""
    (
        public_id,
        show_prompt,
        author,
        model,
        key,
        prompt,
        width,
        height,
        finished,
        created,
        title,
        project_name,
        project_id,
    ) = row
    return PublicImage(
        public_id=public_id,
        key=key or "",
        title=_title(title, prompt, show_prompt),
        prompt=prompt if show_prompt else None,
        author=author,
        model=model,
        width=width,
        height=height,
        made_at=finished or created,
        project_name=project_name,
        project_id=project_id,
    )
