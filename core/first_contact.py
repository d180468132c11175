"""First contact: a person's first /imagine works without setting up a project first."""

from __future__ import annotations

from sqlmodel import Session

from core.access import Role
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import ChatBinding
from core.projects import Context, create_project, current

PERSONAL = "{name}'s studio"
TEAM = "Team studio"


def project_for_first_card(
    session: Session, actor: Actor, place: Place
) -> tuple[Context, str | None]:
    """The chat's project; in a chat with none yet, one is created when the person may.

    A private chat (DM, console) gets the person's own project; in a group a chat admin's first
    card creates the chat's project. Returns the context and the announcement (None when the
    project already existed).
    """
    if session.get(ChatBinding, (place.platform, place.chat_id)) is not None:
        return current(session, actor, place, Role.editor), None
    if place.private:
        name = PERSONAL.format(name=(actor.name or "my").strip()[:60] or "my")
        project = create_project(session, actor, place, name)
        note = f"📁 created your project “{project.name}” for this chat (/project to manage it)"
    elif actor.is_chat_admin:
        project = create_project(session, actor, place, TEAM)
        note = (
            f"📁 created the project “{project.name}” for this chat; you own it and everyone "
            f"here joins as {project.join_role} (/project to manage it)"
        )
    else:
        raise BadInput(
            "no project is set up in this chat yet: a chat admin's first /imagine creates one "
            "(or /project new <name>); in a private chat with me you can start at once"
        )
    return current(session, actor, place, Role.editor), note
