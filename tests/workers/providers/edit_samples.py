"""Realistic inputs for edit tests: photo-sized images, white = redraw masks, edit requests."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from core.ports import GenerationRequest

from .fakes import make_request


@lru_cache(maxsize=8)
def photo(width: int = 1920, height: int = 1080, kind: str = "PNG") -> bytes:
    """A photo-sized picture with a sky gradient, a ground and a subject (not a flat colour)."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.merge("RGB", (image.getchannel(0).point(lambda v: v // 3), image.getchannel(1),
                                image.getchannel(2).point(lambda v: 255 - v // 2)))  # fmt: skip
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, 120, 40))
    draw.ellipse((width * 2 // 5, height // 4, width * 3 // 5, height * 3 // 4), fill=(200, 60, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return buffer.getvalue()


@lru_cache(maxsize=8)
def mask(
    width: int = 1920, height: int = 1080, box: tuple[float, ...] = (0.25, 0.25, 0.5, 0.75)
) -> bytes:
    """A white = redraw mask over `box` (fractions left, top, right, bottom), black elsewhere."""
    image = Image.new("L", (width, height), 0)
    left, top, right, bottom = box
    ImageDraw.Draw(image).rectangle(
        (int(left * width), int(top * height), int(right * width) - 1, int(bottom * height) - 1),
        fill=255,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def edit(operation: str, **changes: Any) -> GenerationRequest:
    """An edit of a 1920×1080 parent (16:9), with a mask for inpaint unless one is given."""
    changes.setdefault("init_image", photo())
    if operation == "inpaint":
        changes.setdefault("mask", mask())
    changes.setdefault("aspect_ratio", "16:9")
    changes.setdefault("prompt", "a red door")
    return make_request(operation=operation, **changes)
