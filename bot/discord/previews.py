"""Fit an image into Discord's upload limit: the original when it fits, else a JPEG preview."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

QUALITIES = (90, 80, 70, 60)
MAGIC = ((b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"GIF8", ".gif"))


@dataclass(frozen=True)
class Upload:
    """One file to attach: its name, bytes, and whether it is a reduced preview."""

    filename: str
    data: bytes
    preview: bool = False


def fit_upload(data: bytes, suffix: str, stem: str, limit: int) -> Upload:
    """The image `data` if it is within `limit` bytes, else a JPEG preview that is."""
    suffix = suffix or ".png"
    if len(data) <= limit:
        return Upload(f"{stem}{suffix}", data)
    return Upload(f"{stem}-preview.jpg", _preview(data, limit), preview=True)


def _preview(data: bytes, limit: int) -> bytes:
    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGB")
    while True:
        for quality in QUALITIES:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= limit:
                return out.getvalue()
        if max(image.size) <= 64:
            raise ValueError(f"cannot fit a preview into {limit} bytes")
        image = image.resize((max(1, image.width // 2), max(1, image.height // 2)))


def suffix_of(data: bytes) -> str:
    """The file suffix for stored image bytes (storage keys carry no extension)."""
    for magic, suffix in MAGIC:
        if data.startswith(magic):
            return suffix
    return ".webp" if data[8:12] == b"WEBP" else ".png"
