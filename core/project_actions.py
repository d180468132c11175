"""The buttons of project-level answers: confirm an archive, undo it, confirm a delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.access import Role
from core.actions import ActionRegistry, ActionSpec, Scope

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]
ARCHIVE, UNDO, DELETE = "projarchive", "projundo", "projdelete"


def _archive(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.archive_project(a, p, str(target), confirmed=True)


def _undo(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.restore_project(a, p, str(target), undo=True)


def _delete(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.delete_project(a, p, str(target), confirmed=True)


def add_project_actions(r: ActionRegistry) -> None:
    """Register the project-level actions (owners only; pressed from the answer that offers
    them, so none is among a card's or version's default buttons)."""
    project, owner = Scope.project, Role.owner
    r.add(
        ActionSpec(
            ARCHIVE,
            "Archive project",
            project,
            _archive,
            emoji="🗄",
            role=owner,
            style="danger",
            hidden=True,
        )
    )
    r.add(ActionSpec(UNDO, "Undo", project, _undo, emoji="↩", role=owner, hidden=True))
    r.add(
        ActionSpec(
            DELETE,
            "Delete project",
            project,
            _delete,
            emoji="🗑",
            role=owner,
            style="danger",
            hidden=True,
        )
    )
