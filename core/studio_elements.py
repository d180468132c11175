"""Studio actions on worldbuilding elements: create, image, data, context toggles, list."""

from __future__ import annotations

from core import elements
from core.access import Role
from core.contact_sheet import Tile
from core.identity import Actor, Place
from core.studio_base import Outcome, StudioBase


class ElementActions(StudioBase):
    """/element new|image|data|toggle|show|list."""

    def new_element(
        self,
        actor: Actor,
        place: Place,
        kind: str,
        name: str,
        description: str = "",
        data: bytes | None = None,
    ) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            element = elements.create(s.session, s.ctx, kind, name, description)
            if data is not None:
                elements.set_image(s.session, s.ctx, element, self.storage.put_image(data))
            return Outcome(
                f"🌍 {element.kind} “{element.name}” created; --with {element.name} on a "
                "prompt sends it as context",
                items=elements.describe(element),
            )

    def element_image(self, actor: Actor, place: Place, name: str, data: bytes) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            element = elements.find_element(s.session, s.ctx, name)
            image = self.storage.put_image(data)
            elements.set_image(s.session, s.ctx, element, image)
            return Outcome(f"🌍 {element.name} has an image ({image.width}×{image.height})")

    def element_data(self, actor: Actor, place: Place, name: str, text: str) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            element = elements.find_element(s.session, s.ctx, name)
            elements.set_data(s.session, s.ctx, element, text)
            return Outcome(f"🌍 {element.name} updated:", items=elements.describe(element))

    def toggle_element(self, actor: Actor, place: Place, name: str, part: str, on: bool) -> Outcome:
        """Which of image / description / data go into generation context."""
        with self.scope(actor, place, Role.editor) as s:
            element = elements.find_element(s.session, s.ctx, name)
            elements.toggle(s.session, s.ctx, element, part, on)
            sent = ", ".join(elements.sent_parts(element)) or "its name only"
            return Outcome(f"🌍 {element.name} goes into context with: {sent}")

    def show_element(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.scope(actor, place) as s:
            element = elements.find_element(s.session, s.ctx, name)
            lines, sha = elements.describe(element), element.image_sha
        tiles = [Tile(sha, name)] if sha else []
        return Outcome(lines[0], items=lines[1:], pictures=self._sheet(tiles, lines[0], "element"))

    def list_elements(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = elements.list_elements(s.session, s.ctx)
            items = [
                f"{e.name} [{e.kind}] — context: {', '.join(elements.sent_parts(e)) or 'name'}"
                for e in found
            ]
            title = f'world of "{s.ctx.project.name}":' if items else "no elements yet"
            return Outcome(title, items=items)
