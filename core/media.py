"""Media kinds a version can hold (image, video, audio, 3D): MIME types and how to tell them."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import BadInput

IMAGE, VIDEO, AUDIO, MODEL3D = "image", "video", "audio", "3d"
KINDS = (IMAGE, VIDEO, AUDIO, MODEL3D)

# The non-image files Lightbox stores, by MIME type: (kind, file extension).
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "video/mp4": (VIDEO, ".mp4"),
    "video/webm": (VIDEO, ".webm"),
    "audio/mpeg": (AUDIO, ".mp3"),
    "audio/ogg": (AUDIO, ".ogg"),  # Opus in Ogg: what Telegram's sendVoice takes
    "audio/wav": (AUDIO, ".wav"),
    "audio/mp4": (AUDIO, ".m4a"),
    "audio/flac": (AUDIO, ".flac"),
    "audio/aac": (AUDIO, ".aac"),  # raw ADTS AAC (no container): kept, sent as a file
    "model/gltf-binary": (MODEL3D, ".glb"),
}
MEDIA_EXTENSIONS = frozenset(ext for _, ext in MEDIA_TYPES.values())
ICONS = {IMAGE: "🖼", VIDEO: "🎬", AUDIO: "🎵", MODEL3D: "🧊"}  # a spoken line: 🗣 (media_captions)
# Which kind of file each model category makes (core.categories).
CATEGORY_KINDS = {"image": IMAGE, "video": VIDEO, "music": AUDIO, "voice": AUDIO, "3d": MODEL3D}
MAX_MEDIA_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class StoredMedia:
    """A video, audio or 3D file kept in storage, addressed by the sha256 of its bytes."""

    sha256: str
    kind: str
    mime: str
    size_bytes: int


def sniff(data: bytes) -> str | None:
    """The MIME type of a media file from its first bytes (None: not one Lightbox stores)."""
    head = data[:64]
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # an ADTS frame: MPEG sync with layer bits 00, reserved for MP3
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"glTF"):
        return "model/gltf-binary"
    return None


def check_media(data: bytes, *, mime: str | None = None, max_bytes: int = MAX_MEDIA_BYTES) -> str:
    """The MIME type of `data` when Lightbox can store it as media; raises BadInput naming why not.

    `mime` is what the sender claimed; the bytes decide, and a claim they contradict is refused.
    """
    if not data:
        raise BadInput("the file is empty")
    if len(data) > max_bytes:
        raise BadInput(
            f"the file is {len(data) / 1e6:.1f} MB; at most {max_bytes / 1e6:.0f} MB is kept"
        )
    found = sniff(data)
    if found is None:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        raise BadInput(f"not a video, audio or 3D file Lightbox keeps; allowed: {allowed}")
    if mime is not None and mime != found and MEDIA_TYPES.get(mime, ("",))[0] != kind_of(found):
        raise BadInput(f"the file says {mime} but its bytes are {found}")
    return found


def kind_of(mime: str) -> str:
    """The media kind of a MIME type (images and unknown types are images)."""
    return MEDIA_TYPES.get(mime, (IMAGE, ""))[0]


def extension(mime: str) -> str:
    """The file extension for a stored media MIME type (raises BadInput for others)."""
    try:
        return MEDIA_TYPES[mime][1]
    except KeyError:
        raise BadInput(f"{mime} is not a media type Lightbox keeps") from None
