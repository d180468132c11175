"""How a video, music, voice or 3D version is named in captions and Info."""

from __future__ import annotations

from sqlmodel import Session

from core.catalog import ModelCatalog
from core.lineage import origin
from core.media import AUDIO, IMAGE, MODEL3D, VIDEO
from core.models import Version


def kind_mark(version: Version, catalog: ModelCatalog) -> str:
    """ "🎬 video · 5.0 s", "🎵 music · 8.0 s", "🗣 voice · 1.8 s", "🧊 3D model"; "": image."""
    if version.media_kind == IMAGE:
        return ""
    if version.media_kind == VIDEO:
        mark = "🎬 video"
    elif version.media_kind == AUDIO:
        profile = catalog.profiles.get(version.model)
        voiced = profile is not None and profile.category == "voice"
        spoken = voiced or "voice" in version.op_params
        mark = "🗣 voice" if spoken else "🎵 music"
    elif version.media_kind == MODEL3D:
        return "🧊 3D model"
    else:
        mark = version.media_kind
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
