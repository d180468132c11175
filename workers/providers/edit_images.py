"""Pixels prepared for remote edits: padded canvases, alpha masks, highlighted regions."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps, UnidentifiedImageError

from core.errors import Permanent

HIGHLIGHT = (255, 0, 255)  # magenta: rare in photos, named in the instruction text
MASK_LIMIT = 4 * 1024 * 1024  # OpenAI: the mask "must be a valid PNG file, less than 4MB"


@dataclass(frozen=True)
class Padding:
    """Pixels to add on each side of the canvas (outpaint, zoom out, pan)."""

    left: int
    top: int
    right: int
    bottom: int

    def around(self, width: int, height: int) -> tuple[int, int]:
        """The canvas size once the padding is added to a width × height image."""
        return width + self.left + self.right, height + self.top + self.bottom


def picture(data: bytes, provider: str, *, what: str = "the image") -> Image.Image:
    """The decoded image (first frame), loaded; Permanent when the bytes are not an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image.load()
            return image.copy()
    except (UnidentifiedImageError, OSError, ValueError):
        raise Permanent(f"{provider}: {what} could not be read as an image") from None


def dimensions(data: bytes, provider: str, *, what: str = "the image") -> tuple[int, int]:
    """Width and height from the image header, without decoding the pixels."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise Permanent(f"{provider}: {what} could not be read as an image") from None


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # fast: it is only sent, never kept
    return buffer.getvalue()


def alpha_mask(mask: Image.Image, limit: int = MASK_LIMIT) -> bytes:
    """A white = redraw mask as the RGBA PNG OpenAI reads: fully transparent where to edit.

    OpenAI takes masks "less than 4MB": a very detailed one is compressed harder, then refused.
    """
    rgba = Image.new("RGBA", mask.size, (0, 0, 0, 255))
    rgba.putalpha(ImageOps.invert(mask.convert("L").point(lambda v: 255 if v >= 128 else 0)))
    data = png_bytes(rgba)
    if len(data) >= limit:
        buffer = io.BytesIO()
        rgba.save(buffer, format="PNG", optimize=True)
        data = buffer.getvalue()
    if len(data) >= limit:
        raise Permanent(
            f"the mask is too detailed: {len(data) / 1e6:.1f} MB as PNG, and the limit is "
            f"{limit / 1e6:.0f} MB; choose a simpler region"
        )
    return data


def padded(
    data: bytes,
    pad: Padding,
    provider: str,
    *,
    fill: str = "edge",
    multiple: int = 1,
) -> tuple[bytes, bytes, Padding]:
    """The image on a larger canvas, and a mask that is white on the new area.

    `fill` is "edge" (the border pixels stretched and blurred: a start for diffusion),
    "transparent" (alpha 0, for services that read transparency) or "white". With `multiple`
    the right and bottom padding grow so both sides are multiples of it (latent models).
    """
    image = picture(data, provider)
    width, height = pad.around(image.width, image.height)
    extra_w, extra_h = (-width) % multiple, (-height) % multiple
    pad = Padding(pad.left, pad.top, pad.right + extra_w, pad.bottom + extra_h)
    width, height = width + extra_w, height + extra_h
    if fill == "transparent":
        canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        canvas.paste(image.convert("RGBA"), (pad.left, pad.top))
    else:
        base = image.convert("RGB")
        if fill == "edge":
            small = base.resize((max(1, width // 32), max(1, height // 32)), Image.Resampling.BOX)
            canvas = small.resize((width, height), Image.Resampling.BILINEAR)
        else:
            canvas = Image.new("RGB", (width, height), (255, 255, 255))
        canvas.paste(base, (pad.left, pad.top))
    mask = Image.new("L", (width, height), 255)
    mask.paste(0, (pad.left, pad.top, pad.left + image.width, pad.top + image.height))
    return png_bytes(canvas), png_bytes(mask), pad


def trimmed(data: bytes, size: tuple[int, int], provider: str) -> bytes:
    """The answer cropped to `size` from its top left, when a latent model rounded it up."""
    width, height = dimensions(data, provider, what="the answer")
    if (width, height) == size or width < size[0] or height < size[1]:
        return data
    return png_bytes(picture(data, provider, what="the answer").crop((0, 0, *size)))


def highlight(data: bytes, mask: Image.Image, provider: str) -> bytes:
    """The image with the masked region tinted and outlined in magenta (for mask-less models)."""
    image = picture(data, provider).convert("RGB")
    chosen = mask.convert("L").point(lambda v: 255 if v >= 128 else 0)
    tint = Image.new("RGB", image.size, HIGHLIGHT)
    shaded = Image.composite(Image.blend(image, tint, 0.45), image, chosen)
    edge = chosen.filter(ImageFilter.FIND_EDGES).filter(ImageFilter.MaxFilter(3))
    shaded.paste(tint, mask=edge)
    box = chosen.getbbox()
    if box:
        ImageDraw.Draw(shaded).rectangle(box, outline=HIGHLIGHT, width=3)
    return png_bytes(shaded)


def region_words(mask: Image.Image) -> str:
    """Where the white region is, in words and percentages ("the upper left, x 10–40 %, …")."""
    chosen = mask.convert("L").point(lambda v: 255 if v >= 128 else 0)
    box = chosen.getbbox()
    if box is None:
        return "nowhere"
    left, top, right, bottom = box
    width, height = mask.size
    centre_x, centre_y = (left + right) / 2 / width, (top + bottom) / 2 / height
    vertical = "upper" if centre_y < 1 / 3 else "lower" if centre_y > 2 / 3 else "middle"
    horizontal = "left" if centre_x < 1 / 3 else "right" if centre_x > 2 / 3 else "centre"
    place = (
        "centre" if (vertical, horizontal) == ("middle", "centre") else f"{vertical} {horizontal}"
    )
    return (
        f"the {place} of the picture (from {100 * left // width}% to {100 * right // width}% "
        f"across and {100 * top // height}% to {100 * bottom // height}% down)"
    )
