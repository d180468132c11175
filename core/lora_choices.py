"""A picker's choices of a profile's LoRA styles, continuing what the person has typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.catalog import ModelCatalog, ModelProfile
from core.choices import LIMIT, Choice
from core.errors import BadInput
from core.loras import loaded
from core.views import Action

BUTTONS = 20
"""A button picker offers the profile's first 20 LoRAs (`lora0` … `lora19`); `--lora` the rest."""
CLEAR = "loranone"


def lora_action(index: int) -> str:
    """The button of the profile's index-th LoRA: its id on the wire is the card's (`lora3:12`)."""
    return f"lora{index}"


def offered_profile(
    catalog: ModelCatalog, typed_model: str | None, card_model: str | None = None
) -> ModelProfile | None:
    """Whose LoRAs a picker offers: the model typed in the command, else the model of the card
    the command acts on (none for /imagine), else the catalogue's default; None for a model
    half-typed or no longer in the catalogue (nothing to offer yet)."""
    try:
        return catalog.get(typed_model or card_model or catalog.default)
    except BadInput:
        return None


def lora_picker(profile: ModelProfile, typed: str) -> list[Choice]:
    """Each allowed LoRA whose name or label holds the word being typed, as "name:default"
    after what was typed before the last comma; none when the model takes no LoRAs."""
    if not profile.lora:
        return []
    head, comma, word = typed.rpartition(",")
    prefix = f"{head.strip()}, " if comma else ""
    already = {part.split(":")[0].strip().lower() for part in head.split(",") if part.strip()}
    wanted = word.strip().split(":")[0].lower()
    found = []
    for style in profile.loras:
        if style.name.lower() in already:
            continue
        if wanted not in style.name.lower() and wanted not in style.label.lower():
            continue
        label = (
            f"{style.label} ({style.name}) · weight {style.default_weight:g}, "
            f"max {style.max_weight:g}"
        )
        value = f"{prefix}{style.name}:{style.default_weight:g}"
        found.append(Choice(label=label, value=value))
    return found[:LIMIT]


def lora_buttons(profile: ModelProfile, rows: Sequence[Any] | None, card_id: int) -> list[Action]:
    """The picker: each allowed LoRA of the card's model at its default weight, one to a row,
    ✓ on those the card uses (with its weight); then ✖ No LoRA. None when the model takes none."""
    if not profile.lora:
        return []
    used = {ask.name: ask.weight for ask in loaded(rows)}
    buttons = []
    for index, style in enumerate(profile.loras[:BUTTONS]):
        on = style.name in used
        weight = used.get(style.name) if on else style.default_weight
        label = f"{'✓ ' if on else ''}{style.label} · {weight or 0:g}"
        tone = "success" if on else "secondary"
        buttons.append(Action(lora_action(index), label, card_id, tone, row=index))
    if buttons:
        row = len(buttons)
        buttons.append(Action(CLEAR, "✖ No LoRA", card_id, row=row))
    return buttons
