"""The image sizes a page offers (srcset) and how each is read from the storage port."""

from __future__ import annotations

from dataclasses import dataclass

from core.ports import Storage

SIZES = (320, 640, 1280)
"""Longest side of each WebP rendition; the original is offered as well."""
ORIGINAL = "original"
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class Rendition:
    """One size of an image: its URL variant name and its pixel width and height."""

    variant: str
    width: int
    height: int


def renditions(width: int, height: int) -> list[Rendition]:
    """The WebP sizes smaller than the original, then the original itself."""
    longest = max(width, height, 1)
    found = [
        Rendition(
            f"{s}.webp", max(1, round(width * s / longest)), max(1, round(height * s / longest))
        )
        for s in SIZES
        if s < longest
    ]
    return [*found, Rendition(ORIGINAL, width, height)]


def social(width: int, height: int) -> Rendition:
    """The size link previews use: the 1280 px WebP of a larger image, else the original."""
    return (
        renditions(width, height)[-2]
        if max(width, height) > SIZES[-1]
        else Rendition(ORIGINAL, width, height)
    )


def is_variant(variant: str) -> bool:
    return variant == ORIGINAL or variant in {f"{s}.webp" for s in SIZES}


def read(storage: Storage, key: str, variant: str) -> tuple[bytes, str]:
    """(bytes, content type) of one variant, read through the storage port by key."""
    if variant == ORIGINAL:
        data = storage.read(key)
        return data, sniff(data)
    size = int(variant.removesuffix(".webp"))
    return storage.thumbnail(key, size), "image/webp"


def sniff(data: bytes) -> str:
    """The content type of stored bytes (the store keeps PNG, JPEG, WebP and GIF)."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
