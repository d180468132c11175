"""The file a Discord message attaches, and the suffix of stored image bytes."""

from __future__ import annotations

from dataclasses import dataclass

MAGIC = ((b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"GIF8", ".gif"))


@dataclass(frozen=True)
class Upload:
    """One file to attach: its name, bytes, and whether it is a reduced preview."""

    filename: str
    data: bytes
    preview: bool = False


def suffix_of(data: bytes) -> str:
    """The file suffix for stored image bytes (storage keys carry no extension)."""
    for magic, suffix in MAGIC:
        if data.startswith(magic):
            return suffix
    return ".webp" if data[8:12] == b"WEBP" else ".png"
