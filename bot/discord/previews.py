"""Fit an image into Discord's upload limit: the original when it fits, else a JPEG preview."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

QUALITIES = (90, 80, 70, 60)


@dataclass(frozen=True)
class Upload:
    """One file to attach: its name, bytes, and whether it is a reduced preview."""

    filename: str
    data: bytes
    preview: bool = False


def fit_upload(path: str, stem: str, limit: int) -> Upload:
    """The file at `path` if it is within `limit` bytes, else a preview that is."""
    data = Path(path).read_bytes()
    suffix = Path(path).suffix or ".png"
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
