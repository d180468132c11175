"""LoRA styles: a profile's allow-list, `--lora name:0.8` asks, and the checks between them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import BadInput
from core.ports import LoraUse
from core.suggest import near

if TYPE_CHECKING:
    from core.catalog import ModelCatalog, ModelProfile

LORA_PROVIDERS = ("fal", "a1111", "comfyui")
"""Providers Lightbox can send LoRAs to (fal's LoRA endpoints, A1111 prompt syntax, ComfyUI)."""
NONE = "none"
MAX_WEIGHT = 10.0
MAX_ITEMS = 8
_WEIGHT_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,4})?|\.[0-9]{1,4}")
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class LoraStyle:
    """One LoRA the admin offers on a profile: what users type, what the provider gets."""

    name: str
    label: str
    provider_lora: str
    """fal: URL or path of the weights; A1111: a name from /sdapi/v1/loras; ComfyUI: file name."""
    default_weight: float = 1.0
    max_weight: float = 1.0

    def describe(self) -> str:
        """ "ink (Ink wash, weight 0.8, max 1.2)" for lists of what is allowed."""
        label = f"{self.label}, " if self.label != self.name else ""
        weights = f"weight {_num(self.default_weight)}, max {_num(self.max_weight)}"
        return f"{self.name} ({label}{weights})"


@dataclass(frozen=True)
class LoraAsk:
    """What a person typed for one LoRA: a name and maybe a weight (None: the default)."""

    name: str
    weight: float | None = None

    def text(self) -> str:
        return self.name if self.weight is None else f"{self.name}:{_num(self.weight)}"


def parse_asks(value: str) -> tuple[LoraAsk, ...]:
    """ "ink:0.8, house" → asks; "none" → () (clear the card's LoRAs); BadInput on bad text."""
    items = [item.strip() for item in re.split(r"[,\s]+", value) if item.strip()]
    if [item.casefold() for item in items] == [NONE]:
        return ()
    if len(items) > MAX_ITEMS:
        raise BadInput(f"--lora names at most {MAX_ITEMS} LoRAs, got {len(items)}")
    asks = []
    for item in items:
        name, colon, weight = item.partition(":")
        shown = item if len(item) <= 40 else item[:37] + "…"
        if not _NAME_RE.fullmatch(name):
            raise BadInput(
                f'--lora "{shown}": name a LoRA by its short name, e.g. --lora ink:0.8 '
                "(/models lists each model's LoRAs)"
            )
        if not colon:
            asks.append(LoraAsk(name))
            continue
        if weight.startswith("-"):
            raise BadInput(
                f'--lora "{shown}": a weight cannot be negative; use 0 to {MAX_WEIGHT:g}'
            )
        if not _WEIGHT_RE.fullmatch(weight):
            raise BadInput(
                f'--lora "{shown}": the weight must be a number such as 0.8, got "{weight[:20]}"'
            )
        asks.append(LoraAsk(name, float(weight)))
    return tuple(asks)


def format_asks(asks: Iterable[LoraAsk]) -> str:
    return ", ".join(ask.text() for ask in asks) or NONE


def stored(picks: Iterable[LoraAsk]) -> list[dict[str, Any]]:
    """The JSON a card or version keeps: [{"name": "ink", "weight": 0.8}, …]."""
    return [{"name": p.name, "weight": p.weight} for p in picks]


def loaded(rows: Sequence[Any] | None) -> tuple[LoraAsk, ...]:
    """Stored JSON back to asks (each with its weight); unreadable rows are skipped."""
    asks = []
    for row in rows or ():
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            weight = row.get("weight")
            asks.append(LoraAsk(row["name"], float(weight) if weight is not None else None))
    return tuple(asks)


def shown(rows: Sequence[Any] | None) -> str:
    """ "ink 0.8 + house 1" for captions and info; "" when none were used."""
    return " + ".join(f"{a.name} {_num(a.weight or 0)}" for a in loaded(rows))


def resolve(
    catalog: ModelCatalog, profile: ModelProfile, asks: Sequence[LoraAsk]
) -> tuple[LoraAsk, ...]:
    """The asks checked against the profile's allow-list, each with its weight filled in;
    BadInput naming what is allowed otherwise. No asks: nothing to check."""
    if not asks:
        return ()
    if not profile.lora or not profile.loras:
        able = sorted(p.id for p in catalog.profiles.values() if p.lora and p.loras)
        offer = f"models that do: {', '.join(able)}" if able else "no model here takes LoRAs"
        raise BadInput(f"{profile.label} does not take LoRAs; {offer}")
    offered = {style.name.casefold(): style for style in profile.loras}
    picks: list[LoraAsk] = []
    for ask in asks:
        style = offered.get(ask.name.casefold())
        if style is None:
            raise _not_offered(catalog, profile, ask.name)
        if any(p.name == style.name for p in picks):
            raise BadInput(f"the LoRA {style.name} was given twice; give each LoRA once")
        weight = style.default_weight if ask.weight is None else ask.weight
        if weight > style.max_weight:
            raise BadInput(
                f"the weight of {style.name} is at most {_num(style.max_weight)} on "
                f"{profile.label} (default {_num(style.default_weight)}); got {_num(weight)}"
            )
        picks.append(LoraAsk(style.name, weight))
    if len(picks) > profile.max_loras:
        raise BadInput(
            f"{profile.label} takes at most {profile.max_loras} LoRA(s) at once; "
            f"got {len(picks)}: {format_asks(picks)}"
        )
    return tuple(picks)


def uses(profile: ModelProfile, rows: Sequence[Any] | None) -> list[LoraUse]:
    """A version's stored LoRAs as the provider gets them; BadInput when the admin has since
    taken one off the profile or lowered its maximum below the stored weight."""
    found = []
    for ask in loaded(rows):
        style = style_of(profile, ask.name) if profile.lora else None
        if style is None:
            raise BadInput(
                f'the LoRA "{ask.name}" is no longer offered on {profile.label}; '
                f"allowed now: {allowed(profile)}"
            )
        weight = style.default_weight if ask.weight is None else ask.weight
        if weight > style.max_weight:
            raise BadInput(
                f"the weight {_num(weight)} of {style.name} is now above its maximum "
                f"{_num(style.max_weight)} on {profile.label}"
            )
        found.append(LoraUse(style.name, style.provider_lora, weight))
    return found


def carried(
    profile: ModelProfile, rows: Sequence[Any] | None
) -> tuple[tuple[LoraAsk, ...], tuple[str, ...]]:
    """A parent's LoRAs an edit on `profile` keeps (its weights), and why each other one is
    dropped: the model takes none, does not offer it, caps its weight lower, or takes fewer."""
    kept: list[LoraAsk] = []
    dropped: list[str] = []
    for ask in loaded(rows):
        style = style_of(profile, ask.name) if profile.lora else None
        if style is None:
            why = "takes no LoRAs" if not profile.lora or not profile.loras else "does not offer it"
            dropped.append(f"{ask.name} ({profile.label} {why})")
        elif (weight := _weight(style, ask)) > style.max_weight:
            dropped.append(
                f"{ask.name} (weight {_num(weight)} is above its max {_num(style.max_weight)} "
                f"on {profile.label})"
            )
        elif len(kept) >= profile.max_loras:
            dropped.append(f"{ask.name} ({profile.label} takes {profile.max_loras} at once)")
        else:
            kept.append(LoraAsk(style.name, weight))
    return tuple(kept), tuple(dropped)


def allowed(profile: ModelProfile) -> str:
    """The profile's LoRAs for a refusal or a /models line."""
    return "; ".join(style.describe() for style in profile.loras) or "none"


def style_of(profile: ModelProfile, name: str) -> LoraStyle | None:
    return next((s for s in profile.loras if s.name.casefold() == name.casefold()), None)


def _not_offered(catalog: ModelCatalog, profile: ModelProfile, name: str) -> BadInput:
    """Unknown anywhere (with near names), or offered only on other models (named)."""
    elsewhere = sorted(
        p.id for p in catalog.profiles.values() if p.id != profile.id and style_of(p, name)
    )
    if elsewhere:
        return BadInput(
            f'the LoRA "{name}" is not allowed on {profile.label}; it is offered on: '
            f"{', '.join(elsewhere)}. {profile.label} allows: {allowed(profile)}"
        )
    close = near(name, [style.name for style in profile.loras])
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return BadInput(
        f'unknown LoRA "{name[:60]}" for {profile.label}{hint} allowed: {allowed(profile)}'
    )


def _weight(style: LoraStyle, ask: LoraAsk) -> float:
    return style.default_weight if ask.weight is None else ask.weight


def _num(value: float) -> str:
    return f"{value:g}"
