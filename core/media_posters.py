"""Any stored media file, whatever its kind: what it holds (probe) and a PNG to show for it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from core.audio_files import probe_audio, waveform
from core.errors import BadInput
from core.media import AUDIO, IMAGE, MODEL3D, VIDEO, kind_of
from core.model3d_files import probe_glb, render_preview
from core.video_files import first_frame, probe_video


@dataclass(frozen=True)
class MediaInfo:
    """What a media file holds: sizes for pictures and video, a length for video and audio."""

    kind: str
    mime: str
    width: int | None
    height: int | None
    duration_seconds: float | None


def probe(data: bytes, mime: str) -> MediaInfo:
    """What `data` (of type `mime`) holds; BadInput naming the problem when it cannot be read."""
    kind = kind_of(mime)
    if kind == VIDEO:
        video = probe_video(data)
        return MediaInfo(kind, mime, video.width, video.height, video.duration_seconds)
    if kind == AUDIO:
        return MediaInfo(kind, mime, None, None, probe_audio(data).duration_seconds)
    if kind == MODEL3D:
        probe_glb(data)
        return MediaInfo(kind, mime, None, None, None)
    width, height = _picture(data).size
    return MediaInfo(IMAGE, mime, width, height, None)


def poster(kind: str, data: bytes, mime: str) -> bytes:
    """A PNG standing for the file: a video's first frame, an audio clip's waveform, a 3D
    model's preview, an image itself."""
    if kind == VIDEO:
        return first_frame(data)
    if kind == AUDIO:
        return waveform(data)
    if kind == MODEL3D:
        return render_preview(data)
    if kind != IMAGE:
        raise BadInput(f"{kind} is not a media kind; known: image, video, audio, 3d")
    out = io.BytesIO()
    _picture(data).save(out, format="PNG")
    return out.getvalue()


def _picture(data: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            return opened.convert("RGBA" if opened.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise BadInput(f"the image cannot be read ({exc})") from None
