"""The local provider's video, music, voice and 3D: offline files, each labelled "local preview"."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from core.audio_files import probe_audio, speech, tones, waveform
from core.errors import BadInput, Permanent
from core.media import AUDIO, MODEL3D, VIDEO
from core.model3d_files import quad_glb, render_preview
from core.ports import GenerationRequest, GenerationResult
from core.video_files import animate_image, first_frame, probe_video

LABEL = "local preview"
VIDEO_SECONDS, MUSIC_SECONDS = 5.0, 8.0  # when the request names no duration
VIDEO_SIDE = 4096
# Operations whose output kind does not depend on the profile.
OPERATION_CATEGORIES = {"animate": "video", "to3d": "3d"}
MEDIA_CATEGORIES = frozenset({"video", "music", "voice", "3d"})
Still = Callable[[GenerationRequest], bytes]


def category_of(request: GenerationRequest, categories: Mapping[str, str]) -> str:
    """What the request makes: its operation's category, else its profile's (image unknown)."""
    if request.operation in OPERATION_CATEGORIES:
        return OPERATION_CATEGORIES[request.operation]
    return categories.get(request.profile or request.model, "image")


def make(request: GenerationRequest, category: str, still: Still) -> GenerationResult:
    """The clip or model for a media `category`; `still` draws the local picture of a prompt
    (used when there is no image to start from). Refusals are Permanent, naming the problem."""
    started = time.perf_counter()
    try:
        if category == "video":
            kind, data, mime, poster, duration, method = _video(request, still)
        elif category == "music":
            data, mime = tones(request.prompt, seconds=request.duration_seconds or MUSIC_SECONDS)
            kind, poster, method = AUDIO, waveform(data), "tones from the prompt"
            duration = probe_audio(data).duration_seconds
        elif category == "voice":
            data, mime = speech(request.prompt, voice=request.voice or "default"), "audio/ogg"
            kind, poster, method = AUDIO, waveform(data), "syllable tones, not real speech"
            duration = probe_audio(data).duration_seconds
        elif category == "3d":
            data = quad_glb(request.init_image or still(request))
            kind, mime, poster, duration = MODEL3D, "model/gltf-binary", render_preview(data), None
            method = "textured card"
        else:
            raise Permanent(f"local preview cannot make {category}")
    except BadInput as exc:
        raise Permanent(f"local preview cannot make this {category}: {exc}") from exc
    return GenerationResult(
        data=data,
        mime=mime,
        provider="local",
        seconds=time.perf_counter() - started,
        info={"label": f"{LABEL} · {method}", "note": LABEL},
        kind=kind,
        poster=poster,
        duration_seconds=duration,
    )


def _video(request: GenerationRequest, still: Still) -> tuple[str, bytes, str, bytes, float, str]:
    """An MP4 panning/zooming over the init image (animate) or over the prompt's still."""
    width, height = request.width, request.height
    if not (2 <= width <= VIDEO_SIDE and 2 <= height <= VIDEO_SIDE):
        raise Permanent(f"a local video is 2 to {VIDEO_SIDE} pixels a side, not {width}x{height}")
    if request.operation == "animate" and request.init_image is None:
        raise Permanent("animate needs the image to move, and none was sent")
    picture = request.init_image if request.init_image is not None else still(request)
    data = animate_image(
        picture,
        seconds=request.duration_seconds or VIDEO_SECONDS,
        width=width,
        height=height,
        motion=request.prompt,
    )
    duration = probe_video(data).duration_seconds
    return VIDEO, data, "video/mp4", first_frame(data), duration, "pan/zoom over a still"
