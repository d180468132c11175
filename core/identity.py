"""Who is acting and where: the platform-neutral identity every use case takes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from core.models import AccountLink, User
from core.models.base import utcnow


@dataclass(frozen=True)
class Actor:
    """A person on a platform, as an adapter saw them (ids from the wire, not yet trusted)."""

    platform: str
    user_id: str
    name: str = ""
    is_chat_admin: bool = False
    roles: tuple[str, ...] = ()
    """The platform roles the person has where they act (Discord role ids), for plans."""


@dataclass(frozen=True)
class Place:
    """A chat, channel or console the action came from; `thread_id` when inside a card thread."""

    platform: str
    chat_id: str
    thread_id: str | None = None
    private: bool = False
    """A one-to-one chat (DM, console): a person's first card gets their own project."""

    @property
    def focus_key(self) -> str:
        """Focus is kept per thread when there is one (each card thread is its own view)."""
        return self.thread_id or self.chat_id


def known_user(session: Session, actor: Actor) -> User | None:
    """The stored user `actor` acts as: a linked account's person (/link), else its own row."""
    link = session.get(AccountLink, (actor.platform, actor.user_id))
    if link is not None:
        linked = session.get(User, link.user_id)
        if linked is not None:
            return linked
    return session.exec(
        select(User).where(User.platform == actor.platform, User.platform_user_id == actor.user_id)
    ).first()


def ensure_user(session: Session, actor: Actor) -> User:
    """The stored user for `actor`, created on first sight; the display name is kept fresh
    (a linked account acts as its person and leaves that person's name as it is)."""
    name = display_name(actor.name)
    user = known_user(session, actor)
    if user is not None and user.platform != actor.platform:
        return user
    if user is None:
        user = _first_sight(session, actor, name)
    elif name and user.display_name != name:
        user.display_name = name
        session.add(user)
    return user


def _first_sight(session: Session, actor: Actor, name: str) -> User:
    """Insert the person's row unless another transaction just did (their first messages in
    several chats handled at once, in different processes): then wait for it and use that."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(User)
        .values(
            platform=actor.platform,
            platform_user_id=actor.user_id,
            display_name=name,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["platform", "platform_user_id"])
    )
    user = known_user(session, actor)
    assert user is not None, "the row exists: inserted now or committed by another transaction"
    return user


def display_name(name: str, limit: int = 256) -> str:
    """A platform's display name as stored: printable, one line, at most `limit` characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in name or "")
    return " ".join(printable.split())[:limit]
