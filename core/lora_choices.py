"""A picker's choices of a profile's LoRA styles, continuing what the person has typed."""

from __future__ import annotations

from core.catalog import ModelProfile
from core.choices import LIMIT, Choice


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
