"""Reads a profile's LoRA allow-list (`[[models.loras]]`, `max_loras`) from the models file."""

from __future__ import annotations

import re
from typing import Any, Protocol

from core.loras import LORA_PROVIDERS, MAX_ITEMS, MAX_WEIGHT, LoraStyle

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
KNOWN = {"name", "label", "provider_lora", "default", "max"}
PROVIDER_MAX = {"fal": 4.0, "a1111": MAX_WEIGHT, "comfyui": MAX_WEIGHT}
"""The default `lora_max_weight` per provider: fal's flux-lora LoraWeight `scale` goes to 4 (its
schema mirrors; other fal LoRA endpoints differ, so a profile sets its own), A1111 and ComfyUI
take any weight, so Lightbox's own ceiling applies."""


class TableReader(Protocol):
    """The models file reader (core.model_profiles) as this module uses it."""

    table: dict[str, Any]

    def fail(self, name: str, problem: str) -> Exception: ...

    def flag(self, name: str, default: bool) -> bool: ...

    def whole(self, name: str, default: int, low: int, high: int) -> int: ...


def lora_fields(reader: TableReader, provider: str) -> tuple[tuple[LoraStyle, ...], int]:
    """The profile's LoRA styles and how many one request may use; refused when the provider
    cannot take LoRAs or a style is malformed."""
    enabled = reader.flag("lora", False)
    if enabled and provider not in LORA_PROVIDERS:
        able = ", ".join(LORA_PROVIDERS)
        raise reader.fail("lora", f"{provider} does not take LoRAs (providers that do: {able})")
    ceiling = _ceiling(reader, provider, enabled)
    tables = reader.table.get("loras", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise reader.fail("loras", "write each LoRA as a [[models.loras]] table")
    if tables and not enabled:
        raise reader.fail("loras", "LoRAs are listed but lora = true is not set")
    styles: list[LoraStyle] = []
    for number, table in enumerate(tables, start=1):
        style = _style(reader, f"loras #{number}", table, ceiling)
        if any(s.name.casefold() == style.name.casefold() for s in styles):
            raise reader.fail(f"loras #{number}", f'name "{style.name}" is used twice')
        styles.append(style)
    most = reader.whole("max_loras", 1, 1, MAX_ITEMS)
    return tuple(styles), most


def _ceiling(reader: TableReader, provider: str, enabled: bool) -> float:
    """The profile's `lora_max_weight`: the highest weight its endpoint takes (every LoRA's
    `default` and `max` stay under it); the provider's default when not set."""
    default = PROVIDER_MAX.get(provider, MAX_WEIGHT)
    if "lora_max_weight" not in reader.table:
        return default
    if not enabled:
        raise reader.fail("lora_max_weight", "is set but lora = true is not set")
    value = reader.table["lora_max_weight"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_WEIGHT:
        raise reader.fail(
            "lora_max_weight",
            f"must be a number above 0 and at most {MAX_WEIGHT:g} (the highest LoRA weight "
            f"the endpoint takes; {provider} default {default:g})",
        )
    return float(value)


def _style(reader: TableReader, where: str, table: dict[str, Any], ceiling: float) -> LoraStyle:
    unknown = sorted(set(table) - KNOWN)
    if unknown:
        raise reader.fail(where, f"{unknown[0]}: unknown field; known: {', '.join(sorted(KNOWN))}")
    name = table.get("name")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name.strip()):
        raise reader.fail(where, "name: use 1–64 letters, digits, '.', '_' or '-' (users type it)")
    name = name.strip()
    texts = {}
    for key in ("label", "provider_lora"):
        value = table.get(key, name)
        if not isinstance(value, str) or not value.strip():
            raise reader.fail(where, f"{key}: must be non-empty text")
        texts[key] = value.strip()
    weights: dict[str, float] = {}
    for key in ("default", "max"):
        value = table.get(key, weights.get("default", 1.0))  # max defaults to the default
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not 0 <= value <= ceiling:
            raise reader.fail(
                where, f"{key}: must be a weight from 0 to {ceiling:g} (lora_max_weight)"
            )
        weights[key] = float(value)
    if weights["default"] > weights["max"]:
        raise reader.fail(where, f"default {weights['default']:g} is above max {weights['max']:g}")
    return LoraStyle(
        name=name,
        label=texts["label"],
        provider_lora=texts["provider_lora"],
        default_weight=weights["default"],
        max_weight=weights["max"],
    )
