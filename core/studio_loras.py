"""The LoRA picker: a card's model's LoRA styles as buttons, toggled onto the card's draft."""

from __future__ import annotations

from core.access import Role
from core.catalog import ModelProfile
from core.errors import BadInput
from core.identity import Actor, Place
from core.lora_choices import BUTTONS, lora_buttons
from core.loras import LoraAsk, loaded, parse_asks, resolve, shown, stored
from core.models import Card
from core.studio_base import Outcome, Scope, StudioBase

HINT = "tap one to add or remove it at its default weight; other weights: /lora ink:0.6"
STALE = "this LoRA button is out of date (the models file changed); /lora shows them now"


class LoraPickActions(StudioBase):
    """🎨 /lora: the picker, its toggles and ✖ No LoRA; `/lora ink:0.6` sets them by text."""

    def lora_menu(self, actor: Actor, place: Place, card_id: int | None = None) -> Outcome:
        """The card's model's allowed LoRAs as buttons (✓ on those the card uses)."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            profile = self._lora_profile(card)
            return self._picker(card, profile, f"🎨 LoRA styles of {profile.label}")

    def set_loras(self, actor: Actor, place: Place, text: str) -> Outcome:
        """`/lora ink:0.6, grain` or `/lora none`: the card's LoRAs by text, checked by core."""
        asks = parse_asks(text)
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            profile = self.catalog.get(card.model)
            outcome = self._changed_to(s, card, profile, resolve(self.catalog, profile, asks))
        self._changed(outcome.card_id)
        return outcome

    def toggle_lora(self, actor: Actor, place: Place, index: int, card_id: int) -> Outcome:
        """A picker button: add the model's index-th LoRA (a model taking one: replace), or
        take it off when the card uses it."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            profile = self._lora_profile(card)
            if not 0 <= index < min(len(profile.loras), BUTTONS):
                raise BadInput(STALE)
            name = profile.loras[index].name
            kept = loaded(card.loras)
            if any(ask.name == name for ask in kept):
                asks = tuple(ask for ask in kept if ask.name != name)
            elif profile.max_loras == 1:
                asks = (LoraAsk(name),)
            else:
                asks = (*kept, LoraAsk(name))
            outcome = self._changed_to(s, card, profile, resolve(self.catalog, profile, asks))
        self._changed(outcome.card_id)
        return outcome

    def clear_loras(self, actor: Actor, place: Place, card_id: int) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            outcome = self._changed_to(s, card, self.catalog.get(card.model), ())
        self._changed(outcome.card_id)
        return outcome

    def _changed_to(
        self, s: Scope, card: Card, profile: ModelProfile, picks: tuple[LoraAsk, ...]
    ) -> Outcome:
        card.loras = stored(picks)
        s.session.add(card)
        s.session.flush()
        outcome = self._picker(card, profile, f"🎨 LoRA: {shown(card.loras) or 'none'}")
        outcome.card = self.render_card(s.session, card)
        return outcome

    def _picker(self, card: Card, profile: ModelProfile, title: str) -> Outcome:
        buttons = lora_buttons(profile, card.loras, card.id or 0)
        text = f"{title} · card #{card.id}: {HINT}" if buttons else title
        return Outcome(text, buttons=buttons, card_id=card.id)

    def _lora_profile(self, card: Card) -> ModelProfile:
        """The card's model, if it offers LoRAs; otherwise a refusal naming the models that do."""
        profile = self.catalog.get(card.model)
        if profile.lora and profile.loras:
            return profile
        able = sorted(p.id for p in self.catalog.profiles.values() if p.lora and p.loras)
        offer = f"models that do: {', '.join(able)}" if able else "no model here takes LoRAs"
        raise BadInput(f"{profile.label} takes no LoRAs; {offer} (switch with --model)")
