"""Regions without a brush: grid cells (A1–D4), an uploaded mask or a face, as a redraw mask."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw

from core.errors import BadInput
from core.images import first_frame_rgb

COLUMNS = "ABCD"
ROWS = 4
CELL_RULE = "cells A1–D4 (letter = column, number = row): a range B2:C3 or a list B2,C3"
_CELL = re.compile(r"([A-Da-d])([1-4])")
_RANGE = re.compile(r"([A-Za-z]+[0-9]+)\s*:\s*([A-Za-z]+[0-9]+)")

Cell = tuple[int, int]  # (column 0–3, row 0–3)
Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


@dataclass(frozen=True)
class Region:
    """The part of an image an edit touches: a grey mask (255 = edit) and how it was chosen."""

    mask: Image.Image
    label: str

    def box(self) -> Box:
        """The bounding box of the white pixels."""
        found = self.mask.getbbox()
        assert found is not None  # a Region is only made from a checked mask
        return found

    def png(self) -> bytes:
        out = io.BytesIO()
        self.mask.save(out, format="PNG")
        return out.getvalue()


def looks_like_cells(text: str) -> bool:
    """Whether `text` is written as grid cells (B2, B2:C3, B2,C3)."""
    return bool(re.fullmatch(r"[A-Za-z][0-9]+([,:][A-Za-z][0-9]+)*", text.replace(" ", "")))


def parse_cell(text: str) -> Cell:
    match = _CELL.fullmatch(text.strip())
    if match is None:
        raise BadInput(f'"{text.strip()}" is not a grid cell; use {CELL_RULE}')
    return COLUMNS.index(match.group(1).upper()), int(match.group(2)) - 1


def parse_cells(text: str) -> frozenset[Cell]:
    """`B2:C3` (a rectangle), `B2,C3` (single cells) or a mix: the cells they name."""
    cells: set[Cell] = set()
    parts = [p for p in text.replace(" ", "").split(",") if p]
    if not parts:
        raise BadInput(f"no region given; pick {CELL_RULE}")
    for part in parts:
        ranged = _RANGE.fullmatch(part)
        if ranged:
            (c0, r0), (c1, r1) = parse_cell(ranged.group(1)), parse_cell(ranged.group(2))
            cells |= {
                (c, r)
                for c in range(min(c0, c1), max(c0, c1) + 1)
                for r in range(min(r0, r1), max(r0, r1) + 1)
            }
        else:
            cells.add(parse_cell(part))
    return frozenset(cells)


def cell_box(cell: Cell, size: tuple[int, int]) -> Box:
    column, row = cell
    width, height = size
    return (
        column * width // len(COLUMNS),
        row * height // ROWS,
        (column + 1) * width // len(COLUMNS),
        (row + 1) * height // ROWS,
    )


def cell_names(cells: frozenset[Cell]) -> str:
    return ",".join(f"{COLUMNS[c]}{r + 1}" for c, r in sorted(cells, key=lambda x: (x[1], x[0])))


def cells_region(text: str, size: tuple[int, int]) -> Region:
    cells = parse_cells(text)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for cell in cells:
        left, top, right, bottom = cell_box(cell, size)
        draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
    label = text.replace(" ", "").upper()
    return checked(Region(mask, label))


def box_region(box: Box, size: tuple[int, int], label: str) -> Region:
    """A rectangle (a detected face, a crop box) as a region."""
    mask = Image.new("L", size, 0)
    left, top, right, bottom = box
    ImageDraw.Draw(mask).rectangle((left, top, right - 1, bottom - 1), fill=255)
    return checked(Region(mask, label))


def uploaded_region(data: bytes, size: tuple[int, int]) -> Region:
    """An uploaded mask image: the image's size exactly; white (bright) pixels are edited."""
    picture = first_frame_rgb(data)
    if picture.size != size:
        raise BadInput(
            f"the mask is {picture.width}×{picture.height}; it must be the image's size "
            f"{size[0]}×{size[1]} (white = edit, black = keep)"
        )
    grey = picture.convert("L").point(lambda v: 255 if v >= 128 else 0)
    return checked(Region(grey, "uploaded mask"))


def checked(region: Region) -> Region:
    """Refuse a region that selects nothing or everything."""
    box = region.mask.getbbox()
    if box is None:
        raise BadInput(f"the region {region.label} is empty; pick {CELL_RULE}")
    low, _high = region.mask.getextrema()
    if low == 255:
        raise BadInput(
            f"the region {region.label} covers the whole image; pick fewer cells "
            "(to change the whole image use vary)"
        )
    return region
