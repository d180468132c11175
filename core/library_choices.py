"""Autocomplete choices of the project library: scenes and characters, filtered by text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from core.choices import LIMIT, Choice
from core.models import Character, Element, Scene


def scene_choices(
    session: Session, project_id: int, typed: str, limit: int = LIMIT
) -> list[Choice]:
    """The project's scenes whose name contains `typed`, by name."""
    rows = session.exec(
        select(Scene.name)
        .where(Scene.project_id == project_id, _contains(Scene.name, typed))
        .order_by(col(Scene.name))
        .limit(limit)
    ).all()
    return [Choice(name, name) for name in rows]


def character_choices(
    session: Session, project_id: int, typed: str, limit: int = LIMIT
) -> list[Choice]:
    """The project's characters whose name contains `typed`, by name."""
    rows = session.exec(
        select(Character.name)
        .where(Character.project_id == project_id, _contains(Character.name, typed))
        .order_by(col(Character.name))
        .limit(limit)
    ).all()
    return [Choice(name, name) for name in rows]


def element_choices(
    session: Session, project_id: int, typed: str, limit: int = LIMIT
) -> list[Choice]:
    """The project's worldbuilding elements whose name contains `typed`, as "name [kind]"."""
    rows = session.exec(
        select(Element.name, Element.kind)
        .where(Element.project_id == project_id, _contains(Element.name, typed))
        .order_by(col(Element.name))
        .limit(limit)
    ).all()
    return [Choice(f"{name} [{kind}]", name) for name, kind in rows]


def _contains(column: Any, typed: str) -> ColumnElement[bool]:
    """Case-insensitive substring match; % and _ typed by the user match themselves."""
    return func.lower(column).contains(typed.strip().lower(), autoescape=True)
