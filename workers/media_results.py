"""Stores a provider's answer: an image as it is, or a video/audio/3D file with its poster."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.catalog import ModelProfile
from core.errors import BadInput, Permanent
from core.images import check_image
from core.media import CATEGORY_KINDS, IMAGE, VIDEO, StoredMedia, check_media, kind_of
from core.media_posters import poster, probe
from core.ports import GenerationResult, Storage, StoredImage
from core.previews import keep_previews

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """What a finished version keeps: its image (a media file's poster), the media file, and
    the size and length to record."""

    image: StoredImage
    media: StoredMedia | None = None
    duration_seconds: float | None = None
    width: int = 0
    height: int = 0


def store_result(storage: Storage, result: GenerationResult, profile: ModelProfile) -> Stored:
    """Store the result; a kind its profile does not make, or bytes Lightbox does not keep,
    fail the version for good (Permanent: retrying returns the same)."""
    expected = CATEGORY_KINDS.get(profile.category, IMAGE)
    if result.kind != expected:
        raise Permanent(
            f"the provider returned {result.kind or 'nothing'} but {profile.label} is a "
            f"{profile.category} model ({expected} expected)"
        )
    if result.kind == IMAGE:
        checked = check_image(result.data)  # the one decode: validation, then the previews
        image = storage.put_image(checked)
        try:
            keep_previews(storage, checked, image.sha256)
        except Exception:  # noqa: BLE001 - a delivery renders any preview that is missing
            log.warning("could not keep the previews of %s", image.sha256, exc_info=True)
        return Stored(image, width=image.width, height=image.height)
    try:
        mime = check_media(result.data, mime=result.mime or None)
        if kind_of(mime) != result.kind:
            raise BadInput(f"the file is {mime}, not {result.kind}")
        info = probe(result.data, mime)
        drawn = result.poster or poster(result.kind, result.data, mime)
        media = storage.put_media(result.data, mime=mime)
        image = storage.put_image(drawn)
    except BadInput as exc:
        raise Permanent(f"the provider returned an unusable {result.kind} file: {exc}") from None
    duration = result.duration_seconds or info.duration_seconds
    if result.kind == VIDEO and info.width and info.height:
        width, height = info.width, info.height
    else:
        width, height = image.width, image.height
    return Stored(image, media, duration, width, height)
