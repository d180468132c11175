"""Review notes drawn on a picture: a frame around each region and a label with an arrow to it."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFont

from core.errors import BadInput
from core.regions import Box

MAX_NOTES = 8
MAX_TEXT = 80
COLOURS = [(255, 64, 160), (255, 200, 0), (0, 200, 255), (120, 255, 90)]


def check_notes(notes: list[tuple[Box, str]]) -> None:
    if not notes:
        raise BadInput('annotate needs notes: <cells> <text>; e.g. B2 "fix the hand"; D4 sign')
    if len(notes) > MAX_NOTES:
        raise BadInput(f"at most {MAX_NOTES} notes per annotation, not {len(notes)}")
    for _box, text in notes:
        if not text.strip():
            raise BadInput("each note needs text after its cells, e.g. B2 fix the hand")
        if len(text) > MAX_TEXT:
            raise BadInput(f"a note is at most {MAX_TEXT} characters, not {len(text)}")


def annotate(picture: Image.Image, notes: list[tuple[Box, str]]) -> Image.Image:
    """The picture with each note: its region framed, its text in a tag, an arrow between."""
    check_notes(notes)
    out = picture.convert("RGB")
    draw = ImageDraw.Draw(out)
    unit = min(out.size)
    line = max(2, unit // 200)
    font = _font(max(12, unit // 28))
    for index, (box, text) in enumerate(notes):
        colour = COLOURS[index % len(COLOURS)]
        left, top, right, bottom = box
        draw.rectangle(box, outline=colour, width=line)
        tw, th = _size(draw, text, font)
        pad = line * 2
        above = top - th - 3 * pad - unit // 12 >= 0
        tag_y = (
            top - th - 2 * pad - unit // 12
            if above
            else min(out.height - th - 2 * pad, bottom + unit // 12)
        )
        tag_x = max(0, min(out.width - tw - 2 * pad, left))
        tag = (tag_x, tag_y, tag_x + tw + 2 * pad, tag_y + th + 2 * pad)
        draw.rectangle(tag, fill=(0, 0, 0), outline=colour, width=line)
        draw.text((tag_x + pad, tag_y + pad), text, font=font, fill=colour)
        start = ((tag[0] + tag[2]) / 2, tag[3] if above else tag[1])
        end = ((left + right) / 2, top if above else bottom)
        _arrow(draw, start, end, colour, line)
    return out


def _arrow(
    draw: ImageDraw.ImageDraw,
    start: tuple[float, float],
    end: tuple[float, float],
    colour: tuple[int, int, int],
    width: int,
) -> None:
    draw.line([start, end], fill=colour, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    head = width * 5
    points = [
        end,
        (end[0] - head * math.cos(angle - 0.4), end[1] - head * math.sin(angle - 0.4)),
        (end[0] - head * math.cos(angle + 0.4), end[1] - head * math.sin(angle + 0.4)),
    ]
    draw.polygon(points, fill=colour)


def _size(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont
) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return int(right - left), int(bottom - top)


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=px)
    except (TypeError, OSError, ImportError):
        return ImageFont.load_default()
