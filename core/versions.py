"""Version use cases: look up, review (approve/reject), favorites, uploads of own versions."""

from __future__ import annotations

import math

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.errors import BadInput, NotFound
from core.models import Card, Favorite, Version
from core.models.base import row_id, utcnow
from core.names import MAX_ID, clean_text, is_number, parse_number
from core.ports import StoredImage
from core.projects import Context

REVIEWS = ("approved", "rejected", "none")


def get_version(session: Session, ctx: Context, version_id: int) -> tuple[Card, Version]:
    """A version by id, only if it belongs to the actor's current project."""
    version = session.get(Version, version_id) if 0 < version_id <= MAX_ID else None
    card = session.get(Card, version.card_id) if version else None
    if version is None or card is None or card.project_id != ctx.project.id:
        raise NotFound(f'no version with id {version_id} in project "{ctx.project.name}"')
    return card, version


def version_by_number(session: Session, card: Card, number_text: str) -> Version:
    """A card's version by its number (v3, 3)."""
    shown = clean_text(number_text, what="version number", max_length=40, allow_empty=True)
    key = shown.lower().lstrip("v#")
    if not is_number(key):
        raise BadInput(f'"{shown}" is not a version number; use e.g. 3 or v3')
    number = parse_number(key, what="version number")
    version = session.exec(
        select(Version).where(Version.card_id == card.id, Version.number == number)
    ).first()
    if version is None:
        total = count_versions(session, card)
        raise NotFound(f"card #{card.id} has no version {key}; it has versions 1 to {total}")
    return version


def versions_of(session: Session, card: Card, direction_id: int | None = None) -> list[Version]:
    """A card's versions in order (optionally only one direction's)."""
    query = select(Version).where(Version.card_id == card.id)
    if direction_id is not None:
        query = query.where(Version.direction_id == direction_id)
    return list(session.exec(query.order_by(col(Version.number))).all())


def latest_versions(session: Session, card: Card, limit: int = 1) -> list[Version]:
    """The card's newest `limit` versions, oldest of them first."""
    found = session.exec(
        select(Version)
        .where(Version.card_id == card.id)
        .order_by(col(Version.number).desc())
        .limit(limit)
    ).all()
    return list(reversed(found))


def cover_of(session: Session, card: Card) -> str | None:
    """The image that stands for a card: its newest approved version, else its newest done."""
    found = session.exec(
        select(Version.image_sha)
        .where(Version.card_id == card.id, Version.status == "done")
        .order_by((col(Version.review) == "approved").desc(), col(Version.number).desc())
        .limit(1)
    ).first()
    return found or None


def count_versions(session: Session, card: Card) -> int:
    return session.exec(
        select(func.count()).select_from(Version).where(Version.card_id == card.id)
    ).one()


def next_number(session: Session, card: Card) -> int:
    """The number the card's next version gets."""
    top = session.exec(select(func.max(Version.number)).where(Version.card_id == card.id)).one()
    return (top or 0) + 1


def review(session: Session, ctx: Context, version: Version, verdict: str) -> bool:
    """Approve, reject or clear a version; returns False when it already had that review."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if verdict not in REVIEWS:
        raise BadInput(f'unknown review "{verdict}"; allowed: approved, rejected, none')
    if version.status != "done":
        raise BadInput(
            f"version {version.number} is {version.status}; only finished versions can be reviewed"
        )
    if version.review == verdict:
        return False
    version.review = verdict
    version.reviewed_by = ctx.user.id
    session.add(version)
    return True


def toggle_favorite(session: Session, ctx: Context, version: Version) -> bool:
    """⭐ on/off for the acting user; returns the new state."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    favorite = session.get(Favorite, (version.id, ctx.user.id))
    if favorite:
        session.delete(favorite)
        return False
    session.add(Favorite(version_id=row_id(version), user_id=row_id(ctx.user)))
    return True


def set_favorite(session: Session, ctx: Context, version: Version, on: bool) -> bool:
    """Set ⭐ explicitly (reactions add and remove); returns whether anything changed."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    favorite = session.get(Favorite, (version.id, ctx.user.id))
    if on and favorite is None:
        session.add(Favorite(version_id=row_id(version), user_id=row_id(ctx.user)))
        return True
    if not on and favorite is not None:
        session.delete(favorite)
        return True
    return False


def favorite_count(session: Session, version: Version) -> int:
    return session.exec(
        select(func.count()).select_from(Favorite).where(Favorite.version_id == version.id)
    ).one()


def is_favorite(session: Session, ctx: Context, version: Version) -> bool:
    return session.get(Favorite, (version.id, ctx.user.id)) is not None


def upload_ratio(width: int, height: int) -> str:
    """An upload's aspect ratio in lowest terms: 1920×1080 → "16:9", 1024×1024 → "1:1"."""
    common = math.gcd(width, height) or 1
    return f"{width // common}:{height // common}"


def add_upload(
    session: Session,
    ctx: Context,
    card: Card,
    image: StoredImage,
    *,
    direction_id: int | None = None,
    parent: Version | None = None,
) -> Version:
    """📤 Upload: the user's own image (edited elsewhere) becomes a new finished version."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    now = utcnow()
    version = Version(
        card_id=row_id(card),
        number=next_number(session, card),
        direction_id=direction_id,
        parent_version_id=parent.id if parent else None,
        prompt=card.prompt,
        negative_prompt=card.negative_prompt,
        model="upload",
        resolution=card.resolution,
        aspect_ratio=upload_ratio(image.width, image.height),
        width=image.width,
        height=image.height,
        seed=0,
        source="uploaded",
        status="done",
        image_sha=image.sha256,
        provider="upload",
        created_by=row_id(ctx.user),
        started_at=now,
        finished_at=now,
    )
    session.add(version)
    session.flush()
    return version
