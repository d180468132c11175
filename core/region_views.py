"""Pictures for picking a region in chat: the labelled grid and the highlighted choice."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from core.regions import COLUMNS, ROWS, Box, Region, cell_box

PREVIEW_SIDE = 1280
INK = (255, 255, 255)
SHADE = (0, 0, 0)
HIGHLIGHT = (255, 64, 160)


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=max(10, px))
    except (TypeError, OSError, ImportError):  # Pillow built without FreeType
        return ImageFont.load_default()


def _small(picture: Image.Image) -> tuple[Image.Image, float]:
    """A copy at most PREVIEW_SIDE long (the overlay is for looking, not for editing)."""
    scale = min(1.0, PREVIEW_SIDE / max(picture.size))
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture.convert("RGB").resize(size, Image.Resampling.LANCZOS), scale


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()


def grid_overlay(picture: Image.Image) -> bytes:
    """The picture with a 4×4 grid, each cell labelled A1–D4 (column letter, row number)."""
    small, _scale = _small(picture)
    draw = ImageDraw.Draw(small)
    font = _font(round(min(small.size) / 14))
    line = max(1, round(min(small.size) / 300))
    for column in range(len(COLUMNS)):
        for row in range(ROWS):
            left, top, right, bottom = cell_box((column, row), small.size)
            draw.rectangle((left, top, right - 1, bottom - 1), outline=INK, width=line)
            centre = ((left + right) / 2, (top + bottom) / 2)
            label = f"{COLUMNS[column]}{row + 1}"
            draw.text(centre, label, font=font, fill=INK, anchor="mm", stroke_width=2,
                      stroke_fill=SHADE)  # fmt: skip
    return _jpeg(small)


def highlight(picture: Image.Image, region: Region) -> bytes:
    """The picture with everything outside the region dimmed and the region outlined."""
    small, scale = _small(picture)
    mask = region.mask.resize(small.size, Image.Resampling.NEAREST)
    dimmed = Image.blend(small, Image.new("RGB", small.size, SHADE), 0.6)
    shown = Image.composite(small, dimmed, mask)
    left, top, right, bottom = _scaled(region.box(), scale)
    draw = ImageDraw.Draw(shown)
    draw.rectangle((left, top, right - 1, bottom - 1), outline=HIGHLIGHT, width=3)
    font = _font(round(min(small.size) / 20))
    draw.text((left + 6, top + 4), region.label, font=font, fill=INK, stroke_width=2,
              stroke_fill=SHADE)  # fmt: skip
    return _jpeg(shown)


def _scaled(box: Box, scale: float) -> Box:
    left, top, right, bottom = box
    return round(left * scale), round(top * scale), round(right * scale), round(bottom * scale)
