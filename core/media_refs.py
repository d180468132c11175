"""Which media versions may become a ref or a direction: a video's poster frame may be a ref;
audio and 3D are refused naming the image they came from; ↗ Fork starts from images only."""

from __future__ import annotations

from sqlmodel import Session

from core.catalog import ModelCatalog
from core.errors import BadInput
from core.media import IMAGE, VIDEO
from core.models import Version

WORDS = {"music": "music", "voice": "a voice line", "video": "a video", "3d": "a 3D model"}


def what_it_is(version: Version, catalog: ModelCatalog) -> str:
    """ "music", "a voice line", "a video", "a 3D model" (by the profile that made it)."""
    profile = catalog.profiles.get(version.model)
    if profile is not None and profile.category in WORDS:
        return WORDS[profile.category]
    return {VIDEO: "a video", "audio": "an audio clip", "3d": "a 3D model"}.get(
        version.media_kind, "an image"
    )


def ref_source(session: Session, version: Version, catalog: ModelCatalog) -> str:
    """📌 Save as Ref: "" for an image, a note for a video (its poster frame is saved); audio
    and 3D are refused (refs are images)."""
    if version.media_kind == IMAGE:
        return ""
    if version.media_kind == VIDEO:
        return "the video's poster frame is the ref (refs are images)"
    raise BadInput(
        f"v{version.number} is {what_it_is(version, catalog)}; refs are images — "
        + _came_from(session, version, "save")
    )


def fork_source(session: Session, version: Version, catalog: ModelCatalog) -> None:
    """↗ Fork starts a direction from an image; a video, audio or 3D version is refused."""
    if version.media_kind == IMAGE:
        return
    raise BadInput(
        f"v{version.number} is {what_it_is(version, catalog)}; ↗ Fork starts a direction from "
        "an image — " + _came_from(session, version, "fork")
    )


def _came_from(session: Session, version: Version, verb: str) -> str:
    parent = session.get(Version, version.parent_version_id) if version.parent_version_id else None
    if parent is not None and parent.media_kind == IMAGE:
        return f"{verb} the image it came from (v{parent.number})"
    return "New Version makes another take with the same model, length and voice"
