"""Reads a media profile's fields from the models file: which providers make which categories,
clip lengths (`durations`), voices and the image-to-media operations (`animate`, `to3d`)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from core.edit_ops import Operation

PROVIDER_CATEGORIES = {
    "local": ("image", "video", "music", "voice", "3d"),
    "fal": ("image", "video", "music", "3d"),
    "openai": ("image", "voice"),
    "gemini": ("image",),
    "comfyui": ("image",),
    "a1111": ("image",),
}
# The operations only a profile of one category does (an image from a version goes in).
MEDIA_OPERATIONS = {Operation.animate.value: "video", Operation.to3d.value: "3d"}
TIMED = ("video", "music")
MAX_DURATION = 600.0
VOICE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class TableReader(Protocol):
    """The models file reader (core.model_profiles) as this module uses it."""

    table: dict[str, Any]

    def fail(self, name: str, problem: str) -> Exception: ...


def check_category(reader: TableReader, provider: str, category: str) -> None:
    """Refuse a provider that cannot make the category, naming the categories it can."""
    able = PROVIDER_CATEGORIES.get(provider, ("image",))
    if category not in able:
        makers = [p for p, made in PROVIDER_CATEGORIES.items() if category in made]
        raise reader.fail(
            "category",
            f"{provider} cannot make {category}; {provider} makes: {', '.join(able)} "
            f"({category} is made by: {', '.join(makers)})",
        )


def check_operations(reader: TableReader, category: str, operations: tuple[str, ...]) -> None:
    """`animate` belongs to video profiles, `to3d` to 3D ones; media profiles make no edits."""
    for op in operations:
        wanted = MEDIA_OPERATIONS.get(op)
        if wanted is not None and wanted != category:
            raise reader.fail(
                "operations", f'"{op}" is for {wanted} profiles (this one is {category})'
            )
        if wanted is None and op != Operation.generate.value and category != "image":
            raise reader.fail(
                "operations",
                f'"{op}" edits images; a {category} profile can list: '
                + (", ".join(k for k, v in MEDIA_OPERATIONS.items() if v == category) or "none"),
            )


def durations(reader: TableReader, category: str) -> tuple[float, ...]:
    """The clip lengths (seconds) a video or music profile offers; the first is the default."""
    value = reader.table.get("durations")
    if value is None:
        return ()
    if category not in TIMED:
        raise reader.fail("durations", f"only video and music profiles have durations ({category})")
    numbers = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numbers or not value:
        raise reader.fail("durations", "must be a list of seconds, e.g. [5, 10]")
    for seconds in value:
        if not 0 < seconds <= MAX_DURATION:
            raise reader.fail("durations", f"{seconds:g} s: each must be above 0 and at most 600")
    if len(set(value)) != len(value):
        raise reader.fail("durations", "a length is listed twice")
    return tuple(float(v) for v in value)


def voices(reader: TableReader, category: str) -> tuple[str, ...]:
    """The voice ids a voice profile offers; the first is the default."""
    value = reader.table.get("voices")
    if value is None:
        return ()
    if category != "voice":
        raise reader.fail("voices", f"only voice profiles have voices ({category})")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise reader.fail("voices", 'must be a list of voice ids, e.g. ["alloy", "nova"]')
    for voice in value:
        if not VOICE_RE.fullmatch(voice):
            raise reader.fail(
                "voices", f'"{voice}": use 1–64 letters, digits, ".", "_" or "-" (users type it)'
            )
    if len({v.casefold() for v in value}) != len(value):
        raise reader.fail("voices", "a voice is listed twice")
    return tuple(value)


def flat_cost(reader: TableReader, resolutions: list[str]) -> dict[str, Any] | None:
    """A media profile may price a generation with one number (`cost = 3`)."""
    value = reader.table.get("cost")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0:
            raise reader.fail("cost", "must be a number of credits ≥ 0")
        return {res: value for res in resolutions}
    return None
