"""One-time codes checked in core: /project invite binds another chat, /link joins accounts."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from core import wallet_merge
from core.access import Role, join, require_role, role_of
from core.errors import BadInput, Forbidden
from core.identity import Actor, Place, ensure_user
from core.models import AccessCode, AccountLink, ChatBinding, Favorite, Membership, Project, User
from core.models.base import row_id, utcnow
from core.projects import Context, check_rebind

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LENGTH = 8
INVITE_TTL = timedelta(days=2)
LINK_TTL = timedelta(minutes=15)


def new_invite(session: Session, ctx: Context, role: Role) -> AccessCode:
    """An owner's code that binds another chat (either platform) to this project; people who
    join through it get `role`. Single-use, expires in two days."""
    require_role(session, ctx.project, ctx.user, Role.owner)
    return _issue(session, "invite", row_id(ctx.user), INVITE_TTL, ctx.project.id, role.name)


def use_invite(session: Session, actor: Actor, place: Place, code: str) -> tuple[Project, Role]:
    """Bind this chat to the code's project; the one who enters it joins with the code's role."""
    found = _redeem(session, "invite", code)
    user = ensure_user(session, actor)
    project = session.get(Project, found.project_id) if found.project_id else None
    if project is None or found.role is None:
        raise BadInput("that invite's project no longer exists")
    check_rebind(session, actor, user, place, project)
    binding = session.get(ChatBinding, (place.platform, place.chat_id)) or ChatBinding(
        platform=place.platform, chat_id=place.chat_id, project_id=row_id(project)
    )
    binding.project_id, binding.updated_at = row_id(project), utcnow()
    session.add(binding)
    role = Role[found.role]
    if role_of(session, row_id(project), user) is None:
        join(session, project, user, role)
    _spend(session, found, user, place)
    return project, role


def new_link(session: Session, actor: Actor) -> AccessCode:
    """A code that, entered by the same person on another platform, makes that account this one."""
    user = ensure_user(session, actor)
    return _issue(session, "link", row_id(user), LINK_TTL, None, None)


def use_link(session: Session, actor: Actor, place: Place, code: str) -> User:
    """This account becomes the code's person: one set of roles, favourites and credits from
    now on (what this account had is moved over; the stronger role wins)."""
    found = _redeem(session, "link", code)
    person = session.get(User, found.created_by)
    assert person is not None
    if person.platform == actor.platform:
        raise BadInput(f"enter the code on the other platform, not on {actor.platform}")
    key = (actor.platform, actor.user_id)
    if session.get(AccountLink, key) is not None:
        raise BadInput(f"this {actor.platform} account is already linked")
    old = session.exec(
        select(User).where(User.platform == actor.platform, User.platform_user_id == actor.user_id)
    ).first()
    if old is not None:
        _merge(session, old, person)
    session.add(
        AccountLink(platform=actor.platform, platform_user_id=actor.user_id, user_id=row_id(person))
    )
    session.flush()
    wallet_merge.sweep(session, person)  # one person, one balance
    _spend(session, found, person, place)
    return person


def _merge(session: Session, old: User, person: User) -> None:
    for membership in session.exec(select(Membership).where(Membership.user_id == old.id)).all():
        mine = session.get(Membership, (membership.project_id, person.id))
        if mine is None:
            session.add(
                Membership(
                    project_id=membership.project_id, user_id=row_id(person), role=membership.role
                )
            )
        elif Role[membership.role] > Role[mine.role]:
            mine.role = membership.role
            session.add(mine)
        session.delete(membership)
    for star in session.exec(select(Favorite).where(Favorite.user_id == old.id)).all():
        if session.get(Favorite, (star.version_id, person.id)) is None:
            session.add(Favorite(version_id=star.version_id, user_id=row_id(person)))
        session.delete(star)
    session.flush()


def _issue(
    session: Session,
    kind: str,
    user_id: int,
    ttl: timedelta,
    project_id: int | None,
    role: str | None,
) -> AccessCode:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    row = AccessCode(
        code=code,
        kind=kind,
        project_id=project_id,
        role=role,
        created_by=user_id,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    session.flush()
    return row


def _redeem(session: Session, kind: str, code: str) -> AccessCode:
    key = "".join(code.split()).upper().replace("-", "")
    found = session.get(AccessCode, key) if 0 < len(key) <= 16 else None
    if found is None or found.kind != kind:
        raise BadInput(f'"{code.strip()[:20]}" is not a valid {kind} code; ask for a new one')
    if found.used_at is not None:
        raise Forbidden(f"that {kind} code was already used; codes work once")
    expires = found.expires_at
    now = utcnow() if expires.tzinfo else utcnow().replace(tzinfo=None)
    if expires <= now:
        raise BadInput(f"that {kind} code expired; ask for a new one")
    return found


def _spend(session: Session, found: AccessCode, user: User, place: Place) -> None:
    """Mark the code used, only if nobody used it meanwhile (a conditional UPDATE)."""
    spent = session.connection().execute(
        update(AccessCode)
        .where(col(AccessCode.code) == found.code, col(AccessCode.used_at).is_(None))
        .values(
            used_by=user.id,
            used_at=utcnow(),
            used_platform=place.platform,
            used_chat=place.chat_id,
        )
    )
    if spent.rowcount != 1:
        raise Forbidden(f"that {found.kind} code was already used; codes work once")
    session.expire(found)
