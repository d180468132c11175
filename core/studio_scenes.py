"""Studio actions on scenes: create, list, show the pool, add and remove shots."""

from __future__ import annotations

from core import gallery, scenes, versions
from core.access import Role
from core.errors import BadInput
from core.identity import Actor, Place
from core.names import is_number, parse_number
from core.studio_base import Outcome
from core.studio_gallery import GalleryActions


class SceneActions(GalleryActions):
    """/scene new|add|remove|list|show."""

    def new_scene(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            scene = scenes.create_scene(s.session, s.ctx, name)
            return Outcome(
                f"🎬 scene “{scene.name}” created; /scene add {scene.name} adds the viewed "
                f"version, --scene {scene.name} on a prompt uses its shots as refs"
            )

    def list_scenes(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = scenes.list_scenes(s.session, s.ctx)
            items = [f"{sc.name} — {gallery.count_shots(s.session, sc)} shot(s)" for sc in found]
            title = f'scenes of "{s.ctx.project.name}":' if items else "no scenes yet (/scene new)"
            return Outcome(title, items=items)

    def show_scene(self, actor: Actor, place: Place, name: str) -> Outcome:
        """The scene's pool as a numbered contact sheet, in the order refs are taken."""
        with self.scope(actor, place) as s:
            scene = scenes.find_scene(s.session, s.ctx, name)
            page = gallery.scene_page(s.session, scene)
            page = gallery.remember(s.session, place, s.ctx, page)
        return self._present(page)

    def add_shot(
        self,
        actor: Actor,
        place: Place,
        name: str,
        *,
        version_id: int | None = None,
        data: bytes | None = None,
    ) -> Outcome:
        """The viewed version (or the named one, or an attached image) joins the pool."""
        with self.scope(actor, place, Role.editor) as s:
            scene = scenes.find_scene(s.session, s.ctx, name)
            if data is not None:
                image = self.storage.put_image(data)
                shot = scenes.add_shot(s.session, s.ctx, scene, image=image)
            else:
                card, version = self.focused_version(s, version_id)
                shot = scenes.add_shot(s.session, s.ctx, scene, version=version, card=card)
            total = gallery.count_shots(s.session, scene)
            return Outcome(f"🎬 {shot.label} is shot {shot.position} of “{scene.name}” ({total})")

    def version_of_open_card(self, actor: Actor, place: Place, number: str) -> int:
        """The id of version `number` of the open card (read only)."""
        with self.scope(actor, place) as s:
            version = versions.version_by_number(s.session, self.focused_card(s), number)
            assert version.id is not None
            return version.id

    def remove_shot(self, actor: Actor, place: Place, name: str, position: str) -> Outcome:
        key = position.strip().lstrip("#")
        if not is_number(key):
            raise BadInput(
                f'name the shot by its number, e.g. /scene remove {name} 2 (got "{key}")'
            )
        number = parse_number(key, what="shot")
        with self.scope(actor, place, Role.editor) as s:
            scene = scenes.find_scene(s.session, s.ctx, name)
            shot = scenes.remove_shot(s.session, s.ctx, scene, number)
            return Outcome(f"🎬 {shot.label} taken out of “{scene.name}”; the rest renumbered")
