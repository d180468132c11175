"""Where a card is placed: its scene and the characters it is made with (`--scene`, `--with`)."""

from __future__ import annotations

from sqlmodel import Session

from core import characters, elements
from core.access import Role, require_role
from core.db import held
from core.design import design_of
from core.errors import BadInput, NotFound
from core.models import Card, CardContext, Character, Element
from core.models.base import row_id
from core.projects import Context
from core.prompt_params import PromptParams
from core.scenes import find_scene
from core.suggest import unknown

NONE = ("none", "-")
MAX_CAST = 8


def context_of(session: Session, card: Card) -> CardContext:
    """The card's placement (a fresh one, with the design's style, for a new card)."""
    found = held(session, session.get(CardContext, card.id))
    if found is None:
        style = design_of(session, card.project_id).style_prompt
        found = CardContext(card_id=row_id(card), style_prompt=style)
        session.add(found)
        session.flush()
        held(session, found)
    return found


def place_card(session: Session, ctx: Context, card: Card, params: PromptParams) -> CardContext:
    """Apply `--scene` and `--with` to the card (unknown names refused, nothing changed)."""
    placed = context_of(session, card)
    if params.scene is None and params.cast is None:
        return placed
    require_role(session, ctx.project, ctx.user, Role.editor)
    scene_id, cast = placed.scene_id, list(placed.character_ids)
    element_ids = list(placed.element_ids)
    if params.scene is not None:
        name = params.scene.strip()
        scene_id = None if name.lower() in NONE else row_id(find_scene(session, ctx, name))
    if params.cast is not None:
        people, things = cast_of(session, ctx, card, params.cast)
        cast, element_ids = [row_id(c) for c in people], [row_id(e) for e in things]
    placed.scene_id, placed.character_ids = scene_id, cast
    placed.element_ids = element_ids
    session.add(placed)
    session.flush()
    return placed


def cast_of(
    session: Session, ctx: Context, card: Card, names: str
) -> tuple[list[Character], list[Element]]:
    """Characters and elements named in "Mara, Harbour" ("none": nobody), each once, in the
    order given; a name is a character's first, else an element's."""
    if names.strip().lower() in NONE:
        return [], []
    cast: list[Character] = []
    found: list[Element] = []
    for name in (n.strip() for n in names.split(",")):
        if not name:
            continue
        character = characters.lookup(session, ctx, name)
        element = elements.lookup(session, ctx, name) if character is None else None
        if character is not None:
            if character.card_id == card.id:
                raise BadInput(
                    f"card #{card.id} holds {character.name}'s own portraits; a character is "
                    "not made with itself (its canonical portrait is its own)"
                )
            if all(c.id != character.id for c in cast):
                cast.append(character)
        elif element is not None:
            if all(e.id != element.id for e in found):
                found.append(element)
        else:
            raise _unknown(session, ctx, name)
    if len(cast) + len(found) > MAX_CAST:
        raise BadInput(f"--with names at most {MAX_CAST} characters and elements")
    return cast, found


def _unknown(session: Session, ctx: Context, name: str) -> NotFound:
    known = [c.name for c in characters.list_characters(session, ctx)]
    known += [e.name for e in elements.list_elements(session, ctx)]
    return unknown(
        "character or element",
        name,
        known,
        ctx.project.name,
        "/character new or /element new",
        plural="characters and elements",
    )
