"""Studio actions on whole projects: archive (asks first), undo, restore and delete; owners only,
the same on every surface (commands, or the buttons each answer carries)."""

from __future__ import annotations

from sqlmodel import Session, select

from core import project_archive, projects, showcase, thread_posts
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import Archived, Card, ChatBinding, Project, Version
from core.models.base import row_id
from core.project_actions import ARCHIVE, DELETE, UNDO
from core.project_deletion import delete_project
from core.studio_base import Outcome
from core.studio_delete import DeleteActions
from core.undo_window import UNDO_WINDOW
from core.views import Action

CONFIRM = "confirm"


class ProjectArchiveActions(DeleteActions):
    """/project archive|restore|delete [name or #] [confirm]; /undo right after an archive."""

    def archive_project(
        self, actor: Actor, place: Place, key: str = "", confirmed: bool = False
    ) -> Outcome:
        with self._db.session() as session:
            user, project = project_archive.owned(
                session, actor, self._key(session, actor, place, key)
            )
            if not confirmed:
                minutes = int(UNDO_WINDOW.total_seconds() // 60)
                return Outcome(
                    f'🗄 this archives project "{project.name}": it leaves every chat, list, '
                    "feed, gallery and the showcase (nothing is deleted). Confirm with "
                    f"/project archive {project.id} {CONFIRM}; /undo brings it back for "
                    f"{minutes} minutes, /project restore {project.id} after that",
                    buttons=[Action(ARCHIVE, "🗄 Archive project", row_id(project), "danger")],
                )
            row = project_archive.archive_project(session, user, project)
            posts = _resync(session, project, shown=False)
            outcome = Outcome(
                f'🗄 archived project "{project.name}"; /undo brings it back',
                buttons=[Action(UNDO, "↩ Undo", row_id(project))],
            )
        self._deliver(posts + self._settle_project(row.id))
        return outcome

    def restore_project(
        self, actor: Actor, place: Place, key: str = "", undo: bool = False
    ) -> Outcome:
        with self._db.session() as session:
            user, project = project_archive.owned(
                session, actor, self._key(session, actor, place, key)
            )
            row = project_archive.restore_project(session, user, project, undo=undo)
            posts = _resync(session, project, shown=True)
        self._deliver(posts + self._settle_project(row.id))
        return Outcome(f'↩ project "{project.name}" is back')

    def undo_project_here(self, actor: Actor, place: Place) -> Outcome | None:
        """/undo in a chat whose project was archived: that archive (None: the project is live)."""
        with self._db.session() as session:
            project = _bound(session, place)
            if project is None or project_archive.archived_row(session, project.id) is None:
                return None
        return self.restore_project(actor, place, str(project.id), undo=True)

    def delete_project(
        self, actor: Actor, place: Place, key: str = "", confirmed: bool = False
    ) -> Outcome:
        with self._db.session() as session:
            _user, project = project_archive.owned(
                session, actor, self._key(session, actor, place, key)
            )
            if project_archive.archived_row(session, project.id) is None:
                raise BadInput(
                    f'archive project "{project.name}" first (/project archive {project.id}); '
                    "only an archived project can be deleted"
                )
            if not confirmed:
                return Outcome(
                    f'🗑 this deletes project "{project.name}" for good: every card, version, '
                    "scene, character, element and ref, their images and chat posts; its chats "
                    f"are let go. Confirm with /project delete {project.id} {CONFIRM}",
                    buttons=[Action(DELETE, "🗑 Delete project", row_id(project), "danger")],
                )
            done = delete_project(session, project)
        reclaimed = self._reclaim(done.shas)
        return Outcome(f"🗑 deleted {done.label}; {reclaimed} stored file(s) reclaimed")

    def _key(self, session: Session, actor: Actor, place: Place, key: str) -> str:
        """The project named, else the one this chat works in."""
        if key.strip():
            return key
        project = _bound(session, place)
        if project is None:
            raise BadInput("name the project, e.g. /project archive Demo (see /project list)")
        if project_archive.archived_row(session, project.id) is None:
            projects.current(session, actor, place)  # a newcomer joins as the chat allows
        return str(project.id)

    def _settle_project(self, archived_id: int | None) -> list[tuple[int, str]]:
        """After commit, once more: a post the runner finished meanwhile follows the last word."""
        with self._db.session() as session:
            row = session.get(Archived, archived_id)
            project = session.get(Project, row.target_id) if row is not None else None
            if row is None or project is None:
                return []
            found = _versions(session, project)
            return thread_posts.resync(session, found, shown=row.restored_at is not None)


def _bound(session: Session, place: Place) -> Project | None:
    binding = session.get(ChatBinding, (place.platform, place.chat_id))
    return session.get(Project, binding.project_id) if binding is not None else None


def _versions(session: Session, project: Project) -> list[Version]:
    return list(session.exec(select(Version).join(Card).where(Card.project_id == project.id)).all())


def _resync(session: Session, project: Project, *, shown: bool) -> list[tuple[int, str]]:
    """Showcase posts and card-thread messages follow the project: down when archived, back
    when it returns (each version's own archive still counts)."""
    found = _versions(session, project)
    posts: list[tuple[int, str]] = []
    for version in found:
        posts += showcase.sync(session, project, version)
    return posts + thread_posts.resync(session, found, shown=shown)
