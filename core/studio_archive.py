"""Studio actions on archiving: archive with confirmation, undo, list and restore."""

from __future__ import annotations

from sqlmodel import select

from core import archive, cards, characters, elements, scenes, showcase, thread_posts, versions
from core.access import Role
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import Archived, Version
from core.names import is_number, parse_number
from core.studio_base import Outcome, Scope
from core.studio_project_archive import ProjectArchiveActions

CONFIRM = "confirm"


class ArchiveActions(ProjectArchiveActions):
    """/archive <kind> <name or number> [confirm] · /undo · /archive list · /archive restore."""

    def archive(
        self, actor: Actor, place: Place, kind: str, key: str, confirmed: bool = False
    ) -> Outcome:
        """Without confirmation, say what would go and how to confirm; with it, archive."""
        kind = kind.strip().lower()
        if kind not in archive.KINDS:
            raise BadInput(f'archive one of: {", ".join(archive.KINDS)} (got "{kind[:20]}")')
        with self.scope(actor, place, Role.editor) as s:
            target_id, label = self._target(s, kind, key)
            if not confirmed:
                return Outcome(
                    f"🗄 this archives {label}: it leaves feeds, galleries, lists and the "
                    f"showcase (nothing is deleted). Confirm with /archive {kind} {key.strip()} "
                    f"{CONFIRM}; /undo brings it back for "
                    f"{int(archive.UNDO_WINDOW.total_seconds() // 60)} minutes"
                )
            row = archive.archive(s.session, s.ctx, kind, target_id, label)
            posts = self._resync(s, row)
            outcome = Outcome(f"🗄 archived {row.label} (#{row.id}); /undo brings it back")
        self._deliver(posts + self._settle(row.id))  # showcase and thread posts come down
        return outcome

    def undo(self, actor: Actor, place: Place) -> Outcome:
        project = self.undo_project_here(actor, place)  # this chat's project was archived
        if project is not None:
            return project
        with self.scope(actor, place, Role.editor) as s:
            row = archive.undo(s.session, s.ctx)
            posts = self._resync(s, row)
        self._deliver(posts + self._settle(row.id))
        return Outcome(f"↩ {row.label} is back")

    def list_archived(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            items = [f"#{r.id} {r.kind}: {r.label}" for r in archive.archived(s.session, s.ctx)]
            return Outcome(
                "archived (/archive restore <#>):" if items else "nothing archived", items=items
            )

    def restore_archived(self, actor: Actor, place: Place, number: str) -> Outcome:
        key = number.strip().lstrip("#")
        if not is_number(key):
            raise BadInput("name the archived item by its number, e.g. /archive restore 3")
        with self.scope(actor, place, Role.editor) as s:
            row = archive.restore(s.session, s.ctx, parse_number(key, what="archived item"))
            posts = self._resync(s, row)
        self._deliver(posts + self._settle(row.id))
        return Outcome(f"↩ {row.label} is back")

    def _settle(self, archived_id: int | None) -> list[tuple[int, str]]:
        """Resync once more after commit: a post the runner finished meanwhile by the old word
        is sent again (the runner does the same from its side)."""
        with self._db.session() as session:
            row = session.get(Archived, archived_id)
            if row is None or row.kind not in ("version", "card"):
                return []
            if row.kind == "version":
                found = [v for v in [session.get(Version, row.target_id)] if v is not None]
            else:
                found = list(session.exec(select(Version).where(Version.card_id == row.target_id)))
            return thread_posts.resync(session, found, shown=row.restored_at is not None)

    def _resync(self, s: Scope, row: Archived) -> list[tuple[int, str]]:
        """Deliveries that bring the showcase and the card threads in line (archived: version
        messages taken down where the platform allows; back: posted again)."""
        if row.kind == "version":
            version = s.session.get(Version, row.target_id)
            found = [version] if version is not None else []
        elif row.kind == "card":
            found = list(s.session.exec(select(Version).where(Version.card_id == row.target_id)))
        else:
            return []
        posts: list[tuple[int, str]] = []
        for version in found:
            posts += showcase.sync(s.session, s.ctx.project, version)
        return posts + thread_posts.resync(s.session, found, shown=row.restored_at is not None)

    def _target(self, s: Scope, kind: str, key: str) -> tuple[int, str]:
        """The id and a label of what the name or number points at, in this project."""
        if kind == "card":
            card = cards.find_card(s.session, s.ctx, key)
            return card.id or 0, f"card #{card.id} “{card.title}”"
        if kind == "version":
            card = self.focused_card(s)
            version = versions.version_by_number(s.session, card, key)
            return version.id or 0, f"v{version.number} of card #{card.id}"
        if kind == "scene":
            scene = scenes.find_scene(s.session, s.ctx, key)
            return scene.id or 0, f"scene “{scene.name}”"
        if kind == "character":
            character = characters.find_character(s.session, s.ctx, key)
            return character.id or 0, f"character {character.name}"
        element = elements.find_element(s.session, s.ctx, key)
        return element.id or 0, f"element {element.name}"
