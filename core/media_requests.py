"""Media requests: a queued video, music, voice or 3D version with its job, held like an image."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session

from core.access import Role, require_role
from core.billing import Billing
from core.cards import refresh_status
from core.catalog import ModelProfile
from core.errors import BadInput
from core.identity import Place
from core.media import CATEGORY_KINDS, IMAGE
from core.media_choice import duration_for, voice_for
from core.models import Card, Version
from core.models.base import row_id
from core.projects import Context
from core.sizes import dimensions
from core.versions import next_number, upload_ratio

MAX_SEED = 2**32 - 1
DEFAULT_MOTION = "a gentle, slow camera move"


@dataclass(frozen=True)
class MediaAsk:
    """One media generation: which profile does what, with which words, length and voice."""

    profile: ModelProfile
    prompt: str
    operation: str = "generate"
    duration: float | None = None
    voice: str = ""
    aspect_ratio: str = "16:9"


def again(
    profile: ModelProfile,
    card: Card,
    last: Version | None = None,
    duration: str | None = None,
    voice: str | None = None,
) -> MediaAsk:
    """New Version (and ✨ Generate) of a video, music or voice card: its draft with the length
    and voice given (`--duration`, `--voice`), else `last`'s (kept in its op_params) while the
    profile still offers them, else the profile's defaults."""
    kept = dict(last.op_params) if last is not None and last.media_kind != IMAGE else {}
    if duration is None and kept.get("duration"):
        try:
            seconds = float(kept["duration"])
        except ValueError:
            seconds = None
        duration = kept["duration"] if seconds in profile.durations else None
    if voice is None and kept.get("voice"):
        wanted = kept["voice"].casefold()
        voice = next((v for v in profile.voices if v.casefold() == wanted), None)
    return MediaAsk(
        profile,
        card.prompt,
        duration=duration_for(profile, duration),
        voice=voice_for(profile, voice) if profile.category == "voice" else "",
        aspect_ratio=card.aspect_ratio,
    )


def kind_of(profile: ModelProfile) -> str:
    """The media kind a profile's category makes (core.media)."""
    return CATEGORY_KINDS.get(profile.category, IMAGE)


def from_image(parent: Version, what: str) -> None:
    """🎬 Animate and 🧊 3D start from a finished image version; anything else is refused."""
    if parent.media_kind != IMAGE:
        raise BadInput(f"v{parent.number} is {kind_words(parent)}; {what} works on images")
    if parent.status != "done" or not parent.image_sha:
        raise BadInput(
            f"v{parent.number} is {parent.status}; {what} works on a finished image version"
        )


def queue_media(
    session: Session,
    ctx: Context,
    card: Card,
    ask: MediaAsk,
    billing: Billing,
    *,
    parent: Version | None = None,
    place: Place | None = None,
    roles: tuple[str, ...] = (),
    rng: random.Random | None = None,
) -> tuple[Version, int]:
    """A queued version of the card made by a media profile, and its job id (sent after
    commit). Its price is held as for an image; refused: nothing is written."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    profile = ask.profile
    resolution = profile.resolutions[0]
    if parent is not None:  # animate / to3d: the parent's frame
        width, height = parent.width, parent.height
        ratio = upload_ratio(width, height)
    else:
        ratio = ask.aspect_ratio if profile.category == "video" else "16:9"
        width, height = dimensions(resolution, ratio)
    params = {}
    if ask.duration is not None:
        params["duration"] = f"{ask.duration:g}"
    if ask.voice:
        params["voice"] = ask.voice
    version = Version(
        card_id=row_id(card),
        number=next_number(session, card),
        direction_id=parent.direction_id if parent is not None else None,
        parent_version_id=parent.id if parent is not None else None,
        prompt=ask.prompt,
        model=profile.id,
        resolution=resolution,
        aspect_ratio=ratio,
        width=width,
        height=height,
        seed=(rng or random.Random()).randrange(MAX_SEED + 1),
        source="generated" if parent is None else "edited",
        status="queued",
        created_by=row_id(ctx.user),
        operation=ask.operation,
        op_params=params,
        media_kind=kind_of(profile),
        duration_seconds=ask.duration,
    )
    session.add(version)
    session.flush()
    what = f"card #{card.id} v{version.number} {ask.operation} {profile.id}"
    job = billing.queue_one(
        session,
        ctx,
        profile,
        row_id(version),
        what,
        resolution=resolution,
        operation=ask.operation,
        place=place,
        roles=roles,
    )
    refresh_status(session, card)
    return version, row_id(job)


def kind_words(version: Version) -> str:
    """ "a video", "an audio clip", "a 3D model" (what a non-image version is, in words)."""
    return {"video": "a video", "audio": "an audio clip", "3d": "a 3D model"}.get(
        version.media_kind, "an image"
    )


def edits_images(version: Version) -> None:
    """Edits (vary, inpaint, upscale, …) work on images: a video, audio or 3D version is refused."""
    if version.media_kind != IMAGE:
        raise BadInput(f"v{version.number} is {kind_words(version)}; edits work on images")
