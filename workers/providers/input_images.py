"""Input images (refs, start images) re-encoded into a format the provider accepts."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from core.errors import Permanent

# What each service accepts as an input image (official docs and error texts):
# Gemini inlineData: "MIME type must be image/png, image/jpeg, image/webp, image/heic, or
# image/heif"; OpenAI images/edits: "Supported file formats are 'image/jpeg', 'image/png', and
# 'image/webp'". Neither takes GIF.
GEMINI_TYPES = ("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif")
OPENAI_TYPES = ("image/png", "image/jpeg", "image/webp")
WEB_TYPES = ("image/png", "image/jpeg", "image/webp")
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


def image_type(data: bytes) -> str | None:
    """The MIME type Pillow reads from the bytes (not from any name or label), or None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return Image.MIME.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def accepted(data: bytes, allowed: tuple[str, ...], provider: str) -> tuple[bytes, str]:
    """`data` and its true MIME type if `allowed`, else its first frame re-encoded as PNG."""
    mime = image_type(data)
    if mime in allowed:
        return data, mime
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            frame = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        raise Permanent(f"{provider}: an input image could not be read") from None
    buffer = io.BytesIO()
    frame.save(buffer, format="PNG")
    return buffer.getvalue(), "image/png"


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
