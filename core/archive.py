"""Archive and undo: what is archived leaves feeds, sheets, lists and the showcase; nothing is
deleted, so an archive is undone within the window (or restored later by its number)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from core.access import Role, require_role
from core.deletion import is_deleted
from core.errors import BadInput, NotFound
from core.models import Archived
from core.models.base import row_id, utcnow
from core.projects import Context
from core.undo_window import UNDO_WINDOW, age

KINDS = ("card", "version", "scene", "character", "element")


def hidden(kind: str) -> Any:
    """The ids of `kind` that are archived now (a subquery for `not_in`)."""
    return select(Archived.target_id).where(
        Archived.kind == kind, col(Archived.restored_at).is_(None)
    )


def is_archived(session: Session, kind: str, target_id: int | None) -> bool:
    return (
        session.exec(
            select(Archived.id).where(
                Archived.kind == kind,
                Archived.target_id == target_id,
                col(Archived.restored_at).is_(None),
            )
        ).first()
        is not None
    )


def any_archived(session: Session, targets: Sequence[tuple[str, int | None]]) -> bool:
    """Whether any of these (kind, id) is archived now, in one read."""
    which = [(col(Archived.kind) == k) & (col(Archived.target_id) == t) for k, t in targets]
    if not which:
        return False
    found = select(Archived.id).where(or_(*which), col(Archived.restored_at).is_(None))
    return session.exec(found.limit(1)).first() is not None


def archive(session: Session, ctx: Context, kind: str, target_id: int, label: str) -> Archived:
    """Editors archive; archiving twice is refused by name."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if kind not in KINDS:
        raise BadInput(f'cannot archive "{kind}"; allowed: {", ".join(KINDS)}')
    if is_archived(session, kind, target_id):
        raise BadInput(f"{label} is already archived; /archive list shows what is")
    row = Archived(
        project_id=row_id(ctx.project),
        kind=kind,
        target_id=target_id,
        label=label[:120],
        archived_by=row_id(ctx.user),
    )
    session.add(row)
    session.flush()
    return row


def undo(session: Session, ctx: Context) -> Archived:
    """Undo the actor's latest archive in this project, within the undo window."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    rows = session.exec(
        select(Archived)
        .where(
            Archived.project_id == ctx.project.id,
            Archived.archived_by == ctx.user.id,
            Archived.kind != "project",
            col(Archived.restored_at).is_(None),
        )
        .order_by(col(Archived.id).desc())
    )
    latest = next((r for r in rows if not is_deleted(session, r)), None)
    minutes = int(UNDO_WINDOW.total_seconds() // 60)
    if latest is None or age(latest) > UNDO_WINDOW:
        raise BadInput(
            f"nothing to undo (an archive can be undone for {minutes} minutes); "
            "/archive list and /archive restore <n> bring older ones back"
        )
    return _restore(session, ctx, latest)


def restore(session: Session, ctx: Context, number: int) -> Archived:
    """Bring back archive number `number` of this project (any time: nothing was deleted)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    row = session.get(Archived, number) if number > 0 else None
    if (
        row is None
        or row.project_id != ctx.project.id
        or row.restored_at is not None
        or is_deleted(session, row)
    ):
        raise NotFound(
            f'no archived item #{number} in project "{ctx.project.name}"; see /archive list'
        )
    return _restore(session, ctx, row)


def archived(session: Session, ctx: Context) -> list[Archived]:
    rows = session.exec(
        select(Archived)
        .where(
            Archived.project_id == ctx.project.id,
            Archived.kind != "project",
            col(Archived.restored_at).is_(None),
        )
        .order_by(col(Archived.id).desc())
    ).all()
    return [r for r in rows if not is_deleted(session, r)]


def _restore(session: Session, ctx: Context, row: Archived) -> Archived:
    row.restored_at, row.restored_by = utcnow(), ctx.user.id
    session.add(row)
    session.flush()
    return row
