"""Contact sheets: one image of numbered thumbnails with ✅/⭐ marks, sized for chat limits."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from core.ports import Storage
from core.sheet_limits import ANY_CHAT, SheetLimits

TILE = 256
MIN_TILE = 96
LABEL = 30
COLUMNS = 5
GAP = 6
BADGE = 34
BACKGROUND = (24, 24, 28)
INK = (240, 240, 240)
MARK_COLOURS = {
    "approved": (46, 160, 67),
    "favorite": (250, 200, 30),
    "rejected": (200, 40, 40),
}
"""Marks are drawn as coloured badges (fonts here have no emoji): ✅ green, ⭐ gold, ❌ red."""
MARK_ORDER = ("approved", "rejected", "favorite")
KIND_MARKS = {"video": (20, 20, 24), "audio": (20, 20, 24), "3d": (20, 20, 24)}
"""A video (▶), audio (♪) or 3D (◇) version's badge, bottom left: its tile is the poster."""
QUALITIES = (85, 70, 55, 40)

Font = ImageFont.ImageFont | ImageFont.FreeTypeFont


@dataclass(frozen=True)
class Tile:
    """One thumbnail on the sheet, the label under it ("#12 v3"), its number and marks."""

    key: str
    label: str
    number: int | None = None
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """Where tiles go: a grid of `columns` × `rows` squares of `tile` pixels."""

    columns: int
    rows: int
    tile: int

    @property
    def width(self) -> int:
        return self.columns * (self.tile + GAP) + GAP

    @property
    def height(self) -> int:
        return self.rows * (self.tile + LABEL + GAP) + GAP

    def origin(self, index: int) -> tuple[int, int]:
        """The top-left corner of tile `index` (0-based, row by row)."""
        column, row = index % self.columns, index // self.columns
        return GAP + column * (self.tile + GAP), GAP + row * (self.tile + LABEL + GAP)

    def mark_centre(self, index: int, mark: str) -> tuple[int, int]:
        """The centre of a mark's badge on tile `index` (top-right corner, right to left)."""
        x, y = self.origin(index)
        if mark in KIND_MARKS:
            return x + BADGE // 2 + 4, y + self.tile - BADGE // 2 - 4
        slot = MARK_ORDER.index(mark)
        return x + self.tile - BADGE // 2 - 4 - slot * (BADGE + 4), y + BADGE // 2 + 4


@dataclass(frozen=True)
class Sheet:
    """A stored contact sheet."""

    key: str
    width: int
    height: int
    size_bytes: int


def layout_for(count: int, limits: SheetLimits = ANY_CHAT) -> Layout:
    """Five columns for a page; a squarer grid for more; tiles shrink until the sheet's
    width + height and aspect ratio are within the platform's limits."""
    columns = min(COLUMNS, count) if count <= COLUMNS * COLUMNS else math.ceil(math.sqrt(count))
    rows = (count + columns - 1) // columns
    tile = TILE
    while tile > MIN_TILE and not limits.fits(Layout(columns, rows, tile).width, 0):
        tile -= 16
    while tile > MIN_TILE and not limits.fits(*_size(Layout(columns, rows, tile))):
        tile -= 16
    return Layout(columns, rows, tile)


def draw_sheet(storage: Storage, tiles: list[Tile], limits: SheetLimits = ANY_CHAT) -> Sheet | None:
    """Draw the tiles on one JPEG under the limits, store it (content-addressed) and say where;
    None when there is nothing to show."""
    if not tiles:
        return None
    grid = layout_for(len(tiles), limits)
    sheet = Image.new("RGB", (grid.width, grid.height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font, big = _font(18), _font(24)
    for index, tile in enumerate(tiles):
        x, y = grid.origin(index)
        with Image.open(io.BytesIO(storage.thumbnail(tile.key, TILE))) as thumb:
            picture = thumb.convert("RGB")
        if picture.width > grid.tile or picture.height > grid.tile:
            picture.thumbnail((grid.tile, grid.tile))
        offset = ((grid.tile - picture.width) // 2, (grid.tile - picture.height) // 2)
        sheet.paste(picture, (x + offset[0], y + offset[1]))
        if tile.number is not None:
            _number(draw, x, y, str(tile.number), big)
        for mark in tile.marks:
            _mark(draw, grid.mark_centre(index, mark), mark)
        label = _fit(draw, tile.label, font, grid.tile - 8)
        draw.text((x + 4, y + grid.tile + 4), label, fill=INK, font=font)
    data = _encode(sheet, limits)
    stored = storage.put_image(data, max_bytes=max(len(data), 1))
    return Sheet(stored.sha256, sheet.width, sheet.height, len(data))


def render_sheet(storage: Storage, tiles: list[Tile], limits: SheetLimits = ANY_CHAT) -> str | None:
    """The stored sheet's key (see `draw_sheet`)."""
    drawn = draw_sheet(storage, tiles, limits)
    return drawn.key if drawn else None


def _size(grid: Layout) -> tuple[int, int]:
    return grid.width, grid.height


def _encode(sheet: Image.Image, limits: SheetLimits) -> bytes:
    """JPEG bytes under the byte limit: lower quality first, then a smaller image."""
    image = sheet
    while True:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=quality)
            if buffer.tell() <= limits.max_bytes:
                return buffer.getvalue()
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4))


def _number(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: Font) -> None:
    width = int(draw.textlength(text, font=font)) + 14
    draw.rectangle((x, y, x + width, y + BADGE), fill=(0, 0, 0))
    draw.text((x + 7, y + 4), text, fill=(255, 255, 255), font=font)


def _mark(draw: ImageDraw.ImageDraw, centre: tuple[int, int], mark: str) -> None:
    cx, cy = centre
    r = BADGE // 2
    if mark in KIND_MARKS:
        _kind(draw, cx, cy, mark)
        return
    colour = MARK_COLOURS[mark]
    if mark == "favorite":
        points = []
        for k in range(10):
            angle = math.pi / 2 + k * math.pi / 5
            radius = r if k % 2 == 0 else r * 0.5
            points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
        draw.polygon(points, fill=colour)
        return
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    if mark == "approved":
        draw.line((cx - 9, cy, cx - 3, cy + 7, cx + 9, cy - 7), fill=(255, 255, 255), width=4)
    else:
        draw.line((cx - 7, cy - 7, cx + 7, cy + 7), fill=(255, 255, 255), width=4)
        draw.line((cx - 7, cy + 7, cx + 7, cy - 7), fill=(255, 255, 255), width=4)


def _kind(draw: ImageDraw.ImageDraw, cx: int, cy: int, kind: str) -> None:
    """▶ video, ♪ audio, ◇ 3D in white on a dark disc."""
    r, white = BADGE // 2, (255, 255, 255)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=KIND_MARKS[kind], outline=white, width=2)
    if kind == "video":
        draw.polygon([(cx - 5, cy - 9), (cx - 5, cy + 9), (cx + 10, cy)], fill=white)
    elif kind == "audio":
        draw.ellipse((cx - 8, cy + 2, cx, cy + 9), fill=white)
        draw.line((cx - 1, cy + 6, cx - 1, cy - 10, cx + 8, cy - 6), fill=white, width=3)
    else:
        draw.polygon(
            [(cx, cy - 10), (cx + 10, cy), (cx, cy + 10), (cx - 10, cy)], outline=white, width=3
        )


def _font(size: int) -> Font:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> str:
    """The label cut to the tile's width."""
    while text and draw.textlength(text, font=font) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text
