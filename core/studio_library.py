"""Studio actions on the project library: refs, the feed, search and the showcase."""

from __future__ import annotations

from core import feed, gallery, refs, showcase
from core.access import Role
from core.contact_sheet import Tile
from core.errors import BadInput
from core.identity import Actor, Place
from core.media_refs import ref_source
from core.names import is_number, parse_number
from core.studio_base import Outcome, StudioBase
from core.views import Action

GALLERY_VIEW = "🖼 Gallery view"


class LibraryActions(StudioBase):
    """Refs, feed filters, prompt search, showcase."""

    def save_as_ref(
        self,
        actor: Actor,
        place: Place,
        name: str,
        version_id: int | None = None,
        kind: str | None = None,
    ) -> Outcome:
        """📌 Save the viewed version as a named project ref (of a kind: character, …)."""
        with self.scope(actor, place, Role.editor) as s:
            _card, version = self.focused_version(s, version_id)
            note = ref_source(s.session, version, self.catalog)
            ref = refs.save_version_as_ref(s.session, s.ctx, version, name, kind or "object")
            return Outcome(
                f"📌 v{version.number} saved as {ref.kind} ref “{ref.name}” (#{ref.position}); "
                "next generations use it (/ref kind <name> <kind> changes its kind)"
                + (f"\n{note}" if note else "")
            )

    def add_ref(
        self, actor: Actor, place: Place, name: str, data: bytes, kind: str = "object"
    ) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            refs.check_new_name(s.session, s.ctx, name)
            image = self.storage.put_image(data)
            ref = refs.add_ref(s.session, s.ctx, name, image, kind)
            return Outcome(f"📌 {ref.kind} ref “{ref.name}” added ({image.width}×{image.height})")

    def set_ref_kind(self, actor: Actor, place: Place, name: str, kind: str) -> Outcome:
        """Say what a ref shows (character, location, object, style)."""
        with self.scope(actor, place, Role.editor) as s:
            ref = refs.set_kind(s.session, s.ctx, name, kind)
            return Outcome(f"📌 ref “{ref.name}” is a {ref.kind} ref now")

    def list_refs(self, actor: Actor, place: Place) -> Outcome:
        """The project's refs with their kinds, and a contact sheet of them."""
        with self.scope(actor, place) as s:
            found = refs.list_refs(s.session, s.ctx)
            items = [f"{r.position}. {r.name} [{r.kind}]" for r in found]
            tiles = [Tile(r.image_sha, f"{r.position} · {r.name}") for r in found]
            title = f'refs of "{s.ctx.project.name}":' if items else "no refs yet"
        return Outcome(title, items=items, pictures=self._sheet(tiles, title, "refs"))

    def remove_ref(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            ref = refs.remove_ref(s.session, s.ctx, name)
            return Outcome(f"ref “{ref.name}” removed; versions made with it keep their record")

    def reorder_ref(self, actor: Actor, place: Place, name: str, position: str) -> Outcome:
        if not is_number(position):
            raise BadInput(f'position must be a whole number, got "{position.strip()[:24]}"')
        number = parse_number(position, what="position", low=0, high=10_000)
        with self.scope(actor, place, Role.editor) as s:
            ordered = refs.reorder_ref(s.session, s.ctx, name, number)
            return Outcome("refs reordered:", items=[f"{r.position}. {r.name}" for r in ordered])

    def feed(
        self, actor: Actor, place: Place, filter_name: str = "all", search: str | None = None
    ) -> Outcome:
        with self.scope(actor, place) as s:
            rows = feed.feed(s.session, s.ctx, filter_name, search)
            views = [self.render_version(s.session, card, version) for card, version in rows]
            page = gallery.feed_page(s.session, s.ctx, filter_name, search)
            gallery.remember(s.session, place, s.ctx, page)  # its numbers open versions too
        items, tiles = [], []
        for n, v in enumerate(views, 1):
            marks = ("✅" if v.review == "approved" else "") + ("⭐" if "⭐" in v.caption else "")
            items.append(f"{n}. #{v.card_id} v{v.number} {v.card_title} {marks}".rstrip())
            if v.image_sha:
                tiles.append(Tile(v.image_sha, f"{n} · #{v.card_id} v{v.number} {marks}"))
        title = f"feed ({filter_name or 'all'})" + (f' matching "{search}"' if search else "")
        title += ":" if items else ": nothing yet"
        toggle = [Action("galleryview", GALLERY_VIEW, views[0].version_id)] if views else []
        return Outcome(
            title, items=items, pictures=self._sheet(tiles, title, "feed"), buttons=toggle
        )

    def search(self, actor: Actor, place: Place, text: str) -> Outcome:
        with self.scope(actor, place) as s:
            found = feed.search_cards(s.session, s.ctx, text)
            items = [f"#{c.id} {c.title} [{c.status}]" for c in found]
            return Outcome(
                f'cards matching "{text.strip()}":' if items else "no card matches", items=items
            )

    def showcase(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            rows = feed.showcase(s.session, s.ctx)
            items = [f"#{c.id} v{v.number} {c.title}" for c, v in rows]
            return Outcome(
                f'showcase of "{s.ctx.project.name}":' if items else "showcase is empty",
                items=items,
            )

    def set_showcase(self, actor: Actor, place: Place, on: bool) -> Outcome:
        """Owners make this chat (or thread) the showcase channel, or turn it off."""
        with self.scope(actor, place) as s:
            project = showcase.set_channel(s.session, s.ctx, place if on else None)
            if on:
                return Outcome(f'approved shots of "{project.name}" will be posted here')
            return Outcome(f'"{project.name}" has no showcase channel now')
