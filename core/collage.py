"""Collage boards: chosen versions side by side on one image (grid or strip), each labelled."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFont

from core.errors import BadInput

LAYOUTS = ("grid", "strip")
TILE = 512
GAP = 16
LABEL = 40
MIN_TILES, MAX_TILES = 2, 16
BACKGROUND = (24, 24, 28)
INK = (240, 240, 240)


def check_layout(layout: str, count: int) -> str:
    key = layout.strip().lower() or "grid"
    if key not in LAYOUTS:
        raise BadInput(f'unknown collage layout "{layout}"; allowed: {", ".join(LAYOUTS)}')
    if not MIN_TILES <= count <= MAX_TILES:
        raise BadInput(f"a collage takes {MIN_TILES} to {MAX_TILES} versions, not {count}")
    return key


def board(tiles: list[tuple[Image.Image, str]], layout: str = "grid") -> Image.Image:
    """The tiles, each fitted into a TILE square (grid) or to TILE height (strip), labelled."""
    layout = check_layout(layout, len(tiles))
    font = _font()
    if layout == "strip":
        fitted = [_fit(p, (TILE * 4, TILE)) for p, _ in tiles]
        widths = [f.width for f in fitted]
        size = (sum(widths) + GAP * (len(tiles) + 1), TILE + LABEL + 2 * GAP)
        spots = [(GAP + sum(widths[:i]) + GAP * i, GAP) for i in range(len(tiles))]
        cells = [(w, TILE) for w in widths]
    else:
        columns = math.ceil(math.sqrt(len(tiles)))
        rows = math.ceil(len(tiles) / columns)
        fitted = [_fit(p, (TILE, TILE)) for p, _ in tiles]
        size = (columns * (TILE + GAP) + GAP, rows * (TILE + LABEL + GAP) + GAP)
        spots = [
            (GAP + (i % columns) * (TILE + GAP), GAP + (i // columns) * (TILE + LABEL + GAP))
            for i in range(len(tiles))
        ]
        cells = [(TILE, TILE)] * len(tiles)
    canvas = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for picture, (x, y), (cw, ch), (_, label) in zip(fitted, spots, cells, tiles, strict=True):
        spot = (x + (cw - picture.width) // 2, y + (ch - picture.height) // 2)
        canvas.paste(picture, spot, picture if picture.mode == "RGBA" else None)
        draw.text((x + cw / 2, y + ch + LABEL / 2), label, font=font, fill=INK, anchor="mm")
    return canvas


def _fit(picture: Image.Image, box: tuple[int, int]) -> Image.Image:
    scale = min(box[0] / picture.width, box[1] / picture.height)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture.resize(size, Image.Resampling.LANCZOS)


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=24)
    except (TypeError, OSError, ImportError):
        return ImageFont.load_default()
