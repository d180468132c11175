"""Telegram's photo limits and a fitting JPEG preview for images beyond them."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

PHOTO_MAX_BYTES = 10 * 1000 * 1000
PHOTO_MAX_SIDES = 10_000
PHOTO_MAX_RATIO = 20
DOCUMENT_MAX_BYTES = 50 * 1000 * 1000
PREVIEW_LONG_SIDE = 2560
LIGHTER = 0.75
"""A preview at most this share of the original's bytes is worth sending instead of it."""


def much_lighter(preview_bytes: int, original_bytes: int) -> bool:
    """Whether a preview saves enough of the upload to be sent instead of the original."""
    return preview_bytes <= original_bytes * LIGHTER


def fits_photo(size_bytes: int, width: int, height: int) -> bool:
    """Whether sendPhoto accepts the image as is (10 MB, width + height ≤ 10000, ratio ≤ 20)."""
    if width <= 0 or height <= 0:
        return False
    ratio = max(width, height) / min(width, height)
    return (
        size_bytes <= PHOTO_MAX_BYTES
        and width + height <= PHOTO_MAX_SIDES
        and ratio <= PHOTO_MAX_RATIO
    )


def preview(data: bytes) -> bytes:
    """A JPEG that fits the photo limits: letterboxed to ratio ≤ 20, long side ≤ 2560."""
    with Image.open(io.BytesIO(data)) as img:
        img.draft("RGB", (PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE))
        picture = ImageOps.exif_transpose(img).convert("RGB")
    width, height = picture.size
    long_side, short_side = max(width, height), min(width, height)
    if long_side / short_side > PHOTO_MAX_RATIO:
        padded = (long_side, -(-long_side // PHOTO_MAX_RATIO))
        size = padded if width >= height else padded[::-1]
        canvas = Image.new("RGB", size, (24, 24, 24))
        canvas.paste(picture, ((size[0] - width) // 2, (size[1] - height) // 2))
        picture = canvas
    picture.thumbnail((PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of an encoded image (0, 0 when it cannot be read)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except OSError:
        return 0, 0


def extension(data: bytes) -> str:
    """The file extension of an encoded image ("png", "jpg", …), for document names."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = (img.format or "png").lower()
    except OSError:
        return "bin"
    return "jpg" if kind == "jpeg" else kind


def as_photo(data: bytes, width: int = 0, height: int = 0) -> tuple[bytes, bool]:
    """The bytes to send with sendPhoto, and whether they are a preview (the original does not
    fit the photo limits)."""
    if width <= 0 or height <= 0:
        width, height = image_size(data)
    if fits_photo(len(data), width, height):
        return data, False
    return preview(data), True
