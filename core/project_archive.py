"""Whole projects archived, undone and restored: owners only; an archived project is out of
every chat, list, feed, gallery and showcase until it is brought back (nothing is deleted)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.errors import BadInput, NotFound
from core.identity import Actor, ensure_user
from core.models import Archived, Membership, Project, User
from core.models.base import row_id, utcnow
from core.names import clean_text, is_number, parse_number
from core.undo_window import UNDO_WINDOW, age

KIND = "project"


def archived_row(session: Session, project_id: int | None) -> Archived | None:
    """The project's standing archive (None when it is live)."""
    return session.exec(
        select(Archived).where(
            Archived.kind == KIND,
            Archived.target_id == project_id,
            col(Archived.restored_at).is_(None),
        )
    ).first()


def hidden_projects() -> Any:
    """The ids of archived (or deleted) projects, a subquery for `not_in`."""
    return select(Archived.target_id).where(
        Archived.kind == KIND, col(Archived.restored_at).is_(None)
    )


def refuse_archived(session: Session, project: Project) -> None:
    """A chat bound to an archived project is told so, and who can bring it back."""
    if archived_row(session, project.id) is not None:
        raise BadInput(
            f'project "{project.name}" is archived; an owner can bring it back with '
            f"/project restore {project.id}, or pick another with /project use <name>"
        )


def owned(session: Session, actor: Actor, key: str) -> tuple[User, Project]:
    """One of the actor's projects by number or name, archived or not; owners only."""
    user = ensure_user(session, actor)
    key = clean_text(key, what="project name or number", max_length=200).lstrip("#")
    mine = select(Project).join(Membership).where(Membership.user_id == user.id)
    if is_number(key):
        mine = mine.where(Project.id == parse_number(key, what="project number"))
    else:
        mine = mine.where(func.lower(Project.name) == key.lower())
    project = session.exec(mine.order_by(col(Project.id))).first()
    if project is None:
        raise NotFound(f'no project "{key}" among yours; see /project list')
    require_role(session, project, user, Role.owner)
    return user, project


def archive_project(session: Session, user: User, project: Project) -> Archived:
    if archived_row(session, project.id) is not None:
        raise BadInput(f'project "{project.name}" is already archived')
    row = Archived(
        project_id=row_id(project),
        kind=KIND,
        target_id=row_id(project),
        label=f'project "{project.name}"'[:120],
        archived_by=row_id(user),
    )
    session.add(row)
    session.flush()
    return row


def restore_project(session: Session, user: User, project: Project, *, undo: bool) -> Archived:
    """Bring the project back: `undo` only within the undo window, a restore any time."""
    row = archived_row(session, project.id)
    if row is None:
        raise BadInput(f'project "{project.name}" is not archived')
    minutes = int(UNDO_WINDOW.total_seconds() // 60)
    if undo and age(row) > UNDO_WINDOW:
        raise BadInput(
            f"an archive can be undone for {minutes} minutes; "
            f"/project restore {project.id} still brings it back"
        )
    row.restored_at, row.restored_by = utcnow(), user.id
    session.add(row)
    session.flush()
    return row
