"""Directions: named forks of a card from one version, with its image attached as a ref."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.errors import BadInput, NotFound
from core.models import Card, Direction, Ref, Version
from core.models.base import row_id
from core.names import clean_name
from core.projects import Context

MAIN = "main"


def fork(session: Session, ctx: Context, card: Card, version: Version, name: str) -> Direction:
    """↗ Fork: a new direction from `version`; its image becomes the direction's first ref."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    name = clean_name(name, what="direction", max_length=60)
    if version.card_id != card.id:
        raise NotFound(f"version {version.number} is not part of card #{card.id}")
    if version.status != "done" or not version.image_sha:
        raise BadInput(f"version {version.number} has no image yet; fork from a finished version")
    if version.operation == "annotate":
        raise BadInput(
            f"v{version.number} is an annotation (review notes) and is never sent to a model; "
            "fork from the version it annotates"
        )
    _check_free(session, card, name)
    direction = Direction(
        card_id=row_id(card),
        name=name,
        source_version_id=row_id(version),
        created_by=row_id(ctx.user),
    )
    session.add(direction)
    session.flush()
    session.add(
        Ref(
            project_id=card.project_id,
            card_id=card.id,
            direction_id=direction.id,
            name=f"{name} source (v{version.number})"[:60],
            kind="fork",
            image_sha=version.image_sha,
            source_version_id=version.id,
            created_by=row_id(ctx.user),
        )
    )
    session.flush()
    return direction


def rename(session: Session, ctx: Context, direction: Direction, new_name: str) -> Direction:
    """Directions are renamable at any time."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    name = clean_name(new_name, what="direction", max_length=60)
    card = session.get(Card, direction.card_id)
    assert card is not None
    if name.lower() != direction.name.lower():
        _check_free(session, card, name)
    direction.name = name
    session.add(direction)
    return direction


def list_directions(session: Session, card: Card) -> list[Direction]:
    return list(
        session.exec(
            select(Direction).where(Direction.card_id == card.id).order_by(col(Direction.id))
        ).all()
    )


def find_direction(session: Session, card: Card, name: str) -> Direction | None:
    """A direction by name; None for the main line ("main")."""
    key = name.strip()
    if key.lower() == MAIN:
        return None
    direction = session.exec(
        select(Direction).where(
            Direction.card_id == card.id, func.lower(Direction.name) == key.lower()
        )
    ).first()
    if direction is None:
        names = ", ".join([MAIN] + [d.name for d in list_directions(session, card)])
        raise NotFound(f'card #{card.id} has no direction "{key}"; directions: {names}')
    return direction


def _check_free(session: Session, card: Card, name: str) -> None:
    if (
        name.lower() == MAIN
        or session.exec(
            select(Direction).where(
                Direction.card_id == card.id, func.lower(Direction.name) == name.lower()
            )
        ).first()
    ):
        raise BadInput(f'card #{card.id} already has a direction "{name}"; pick another name')
