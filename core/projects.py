"""Project use cases: create, select for a chat, list, members and roles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from core.access import Role, join, require_role, role_of
from core.errors import BadInput, Forbidden, NotFound
from core.identity import Actor, Place, ensure_user
from core.models import AccessCode, ChatBinding, Membership, Project, User
from core.models.base import row_id, utcnow
from core.names import clean_name, clean_text, is_number, parse_number
from core.project_archive import hidden_projects, refuse_archived

PROJECT_NAME_LENGTH = 80


@dataclass(frozen=True)
class Context:
    """The acting user inside the project their chat has selected."""

    user: User
    project: Project
    role: Role


def create_project(session: Session, actor: Actor, place: Place, name: str) -> Project:
    """A new project owned by the actor, selected in this chat."""
    user = ensure_user(session, actor)
    name = clean_name(name, what="project", max_length=PROJECT_NAME_LENGTH)
    check_rebind(session, actor, user, place)
    project = Project(name=name, created_by=row_id(user))
    session.add(project)
    session.flush()
    join(session, project, user, Role.owner)
    _bind(session, place, project)
    return project


def use_project(session: Session, actor: Actor, place: Place, name_or_id: str) -> Project:
    """Select one of the actor's projects for this chat."""
    user = ensure_user(session, actor)
    project = find_project(session, user, name_or_id)
    check_rebind(session, actor, user, place, project)
    _bind(session, place, project)
    return project


def check_rebind(
    session: Session, actor: Actor, user: User, place: Place, target: Project | None = None
) -> None:
    """Only owners of the chat's current project, or chat admins, may switch it to another.

    A chat with no project yet may be bound by anyone; re-selecting the same project is no change.
    """
    binding = session.get(ChatBinding, (place.platform, place.chat_id))
    if binding is None or actor.is_chat_admin:
        return
    if target is not None and binding.project_id == target.id:
        return
    bound = session.get(Project, binding.project_id)
    assert bound is not None
    if role_of(session, row_id(bound), user) != Role.owner:
        raise Forbidden(
            f'this chat works in project "{bound.name}"; only its owners or a chat admin may '
            "switch the chat to another project. Ask an owner, or use another chat"
        )


def find_project(session: Session, user: User, name_or_id: str) -> Project:
    """A project the user belongs to, by id or (case-insensitive) name."""
    key = clean_text(
        name_or_id, what="project name or number", max_length=200, allow_empty=True
    ).lstrip("#")
    if not key:
        raise BadInput("name the project by its name or number; see /project list")
    mine = (
        select(Project)
        .join(Membership)
        .where(Membership.user_id == user.id, col(Project.id).not_in(hidden_projects()))
    )
    if is_number(key):
        project = session.exec(
            mine.where(Project.id == parse_number(key, what="project number"))
        ).first()
    else:
        project = session.exec(
            mine.where(func.lower(Project.name) == key.lower()).order_by(col(Project.id))
        ).first()
    if project is None:
        raise NotFound(f'no project "{key}" among yours; see /project list')
    return project


def list_projects(session: Session, actor: Actor) -> list[tuple[Project, Role]]:
    """The actor's projects with their role in each."""
    user = ensure_user(session, actor)
    rows = session.exec(
        select(Project, Membership.role)
        .join(Membership)
        .where(Membership.user_id == user.id, col(Project.id).not_in(hidden_projects()))
        .order_by(col(Project.id))
    ).all()
    return [(project, Role[role]) for project, role in rows]


def current(session: Session, actor: Actor, place: Place, minimum: Role = Role.viewer) -> Context:
    """The chat's selected project and the actor's role in it, joining them if the chat allows."""
    user = ensure_user(session, actor)
    binding = session.get(ChatBinding, (place.platform, place.chat_id))
    if binding is None:
        raise BadInput(
            "no project is selected in this chat; create one with /project new <name> "
            "or pick one with /project use <name>"
        )
    project = session.get(Project, binding.project_id)
    assert project is not None
    refuse_archived(session, project)
    if role_of(session, row_id(project), user) is None:
        role = _invited_role(session, place, project) or Role[project.join_role]
        join(session, project, user, Role.owner if actor.is_chat_admin else role)
    role = require_role(session, project, user, minimum)
    return Context(user=user, project=project, role=role)


def members(session: Session, ctx: Context) -> list[tuple[User, Role]]:
    """Everyone in the project with their role."""
    rows = session.exec(
        select(User, Membership.role)
        .join(Membership)
        .where(Membership.project_id == ctx.project.id)
        .order_by(col(User.id))
    ).all()
    return [(user, Role[role]) for user, role in rows]


def set_role(session: Session, ctx: Context, target: User, role_name: str) -> Membership:
    """An owner changes a member's role; the last owner cannot step down."""
    require_role(session, ctx.project, ctx.user, Role.owner)
    role = Role.parse(role_name)
    membership = session.get(Membership, (ctx.project.id, target.id))
    if membership is None:
        membership = join(session, ctx.project, target, role)
    if membership.role == Role.owner.name and role != Role.owner:
        owners = session.exec(
            select(func.count())
            .select_from(Membership)
            .where(Membership.project_id == ctx.project.id, Membership.role == Role.owner.name)
        ).one()
        if owners <= 1:
            raise BadInput("a project needs at least one owner; make someone else owner first")
    membership.role = role.name
    session.add(membership)
    return membership


def find_member(session: Session, ctx: Context, platform_user_id_or_name: str) -> User:
    """A member of the current project by platform user id or display name."""
    key = platform_user_id_or_name.strip().lstrip("@")
    for user, _role in members(session, ctx):
        if key in (user.platform_user_id, user.display_name):
            return user
    raise NotFound(f'no member "{key}" in project "{ctx.project.name}"; see /project members')


def _invited_role(session: Session, place: Place, project: Project) -> Role | None:
    """The role people joining here get when this chat was bound by an invite code."""
    found = session.exec(
        select(AccessCode.role).where(
            AccessCode.kind == "invite",
            AccessCode.project_id == project.id,
            AccessCode.used_platform == place.platform,
            AccessCode.used_chat == place.chat_id,
        )
    ).first()
    return Role[found] if found else None


def _bind(session: Session, place: Place, project: Project) -> None:
    binding = session.get(ChatBinding, (place.platform, place.chat_id))
    if binding is None:
        binding = ChatBinding(
            platform=place.platform, chat_id=place.chat_id, project_id=row_id(project)
        )
    binding.project_id = row_id(project)
    binding.updated_at = utcnow()
    session.add(binding)
    session.flush()
