"""How a video, music, voice or 3D version is named in captions and Info."""

from __future__ import annotations

from sqlmodel import Session

from core.catalog import ModelCatalog
from core.lineage import origin
from core.media import AUDIO, ICONS, IMAGE, MODEL3D, VIDEO
from core.models import Version


def _spoken(version: Version, catalog: ModelCatalog) -> bool:
    profile = catalog.profiles.get(version.model)
    voiced = profile is not None and profile.category == "voice"
    return voiced or "voice" in version.op_params


def kind_icon(version: Version, catalog: ModelCatalog) -> str:
    """🖼 🎬 🎵 🗣 🧊: what a version is at a glance (a voice line is audio, but not music)."""
    if version.media_kind == AUDIO and _spoken(version, catalog):
        return "🗣"
    return ICONS.get(version.media_kind, ICONS[IMAGE])


def kind_mark(version: Version, catalog: ModelCatalog) -> str:
    """ "🎬 video · 5.0 s", "🎵 music · 8.0 s", "🗣 voice · 1.8 s", "🧊 3D model"; "": image."""
    if version.media_kind == IMAGE:
        return ""
    if version.media_kind == MODEL3D:
        return "🧊 3D model"
    word = {VIDEO: "video", AUDIO: "voice" if _spoken(version, catalog) else "music"}
    mark = f"{kind_icon(version, catalog)} {word.get(version.media_kind, version.media_kind)}"
    if version.duration_seconds:
        mark += f" · {version.duration_seconds:.1f} s"
    return mark


def caption_parts(
    session: Session, version: Version, catalog: ModelCatalog, model: str
) -> list[str]:
    """The caption of a media version after "vN of M": kind (and length), how, model, size."""
    parts = [kind_mark(version, catalog)]
    made = origin(session, version)
    if made:
        parts.append(made)
    parts.append(model)
    if version.media_kind == VIDEO and version.status == "done":
        parts.append(f"{version.width}×{version.height}")
    if version.op_params.get("voice"):
        parts.append(f"voice {version.op_params['voice']}")
    return parts


def info_lines(version: Version, size_bytes: int | None) -> list[str]:
    """Info's lines about the file: its type, size on disk and length."""
    if version.media_kind == IMAGE:
        return []
    lines = [f"file: {version.media_mime or '(not yet)'}"]
    if size_bytes is not None:
        lines[0] += f", {size_bytes / 1e6:.2f} MB"
    if version.duration_seconds:
        lines.append(f"duration: {version.duration_seconds:.1f} s")
    return lines
