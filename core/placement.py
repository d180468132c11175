"""Where a card is placed: its scene and the characters it is made with (`--scene`, `--with`)."""

from __future__ import annotations

from sqlmodel import Session

from core.access import Role, require_role
from core.characters import find_character
from core.design import design_of
from core.errors import BadInput
from core.models import Card, CardContext, Character
from core.models.base import row_id
from core.projects import Context
from core.prompt_params import PromptParams
from core.scenes import find_scene

NONE = ("none", "-")
MAX_CAST = 8


def context_of(session: Session, card: Card) -> CardContext:
    """The card's placement (a fresh one, with the design's style, for a new card)."""
    found = session.get(CardContext, card.id)
    if found is None:
        style = design_of(session, card.project_id).style_prompt
        found = CardContext(card_id=row_id(card), style_prompt=style)
        session.add(found)
        session.flush()
    return found


def place_card(session: Session, ctx: Context, card: Card, params: PromptParams) -> CardContext:
    """Apply `--scene` and `--with` to the card (unknown names refused, nothing changed)."""
    placed = context_of(session, card)
    if params.scene is None and params.cast is None:
        return placed
    require_role(session, ctx.project, ctx.user, Role.editor)
    scene_id, cast = placed.scene_id, list(placed.character_ids)
    if params.scene is not None:
        name = params.scene.strip()
        scene_id = None if name.lower() in NONE else row_id(find_scene(session, ctx, name))
    if params.cast is not None:
        cast = [row_id(c) for c in cast_of(session, ctx, card, params.cast)]
    placed.scene_id, placed.character_ids = scene_id, cast
    session.add(placed)
    session.flush()
    return placed


def cast_of(session: Session, ctx: Context, card: Card, names: str) -> list[Character]:
    """Characters named in "Mara, Tom" ("none": nobody), each once, in the order given."""
    if names.strip().lower() in NONE:
        return []
    found: list[Character] = []
    for name in (n.strip() for n in names.split(",")):
        if not name:
            continue
        character = find_character(session, ctx, name)
        if character.card_id == card.id:
            raise BadInput(
                f"card #{card.id} holds {character.name}'s own portraits; a character is not "
                "made with itself (its canonical portrait is its own)"
            )
        if all(c.id != character.id for c in found):
            found.append(character)
    if len(found) > MAX_CAST:
        raise BadInput(f"--with names at most {MAX_CAST} characters; got {len(found)}")
    return found
