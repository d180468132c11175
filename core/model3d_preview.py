"""Preview pictures of a 3D model: its texture as a tilted card, or a shaded placeholder."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_BACKDROP_TOP, _BACKDROP_BOTTOM = (206, 208, 212), (142, 145, 152)
_YAW, _PITCH = math.radians(28), math.radians(-12)  # how far the card is turned and tipped
_CAMERA = 2.6  # distance from the eye to the card's centre, in card widths


def card_preview(texture: Image.Image, size: int) -> bytes:
    """A PNG: `texture` on a card turned in perspective, with a soft shadow, on a grey backdrop."""
    canvas = _backdrop(size)
    corners = _projected_corners(texture.width / texture.height, size)
    shadow = Image.new("L", (size, size), 0)
    offset = [(x + size * 0.03, y + size * 0.05) for x, y in corners]
    ImageDraw.Draw(shadow).polygon(offset, fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(size / 40))
    canvas.paste((40, 40, 44), (0, 0), shadow)
    face = texture.transform(
        (size, size),
        Image.Transform.PERSPECTIVE,
        _coefficients(corners, texture.width, texture.height),
        Image.Resampling.BICUBIC,
    )
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).polygon(corners, fill=255)
    canvas.paste(face, (0, 0), mask)
    ImageDraw.Draw(canvas).line([*corners, corners[0]], fill=(250, 250, 250), width=2)
    return _png(canvas)


def placeholder_preview(vertices: int, triangles: int, size: int) -> bytes:
    """A PNG for a model without a texture: a shaded ball and its vertex and triangle counts."""
    canvas = _backdrop(size)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    cx, cy, radius = 0.5, 0.45, 0.28
    inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius**2
    light = np.clip(1.0 - np.hypot(x - (cx - 0.1), y - (cy - 0.1)) / (radius * 1.6), 0.15, 1.0)
    shade = (np.stack([light * 170, light * 178, light * 196], axis=-1)).astype(np.uint8)
    pixels = np.array(canvas)
    pixels[inside] = shade[inside]
    canvas = Image.fromarray(pixels)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=max(12, size // 28))
    lines = ["3D model (no texture)", f"{vertices:,} vertices · {triangles:,} triangles"]
    for number, text in enumerate(lines):
        box = draw.textbbox((0, 0), text, font=font)
        left = (size - (box[2] - box[0])) / 2
        draw.text((left, size * (0.8 + 0.06 * number)), text, fill=(30, 32, 38), font=font)
    return _png(canvas)


def _backdrop(size: int) -> Image.Image:
    ramp = np.linspace(0.0, 1.0, size, dtype=np.float32)[:, None, None]
    top, bottom = np.array(_BACKDROP_TOP), np.array(_BACKDROP_BOTTOM)
    column = top + (bottom - top) * ramp
    return Image.fromarray(np.repeat(column, size, axis=1).astype(np.uint8))


def _projected_corners(aspect: float, size: int) -> list[tuple[float, float]]:
    """Canvas positions of the card's corners (top-left, top-right, bottom-right, bottom-left)
    after turning it about its vertical then horizontal axis and projecting it."""
    half_w, half_h = (0.5, 0.5 / aspect) if aspect >= 1 else (0.5 * aspect, 0.5)
    points = []
    for px, py in ((-half_w, half_h), (half_w, half_h), (half_w, -half_h), (-half_w, -half_h)):
        x, z = px * math.cos(_YAW), px * math.sin(_YAW)
        y, z = (
            py * math.cos(_PITCH) - z * math.sin(_PITCH),
            py * math.sin(_PITCH) + z * math.cos(_PITCH),
        )
        depth = _CAMERA + z
        scale = size * 1.9 / depth
        points.append((size / 2 + x * scale, size * 0.47 - y * scale))
    return points


def _coefficients(corners: list[tuple[float, float]], width: int, height: int) -> tuple[float, ...]:
    """PIL's perspective coefficients taking each canvas corner back to the texture's corner."""
    source = [(0, 0), (width, 0), (width, height), (0, height)]
    rows, values = [], []
    for (x, y), (u, v) in zip(corners, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solved = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(values, dtype=np.float64))
    return tuple(float(c) for c in solved)


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
