"""Gallery pages: what a contact sheet lists (feed, a card's versions, a scene), newest first."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session, col, func, select

from core import feed, gallery_sheets
from core.archive import hidden
from core.contact_sheet import Tile
from core.errors import BadInput, NotFound
from core.identity import Place
from core.models import Card, Favorite, GalleryPage, Scene, SceneShot, Version
from core.models.base import row_id, utcnow
from core.projects import Context

PAGE = 20
"""Tiles per sheet: 20 numbered buttons, "older" and the view toggle fit Discord's 25."""
MAX_SUBJECT = 200


@dataclass(frozen=True)
class Entry:
    """One tile of a gallery: the version it opens (None: an uploaded scene shot)."""

    version_id: int | None
    image_sha: str
    label: str
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of a gallery and whether there are older entries after it."""

    kind: str
    subject: dict[str, Any]
    title: str
    entries: list[Entry]
    more: bool
    sheet_id: int | None = None
    """The kept sheet this page was shown as (its ⏪ older continues it)."""

    def tiles(self) -> list[Tile]:
        return [
            Tile(e.image_sha, e.label, number=n, marks=e.marks)
            for n, e in enumerate(self.entries, 1)
        ]


def marks_of(session: Session, found: list[Version]) -> dict[int, tuple[str, ...]]:
    """✅ / ❌ / ⭐ (and ▶ ♪ ◇ for a video, audio or 3D version) per version id, in one query."""
    ids = [row_id(v) for v in found]
    starred = set(
        session.exec(select(Favorite.version_id).where(col(Favorite.version_id).in_(ids))).all()
    )
    marks: dict[int, tuple[str, ...]] = {}
    for v in found:
        shown = [v.review] if v.review in ("approved", "rejected") else []
        if v.id in starred:
            shown.append("favorite")
        if v.media_kind != "image":  # ▶ ♪ ◇: the tile is the poster of a clip or model
            shown.append(v.media_kind)
        marks[row_id(v)] = tuple(shown)
    return marks


def feed_page(
    session: Session,
    ctx: Context,
    filter_name: str = "all",
    search: str | None = None,
    before: int | None = None,
) -> Page:
    """The feed (all / approved / mine, optionally searched) as a gallery page."""
    rows = feed.feed(session, ctx, filter_name, search, limit=PAGE + 1, before=before)
    shown = rows[:PAGE]
    marks = marks_of(session, [v for _c, v in shown])
    entries = [
        Entry(row_id(v), v.image_sha or "", f"#{c.id} v{v.number}", marks[row_id(v)])
        for c, v in shown
        if v.image_sha
    ]
    name = (filter_name or "all").strip().lower()
    title = f"gallery ({name})" + (f' matching "{search.strip()}"' if search else "")
    subject = {"filter": name, "search": search}
    return Page("feed", subject, title, entries, len(rows) > PAGE)


def card_page(session: Session, card: Card, before: int | None = None, title: str = "") -> Page:
    """A card's finished versions, newest first (the version strip)."""
    query = select(Version).where(
        Version.card_id == card.id,
        Version.status == "done",
        col(Version.id).not_in(hidden("version")),
    )
    if before is not None:
        query = query.where(col(Version.id) < before)
    rows = list(session.exec(query.order_by(col(Version.id).desc()).limit(PAGE + 1)).all())
    shown = rows[:PAGE]
    marks = marks_of(session, shown)
    entries = [
        Entry(row_id(v), v.image_sha or "", f"v{v.number}", marks[row_id(v)])
        for v in shown
        if v.image_sha
    ]
    heading = title or f"versions of card #{card.id} “{card.title}”"
    return Page("card", {"card": card.id, "title": title}, heading, entries, len(rows) > PAGE)


def scene_page(session: Session, scene: Scene, before: int | None = None) -> Page:
    """A scene's pool in its order (`before`: a position to continue after)."""
    query = select(SceneShot).where(SceneShot.scene_id == scene.id)
    if before is not None:
        query = query.where(SceneShot.position > before)
    rows = list(session.exec(query.order_by(col(SceneShot.position)).limit(PAGE + 1)).all())
    shown = rows[:PAGE]
    entries = [Entry(s.version_id, s.image_sha, s.label) for s in shown]
    title = f"scene “{scene.name}”: {count_shots(session, scene)} shot(s)"
    subject = {"scene": scene.id, "last": shown[-1].position if shown else 0}
    return Page("scene", subject, title, entries, len(rows) > PAGE)


def count_shots(session: Session, scene: Scene) -> int:
    return session.exec(
        select(func.count()).select_from(SceneShot).where(SceneShot.scene_id == scene.id)
    ).one()


def remember(session: Session, place: Place, ctx: Context, page: Page) -> Page:
    """The page this user now sees here: its numbers open its versions, "older" continues it;
    returned with the id of its kept sheet (for the ⏪ older button on its message)."""
    subject = json.dumps(page.subject, ensure_ascii=False)
    if len(subject) > MAX_SUBJECT:
        raise BadInput("the search text is too long for a gallery; use at most 100 characters")
    key = (place.platform, place.chat_id, row_id(ctx.user))
    row = session.get(GalleryPage, key) or GalleryPage(
        platform=place.platform, chat_id=place.chat_id, user_id=row_id(ctx.user), kind=page.kind
    )
    row.kind, row.subject = page.kind, subject
    row.version_ids = [e.version_id or 0 for e in page.entries]
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    shown = [e.version_id for e in page.entries if e.version_id]
    cursor = page.subject.get("last") if page.kind == "scene" else min(shown, default=None)
    return replace(page, sheet_id=gallery_sheets.keep(session, ctx, page.kind, subject, cursor))


def last_page(session: Session, place: Place, ctx: Context) -> GalleryPage:
    row = session.get(GalleryPage, (place.platform, place.chat_id, row_id(ctx.user)))
    if row is None:
        raise BadInput("no gallery is shown here yet; see /feed gallery or /gallery")
    return row


def picked(session: Session, place: Place, ctx: Context, number: int) -> int:
    """The version id behind tile `number` of the last page shown here."""
    row = last_page(session, place, ctx)
    if not 1 <= number <= len(row.version_ids):
        raise BadInput(f"pick a tile from 1 to {len(row.version_ids)} of the last gallery")
    version_id = row.version_ids[number - 1]
    if not version_id:
        raise NotFound(f"tile {number} is an uploaded shot, not a version; nothing to open")
    return version_id


def subject_of(row: GalleryPage) -> dict[str, Any]:
    loaded = json.loads(row.subject or "{}")
    return loaded if isinstance(loaded, dict) else {}
