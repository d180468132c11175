"""Studio actions of the gallery view: numbered contact sheets, picking a tile, older pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from core import cards, gallery, gallery_sheets, versions
from core.errors import BadInput
from core.gallery import Page
from core.identity import Actor, Place
from core.names import is_number, parse_number
from core.scenes import scene_by_id
from core.studio_base import Outcome, StudioBase
from core.views import Action

if TYPE_CHECKING:
    from core.studio import Studio

OLDER = "⏪ older"
CARDS_VIEW = "🗂 Cards view"


class GalleryActions(StudioBase):
    """Gallery view of the feed and of a card's versions; tiles open versions."""

    def gallery(
        self,
        actor: Actor,
        place: Place,
        filter_name: str = "all",
        search: str | None = None,
        before: int | None = None,
    ) -> Outcome:
        """The feed as a contact sheet of numbered tiles, newest first, 20 to a page."""
        with self.scope(actor, place) as s:
            page = gallery.feed_page(s.session, s.ctx, filter_name, search, before)
            page = gallery.remember(s.session, place, s.ctx, page)
        return self._present(page, toggle=True)

    def card_gallery(
        self, actor: Actor, place: Place, key: str | None = None, before: int | None = None
    ) -> Outcome:
        """A card's versions as a contact sheet (the open card when none is named)."""
        with self.scope(actor, place) as s:
            card = cards.find_card(s.session, s.ctx, key) if key else self.focused_card(s)
            page = gallery.card_page(s.session, card, before)
            page = gallery.remember(s.session, place, s.ctx, page)
        return self._present(page)

    def gallery_older(self, actor: Actor, place: Place, sheet: int | None = None) -> Outcome:
        """⏪ older: the next page of the gallery whose button was pressed (`sheet`), or of the
        one last shown to this user here (/gallery older)."""
        with self.scope(actor, place) as s:
            if sheet is not None:
                kept, subject = gallery_sheets.load(s.session, s.ctx, sheet)
                kind, cursor = kept.kind, kept.cursor
            else:
                row = gallery.last_page(s.session, place, s.ctx)
                kind, subject = row.kind, gallery.subject_of(row)
                shown = [v for v in row.version_ids if v]
                last = int(subject.get("last", 0))
                cursor = last if kind == "scene" else min(shown, default=None)
            if cursor is None:
                raise BadInput("that gallery has no older page")
            if kind == "scene":
                scene = scene_by_id(s.session, s.ctx, int(subject.get("scene", 0)))
                page = gallery.scene_page(s.session, scene, cursor)
            elif kind == "card":
                card = cards.get_card(s.session, s.ctx, int(subject.get("card", 0)))
                title = str(subject.get("title") or "")
                page = gallery.card_page(s.session, card, cursor, title)
            else:
                filter_name = str(subject.get("filter") or "all")
                page = gallery.feed_page(
                    s.session, s.ctx, filter_name, subject.get("search"), cursor
                )
            if not page.entries:
                raise BadInput("nothing older: this was the last page")
            page = gallery.remember(s.session, place, s.ctx, page)
        return self._present(page, toggle=kind == "feed")

    def switch_view(self, actor: Actor, place: Place, view: str) -> Outcome:
        """Cards view ↔ Gallery view of the feed last shown here, same filter and search."""
        with self.scope(actor, place) as s:
            subject = gallery.subject_of(gallery.last_page(s.session, place, s.ctx))
        filter_name = str(subject.get("filter") or "all")
        search = subject.get("search")
        if view == "gallery":
            return self.gallery(actor, place, filter_name, search)
        studio = cast("Studio", self)  # this mixin only runs as part of Studio
        return studio.feed(actor, place, filter_name, search)

    def open_tile(self, actor: Actor, place: Place, number: str) -> Outcome:
        """Picking number N of the last gallery opens that version."""
        key = number.strip().lstrip("#")
        if not is_number(key):
            raise BadInput(f'pick a tile by its number, e.g. /gallery 3 (got "{number.strip()}")')
        with self.scope(actor, place) as s:
            version_id = gallery.picked(s.session, place, s.ctx, parse_number(key, what="tile"))
        return self.open_version(actor, place, version_id)

    def open_version(self, actor: Actor, place: Place, version_id: int) -> Outcome:
        """Open a version (a gallery tile): its card becomes the open card, viewing it."""
        with self.scope(actor, place) as s:
            card, version = versions.get_version(s.session, s.ctx, version_id)
            self.focused_version(s, version.id)
            return Outcome(
                f"opened card #{card.id} “{card.title}”, viewing v{version.number}",
                card=self.render_card(s.session, card, version),
                versions=[self.render_version(s.session, card, version)],
                opens=True,
            )

    def _present(self, page: Page, *, toggle: bool = False) -> Outcome:
        """A remembered page as an answer: its sheet (drawn after the transaction, once per
        content), numbered items and buttons (tiles, ⏪ older, the view toggle)."""
        if not page.entries:
            return Outcome(f"{page.title}: nothing yet")
        items = [
            f"{n}. {e.label} {_marks(e.marks)}".rstrip() for n, e in enumerate(page.entries, 1)
        ]
        hint = "pick a number to open it (/gallery N)"
        if page.more:
            hint += "; ⏪ older: /gallery older"
        buttons = [
            Action("tile", str(n), e.version_id)
            for n, e in enumerate(page.entries, 1)
            if e.version_id
        ]
        if page.more and page.sheet_id is not None:  # pages this gallery, whichever is newer
            buttons.append(Action("older", OLDER, page.sheet_id))
        if toggle:
            buttons.append(Action("cardsview", CARDS_VIEW, _first(page)))
        title = f"{page.title} — {hint}"
        pictures = self._sheet(page.tiles(), title, f"gallery-{page.kind}")
        return Outcome(title, items=items, buttons=buttons, pictures=pictures)


def _first(page: Page) -> int:
    """The newest version on the page (the view toggle's target)."""
    for entry in page.entries:
        if entry.version_id is not None:
            return entry.version_id
    raise BadInput("this gallery has no versions")


def _marks(marks: tuple[str, ...]) -> str:
    shown = {"approved": "✅", "rejected": "❌", "favorite": "⭐", "video": "▶", "audio": "♪"}
    return "".join(shown.get(m, "🧊") for m in marks)
