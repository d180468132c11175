"""Roles and the checks every use case runs before it changes anything."""

from __future__ import annotations

from enum import IntEnum

from sqlmodel import Session

from core.db import held
from core.errors import BadInput, Forbidden
from core.models import Membership, Project, User
from core.models.base import row_id


class Role(IntEnum):
    """Project roles, ordered by what they may do."""

    viewer = 1
    editor = 2
    owner = 3

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().lower()]
        except KeyError:
            raise BadInput(f'unknown role "{text}"; allowed roles: owner, editor, viewer') from None


WHAT_NEEDS = {
    Role.viewer: "look at this project",
    Role.editor: "generate, review or edit (editors and owners only)",
    Role.owner: "manage the project (owners only)",
}


def role_of(session: Session, project_id: int, user: User) -> Role | None:
    """The user's role in the project, or None when they are not a member."""
    membership = held(session, session.get(Membership, (project_id, user.id)))
    return Role[membership.role] if membership else None


def require_role(session: Session, project: Project, user: User, minimum: Role) -> Role:
    """The user's role, raising Forbidden when it is below `minimum`."""
    role = role_of(session, row_id(project), user)
    if role is None:
        raise Forbidden(
            f'you are not a member of project "{project.name}"; ask an owner to add you'
        )
    if role < minimum:
        raise Forbidden(
            f'your role in "{project.name}" is {role.name}; you need to be at least '
            f"{minimum.name} to {WHAT_NEEDS[minimum]}"
        )
    return role


def join(session: Session, project: Project, user: User, role: Role) -> Membership:
    """Add the user to the project with `role` (no-op when already a member)."""
    membership = session.get(Membership, (project.id, user.id))
    if membership is None:
        membership = Membership(project_id=row_id(project), user_id=row_id(user), role=role.name)
        session.add(membership)
        session.flush()
    return membership
