"""WebP thumbnails of stored originals, the same on every storage backend."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from PIL import Image

from core.errors import BadInput, NotFound
from core.images import ImageLimits, first_frame_rgb

MAX_THUMB = 4096
SHA256 = re.compile(r"[0-9a-f]{64}")
DERIVED_NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")


def check_key(sha256: object) -> str:
    """The key itself when it is a sha256 in hex; NotFound otherwise (nothing is stored there)."""
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise NotFound(f"no stored image {sha256!r}")
    return sha256


def check_size(size: object) -> int:
    """The thumbnail size when it is whole pixels from 16 to MAX_THUMB (BadInput otherwise)."""
    if not isinstance(size, int) or isinstance(size, bool) or not 16 <= size <= MAX_THUMB:
        raise BadInput(f"thumbnail size must be between 16 and {MAX_THUMB} pixels")
    return size


def check_name(name: object) -> str:
    """A derived file's name when it is 1–40 lowercase letters, digits and dashes (BadInput)."""
    if not isinstance(name, str) or not DERIVED_NAME.fullmatch(name):
        raise BadInput(
            f"{name!r} is not a derived file name: use 1 to 40 lowercase letters, digits "
            "and dashes, starting with a letter"
        )
    return name


def render_thumbnail(original: bytes, size: int, limits: ImageLimits) -> bytes:
    """A WebP of the first frame whose longest side is at most `size`."""
    # Already validated on the way in; allow its size even if the byte cap changed since.
    allowed = replace(limits, max_bytes=max(len(original), limits.max_bytes))
    img = first_frame_rgb(original, allowed)
    img.thumbnail((size, size), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="WEBP", quality=82, method=4)
    return buf.getvalue()
