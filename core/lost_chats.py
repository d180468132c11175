"""Chats the bot lost access to: recorded once per chat and reason, their owners, the notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from core.access import Role
from core.models import Card, CardThread, Membership, Project, User, Version
from core.models.access import LostChat
from core.models.base import utcnow
from core.threads import chat_of

PLATFORM_NAMES = {"discord": "Discord", "telegram": "Telegram", "console": "console"}


@dataclass(frozen=True)
class Owner:
    """A project owner and where a private message reaches them."""

    platform: str
    platform_user_id: str
    name: str


@dataclass(frozen=True)
class LostChatView:
    """One lost chat as `lightbox doctor` lists it."""

    platform: str
    chat_id: str
    reason: str
    project: str | None
    told: str | None
    since: datetime


def record_lost(
    session: Session,
    *,
    platform: str,
    chat_id: str,
    reason: str,
    detail: str,
    project_id: int | None,
) -> bool:
    """Record that the bot lost `chat_id` for `reason`; True only for the one caller (in any
    process) that recorded it first: that caller tells the owners."""
    values = {
        "platform": platform,
        "chat_id": chat_id[:64],
        "reason": reason[:64],
        "project_id": project_id,
        "detail": detail[:500],
        "told": None,
        "created_at": utcnow(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(LostChat).values(**values).on_conflict_do_nothing()
    inserted = session.execute(statement.returning(col(LostChat.reason))).first()
    return inserted is not None


def mark_told(session: Session, platform: str, chat_id: str, reason: str, told: str) -> None:
    session.execute(
        update(LostChat)
        .where(
            col(LostChat.platform) == platform,
            col(LostChat.chat_id) == chat_id[:64],
            col(LostChat.reason) == reason[:64],
        )
        .values(told=told[:256])
    )


def forget_lost(session: Session, platform: str, target: str) -> None:
    """A post to `target` went through: its chat is reachable (again), so a new loss is told.

    One statement: cheap on every delivery while the table is empty or small."""
    thread_chat = (
        select(CardThread.chat_id)
        .where(CardThread.platform == platform, CardThread.target == target)
        .scalar_subquery()
    )
    session.execute(
        delete(LostChat).where(
            col(LostChat.platform) == platform,
            or_(col(LostChat.chat_id) == chat_of(target), col(LostChat.chat_id) == thread_chat),
        )
    )


def project_of_version(session: Session, version_id: int) -> Project | None:
    version = session.get(Version, version_id)
    card = session.get(Card, version.card_id) if version else None
    return session.get(Project, card.project_id) if card else None


def owners_of(session: Session, project_id: int) -> list[Owner]:
    """The project's owners, oldest membership first."""
    rows = session.exec(
        select(User)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.project_id == project_id, Membership.role == Role.owner.name)
        .order_by(col(Membership.created_at))
    ).all()
    return [Owner(u.platform, u.platform_user_id, u.display_name) for u in rows]


def lost_chats(session: Session) -> list[LostChatView]:
    """Every chat currently lost, oldest first, with its project's name."""
    rows = session.exec(select(LostChat).order_by(col(LostChat.created_at))).all()
    names = {
        p.id: p.name
        for p in session.exec(
            select(Project).where(col(Project.id).in_([r.project_id for r in rows]))
        )
    }
    return [
        LostChatView(
            r.platform,
            r.chat_id,
            r.reason,
            names.get(r.project_id) if r.project_id else None,
            r.told,
            r.created_at,
        )
        for r in rows
    ]


def notice_text(platform: str, chat_id: str, reason: str, project: str | None) -> str:
    """What an owner is told, once: what happened, what it stops, and how to fix it."""
    where = f"{PLATFORM_NAMES.get(platform, platform)} chat {chat_id}"
    work = f"versions of project “{project}”" if project else "versions"
    fix = f"/project use {project}" if project else "/project use"
    return (
        f"⚠ Lightbox lost access to {where} ({reason}): new {work} cannot be posted there. "
        f"Add the bot back with the rights to post (posts resume with the next version), "
        f"or carry on in another chat with {fix}."
    )
