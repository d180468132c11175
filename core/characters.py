"""Characters: a name, a description and portraits (the versions of a card the character owns)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.archive import hidden
from core.errors import BadInput
from core.models import Card, Character, Version
from core.models.base import row_id
from core.names import clean_name, clean_text
from core.projects import Context
from core.suggest import unknown

MAX_DESCRIPTION = 1000


def list_characters(session: Session, ctx: Context) -> list[Character]:
    return list(
        session.exec(
            select(Character)
            .where(
                Character.project_id == ctx.project.id,
                col(Character.id).not_in(hidden("character")),
            )
            .order_by(col(Character.name))
        ).all()
    )


def find_character(session: Session, ctx: Context, name: str) -> Character:
    """A character of the project by name (case-insensitive), or NotFound with suggestions."""
    found = lookup(session, ctx, name)
    if found is None:
        known = [c.name for c in list_characters(session, ctx)]
        raise unknown("character", name, known, ctx.project.name, "/character new <name>: <looks>")
    return found


def lookup(session: Session, ctx: Context, name: str) -> Character | None:
    return session.exec(
        select(Character).where(
            Character.project_id == ctx.project.id,
            func.lower(Character.name) == name.strip().lower(),
            col(Character.id).not_in(hidden("character")),
        )
    ).first()


def check_new(session: Session, ctx: Context, name: str, description: str) -> tuple[str, str]:
    """The cleaned name and description of a character an editor may create."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    name = clean_name(name, what="character", max_length=60)
    description = clean_text(
        description, what="description", max_length=MAX_DESCRIPTION, allow_empty=True
    )
    clash = session.exec(
        select(Character).where(
            Character.project_id == ctx.project.id, func.lower(Character.name) == name.lower()
        )
    ).first()
    if clash is not None:
        raise BadInput(f'project "{ctx.project.name}" already has a character "{clash.name}"')
    return name, description


def create(session: Session, ctx: Context, name: str, description: str, card: Card) -> Character:
    character = Character(
        project_id=row_id(ctx.project),
        name=name,
        description=description,
        card_id=row_id(card),
        created_by=row_id(ctx.user),
    )
    session.add(character)
    session.flush()
    return character


def portraits(session: Session, character: Character) -> list[Version]:
    """The character's finished portraits, oldest first."""
    return list(
        session.exec(
            select(Version)
            .where(Version.card_id == character.card_id, Version.status == "done")
            .order_by(col(Version.number))
        ).all()
    )


def canonical(session: Session, character: Character) -> Version | None:
    """The portrait used as the character's ref: the chosen one, else the newest finished."""
    if character.portrait_version_id is not None:
        chosen = session.get(Version, character.portrait_version_id)
        if chosen is not None and chosen.image_sha:
            return chosen
    found = portraits(session, character)
    return found[-1] if found else None


def owner_of(session: Session, card: Card) -> Character | None:
    """The character whose portraits this card holds, if any."""
    return session.exec(select(Character).where(Character.card_id == card.id)).first()


def use_portrait(session: Session, ctx: Context, card: Card, version: Version) -> Character:
    """👤 Use this version: the portrait becomes the character's canonical one."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    character = owner_of(session, card)
    if character is None:
        raise BadInput(f"card #{card.id} is not a character's portrait card")
    if version.status != "done" or not version.image_sha:
        raise BadInput(f"v{version.number} has no image yet; pick a finished portrait")
    character.portrait_version_id = version.id
    session.add(character)
    session.flush()
    return character


def describe(session: Session, ctx: Context, character: Character, card: Card, text: str) -> None:
    """Set the description; the portrait prompt follows it while it was the description."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    text = clean_text(text, what="description", max_length=MAX_DESCRIPTION)
    if card.prompt.strip() in ("", character.description.strip(), character.name):
        card.prompt = text
        session.add(card)
    character.description = text
    session.add(character)
    session.flush()
