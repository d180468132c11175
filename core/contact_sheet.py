"""Contact sheets: one image of numbered thumbnails, so a list of versions or refs is seen."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from core.ports import Storage

TILE = 256
LABEL = 30
COLUMNS = 5
GAP = 6
BACKGROUND = (24, 24, 28)
INK = (240, 240, 240)


@dataclass(frozen=True)
class Tile:
    """One thumbnail on the sheet and the label under it ("1 · #12 v3 ✅")."""

    key: str
    label: str


def render_sheet(storage: Storage, tiles: list[Tile]) -> str | None:
    """Draw the tiles on one JPEG, store it (content-addressed, so stored once) and return its
    key; None when there is nothing to show."""
    if not tiles:
        return None
    columns = min(COLUMNS, len(tiles))
    rows = (len(tiles) + columns - 1) // columns
    width = columns * (TILE + GAP) + GAP
    height = rows * (TILE + LABEL + GAP) + GAP
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _font()
    for index, tile in enumerate(tiles):
        x = GAP + (index % columns) * (TILE + GAP)
        y = GAP + (index // columns) * (TILE + LABEL + GAP)
        with Image.open(storage.thumbnail_path(tile.key, TILE)) as thumb:
            picture = thumb.convert("RGB")
        sheet.paste(picture, (x + (TILE - picture.width) // 2, y + (TILE - picture.height) // 2))
        draw.text((x + 4, y + TILE + 4), _fit(draw, tile.label, font), fill=INK, font=font)
    buffer = io.BytesIO()
    sheet.save(buffer, format="JPEG", quality=85)
    return storage.put_image(buffer.getvalue()).sha256


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=18)
    except TypeError:  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont | ImageFont.FreeTypeFont
) -> str:
    """The label cut to the tile's width."""
    while text and draw.textlength(text, font=font) > TILE - 8:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text
