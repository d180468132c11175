"""Studio action behind the offer to use characters a prompt names: the confirm button puts
them with the card (their canonical portraits go as refs) and queues a new version."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from core import cards
from core.access import Role
from core.errors import BadInput
from core.generation_context import mentioned_characters
from core.identity import Actor, Place
from core.models.base import row_id
from core.placement import MAX_CAST, context_of
from core.studio_base import Outcome, StudioBase

if TYPE_CHECKING:
    from core.studio import Studio


class CastActions(StudioBase):
    """👤 Use <names>: the confirmation the reply to a prompt naming characters offers."""

    def cast_mentioned(self, actor: Actor, place: Place, card_id: int) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = cards.get_card(s.session, s.ctx, card_id)
            placed = context_of(s.session, card)
            found = mentioned_characters(s.session, s.ctx, card, list(placed.character_ids))
            if not found:
                raise BadInput(
                    f"card #{card.id}'s prompt names no character that is not already with it "
                    "(see /character list; --with <name> places one by hand)"
                )
            with_them = [*placed.character_ids, *(row_id(c) for c in found)]
            if len(with_them) > MAX_CAST:
                raise BadInput(
                    f"a card is made with at most {MAX_CAST} characters; card #{card.id} would "
                    f"have {len(with_them)} (choose with --with)"
                )
            placed.character_ids = with_them
            s.session.add(placed)
            names = ", ".join(c.name for c in found)
        studio = cast("Studio", self)  # this mixin only runs as part of Studio
        queued = studio.new_version(actor, place, card_id=card_id)
        queued.text = (
            f"👤 {names} now with card #{card_id}: the canonical portrait goes as a ref\n"
            + queued.text
        )
        return queued
