"""Autocomplete choices: the actor's projects, a project's cards and refs, filtered by text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, cast, or_
from sqlmodel import Session, col, func, select

from core.models import Card, Membership, Project, Ref, User
from core.names import is_number

LIMIT = 25


@dataclass(frozen=True)
class Choice:
    """What a picker shows (`label`) and what the command receives (`value`)."""

    label: str
    value: str


def _contains(column: Any, typed: str) -> ColumnElement[bool]:
    """Case-insensitive substring match; % and _ typed by the user match themselves."""
    return func.lower(column).contains(typed.strip().lower(), autoescape=True)


def project_choices(session: Session, user: User, typed: str, limit: int = LIMIT) -> list[Choice]:
    """The user's projects whose name contains `typed`; a duplicated name is offered as #id."""
    rows = session.exec(
        select(Project)
        .join(Membership)
        .where(Membership.user_id == user.id, _contains(Project.name, typed))
        .order_by(col(Project.id))
        .limit(limit)
    ).all()
    names = [project.name.lower() for project in rows]
    return [
        Choice(
            f"{project.name} (#{project.id})",
            f"#{project.id}" if names.count(project.name.lower()) > 1 else project.name,
        )
        for project in rows
    ]


def card_choices(session: Session, project_id: int, typed: str, limit: int = LIMIT) -> list[Choice]:
    """The project's cards, newest first, whose title (or number) contains `typed`."""
    key = typed.strip().lstrip("#")
    match = _contains(Card.title, key)
    if is_number(key):
        match = or_(match, cast(Card.id, String).startswith(key))
    rows = session.exec(
        select(Card.id, Card.title)
        .where(Card.project_id == project_id, match)
        .order_by(col(Card.id).desc())
        .limit(limit)
    ).all()
    return [Choice(f"#{card_id} {title}", f"#{card_id}") for card_id, title in rows]


def ref_choices(session: Session, project_id: int, typed: str, limit: int = LIMIT) -> list[Choice]:
    """The project's shared refs, in their order, whose name contains `typed`."""
    rows = session.exec(
        select(Ref.position, Ref.name, Ref.kind)
        .where(Ref.project_id == project_id, col(Ref.card_id).is_(None), _contains(Ref.name, typed))
        .order_by(col(Ref.position), col(Ref.id))
        .limit(limit)
    ).all()
    return [Choice(f"{position}. {name} [{kind}]", name) for position, name, kind in rows]
