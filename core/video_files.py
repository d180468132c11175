"""Video bytes with PyAV: probe a clip, take its first frame, animate a still, shrink to a size."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from fractions import Fraction

import av
import av.container
import av.video.stream
from PIL import Image

from core.av_containers import opened
from core.errors import BadInput
from core.video_motion import Motion, motion_of

_MIN_HEIGHT = 240  # shrink_video gives up rather than go below this
_BPP_FLOOR = 0.045  # bits per pixel per frame below which H.264 turns to mush: shrink the size
_STILL_FORMATS = frozenset({"image2", "gif", "apng"})  # PyAV opens pictures as 1-frame videos
_MP4_OPTIONS = {"movflags": "faststart"}  # moov atom first: Telegram and browsers stream it


@dataclass(frozen=True)
class VideoInfo:
    """What a video file holds."""

    width: int
    height: int
    duration_seconds: float
    codec: str
    has_audio: bool


def probe_video(data: bytes) -> VideoInfo:
    """Size (as shown, after any display rotation), length, codec and audio presence of a video;
    BadInput when it cannot be decoded."""
    with opened(data, "video") as container:
        if not container.streams.video:
            raise BadInput("the file has no video stream")
        if container.format.name in _STILL_FORMATS or container.format.name.endswith("_pipe"):
            raise BadInput(f"that is a still image ({container.format.name}), not a video")
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        if width <= 0 or height <= 0:
            raise BadInput("the video has no picture size")
        duration = _duration(container, stream)
        if duration <= 0:
            raise BadInput("the video lasts no time at all")
        frame = next(container.decode(stream), None)
        if frame is None:
            raise BadInput("the video has no decodable frame")
        if int(frame.rotation) % 180:  # a phone's portrait clip: the size as a player shows it
            width, height = height, width
        return VideoInfo(
            width=width,
            height=height,
            duration_seconds=duration,
            codec=stream.codec.canonical_name,
            has_audio=bool(container.streams.audio),
        )


def first_frame(data: bytes) -> bytes:
    """The first frame of a video as PNG bytes."""
    with opened(data, "video") as container:
        if not container.streams.video:
            raise BadInput("the file has no video stream")
        frame = next(container.decode(container.streams.video[0]), None)
        if frame is None:
            raise BadInput("the video has no decodable frame")
        out = io.BytesIO()
        picture = frame.to_image()
        if frame.rotation:  # a phone's portrait clip: stored sideways, shown upright
            picture = picture.rotate(frame.rotation, expand=True)
        picture.save(out, format="PNG")
        return out.getvalue()


def even_size(width: int, height: int) -> tuple[int, int]:
    """H.264 in yuv420p needs even sides: each is rounded down to even (at least 2)."""
    if width < 2 or height < 2:
        raise BadInput(f"a video must be at least 2×2 pixels, not {width}×{height}")
    return width - width % 2, height - height % 2


def animate_image(
    image: bytes, *, seconds: float, width: int, height: int, motion: str = "", fps: int = 24
) -> bytes:
    """An H.264 MP4 (yuv420p, faststart) panning/zooming over `image` (Ken Burns).

    `motion` words steer the camera ("zoom in", "zoom out", "pan left/right/up/down"; anything
    else is a gentle zoom in). The clip lasts round(seconds × fps) frames and is width×height with
    each side rounded down to even.
    """
    if not 0 < seconds <= 600:
        raise BadInput(f"a clip lasts more than 0 and at most 600 seconds, not {seconds:g}")
    if not 1 <= fps <= 60:
        raise BadInput(f"frames per second go from 1 to 60, not {fps}")
    width, height = even_size(width, height)
    camera = motion_of(motion)
    source = _cover(_still(image), width, height, camera.deepest)
    frames = max(1, round(seconds * fps))
    with _mp4_file() as (path, written):
        with av.open(path, "w", options=_MP4_OPTIONS) as container:
            stream = _h264(container, width, height, Fraction(fps), crf=20)
            for index in range(frames):
                t = index / (frames - 1) if frames > 1 else 0.0
                picture = _view(source, camera, t, width, height)
                frame = av.VideoFrame.from_image(picture).reformat(format="yuv420p")
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
        return written.read()


def shrink_video(data: bytes, max_bytes: int) -> bytes | None:
    """`data` re-encoded to fit in `max_bytes` (lower bitrate, then a smaller picture; aspect and
    duration kept), always as MP4 (H.264 + AAC, faststart) whatever it came in; the bytes as they
    are when they already fit; None when only a picture below 240p would fit."""
    if len(data) <= max_bytes:
        return data
    info, rotation = probe_video(data), _rotation(data)
    if rotation % 180:  # re-encoded as stored (sideways), the rotation goes along
        info = replace(info, width=info.height, height=info.width)
    budget_bits = max_bytes * 8 * 0.92  # container overhead and rate-control overshoot
    audio_rate = 64_000 if info.has_audio else 0
    video_rate = budget_bits / max(info.duration_seconds, 0.1) - audio_rate
    fps = _frame_rate(data)
    for height in _heights(info.height):
        width = _width_for(info, height)
        quality = video_rate / (width * height * float(fps))
        floor = _BPP_FLOOR if height > _MIN_HEIGHT else _BPP_FLOOR / 4
        if quality < floor:
            continue
        for _ in range(2):  # x264 can overshoot its target: aim lower by what it overshot
            result = _reencode(data, width, height, int(video_rate), audio_rate, rotation)
            if len(result) <= max_bytes:
                return result
            video_rate *= 0.9 * max_bytes / len(result)
    return None


def _heights(source: int) -> Iterator[int]:
    yield source - source % 2
    for height in (1080, 720, 540, 480, 360, _MIN_HEIGHT):
        if height < source:
            yield height


def _width_for(info: VideoInfo, height: int) -> int:
    width = round(info.width * height / info.height)
    return max(2, width - width % 2)


def _frame_rate(data: bytes) -> Fraction:
    with opened(data, "video") as container:
        rate = container.streams.video[0].average_rate
        return Fraction(rate) if rate else Fraction(24)


def _rotation(data: bytes) -> int:
    """How the player turns the picture (degrees counter-clockwise, from the display matrix a
    phone writes for a portrait clip); 0 when upright."""
    with opened(data, "video") as container:
        frame = next(container.decode(container.streams.video[0]), None)
        return int(frame.rotation) if frame is not None else 0


def _reencode(
    data: bytes, width: int, height: int, video_rate: int, audio_rate: int, rotation: int = 0
) -> bytes:
    """One pass of `data` through libx264 (and AAC for its sound) at the given size and rates;
    the pictures stay as stored and the same display rotation goes along (a portrait clip
    stays portrait)."""
    with _mp4_file() as (path, written):
        with opened(data, "video") as source, av.open(path, "w", options=_MP4_OPTIONS) as target:
            _transcode(source, target, width, height, video_rate, audio_rate, rotation)
        return written.read()


def _transcode(
    source: av.container.InputContainer,
    target: av.container.OutputContainer,
    width: int,
    height: int,
    video_rate: int,
    audio_rate: int,
    rotation: int = 0,
) -> None:
    """Decode `source` once, scale its pictures, and encode them (and its sound) into `target`."""
    vin = source.streams.video[0]
    vin.thread_type = "AUTO"  # decode 1080p on every core, not one
    rate = Fraction(vin.average_rate) if vin.average_rate else Fraction(24)
    vout = _h264(target, width, height, rate, bitrate=max(video_rate, 20_000))
    if rotation:
        vout.set_display_rotation(rotation)
    ain = source.streams.audio[0] if source.streams.audio else None
    aout = None
    if ain is not None:
        aout = target.add_stream("aac", rate=ain.codec_context.sample_rate or 48_000)
        aout.bit_rate = audio_rate
    streams = [vin] if ain is None else [vin, ain]
    for packet in source.demux(streams):
        for frame in packet.decode():
            if isinstance(frame, av.VideoFrame):
                scaled = frame.reformat(width=width, height=height, format="yuv420p")
                scaled.pts, scaled.time_base = frame.pts, frame.time_base
                target.mux(vout.encode(scaled))
            elif aout is not None and isinstance(frame, av.AudioFrame):
                frame.pts = None
                target.mux(aout.encode(frame))
    target.mux(vout.encode(None))
    if aout is not None:
        target.mux(aout.encode(None))


class _Written:
    """The bytes of a file once its writer has closed it."""

    def __init__(self, path: str) -> None:
        self._path = path

    def read(self) -> bytes:
        with open(self._path, "rb") as handle:
            return handle.read()


@contextmanager
def _mp4_file() -> Iterator[tuple[str, _Written]]:
    """A scratch .mp4 path: faststart rewrites the file by name, which an in-memory buffer
    cannot offer, so MP4s are written to a temporary directory and read back."""
    with tempfile.TemporaryDirectory(prefix="lightbox-mp4-") as folder:
        path = os.path.join(folder, "clip.mp4")
        yield path, _Written(path)


def _h264(
    container: av.container.OutputContainer,
    width: int,
    height: int,
    rate: Fraction,
    *,
    crf: int | None = None,
    bitrate: int | None = None,
) -> av.video.stream.VideoStream:
    stream = container.add_stream("libx264", rate=rate)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    options: dict[str, object] = {"preset": "veryfast", "profile": "high"}
    if crf is not None:
        options["crf"] = str(crf)
    if bitrate is not None:
        stream.bit_rate = bitrate
        options["maxrate"] = str(int(bitrate * 1.2))
        options["bufsize"] = str(int(bitrate * 2))
    stream.options = options
    return stream


def _duration(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    raise BadInput("the video does not say how long it is")


def _still(image: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(image)) as opened_image:
            opened_image.load()
            return opened_image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise BadInput(f"the image to animate cannot be read ({exc})") from None


def _cover(image: Image.Image, width: int, height: int, deepest: float = 1.25) -> Image.Image:
    """`image` cropped to the clip's aspect and scaled so the deepest zoom still has full detail."""
    deepest = max(deepest, 1.25)
    scale = max(width / image.width, height / image.height) * deepest
    target_w, target_h = round(width * deepest), round(height * deepest)
    resized = image.resize(
        (max(target_w, round(image.width * scale)), max(target_h, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    left = (resized.width - target_w) // 2
    top = (resized.height - target_h) // 2
    return resized.crop((left, top, left + target_w, top + target_h))


def _view(source: Image.Image, camera: Motion, t: float, width: int, height: int) -> Image.Image:
    """The frame at time t (0…1): the window `path` gives, cut from `source` and scaled."""
    eased = t * t * (3 - 2 * t)
    zoom, cx, cy = camera.at(eased)
    win_w, win_h = source.width / zoom, source.height / zoom
    left = cx * (source.width - win_w)
    top = cy * (source.height - win_h)
    box = (left, top, left + win_w, top + win_h)
    return source.transform((width, height), Image.Transform.EXTENT, box, Image.Resampling.BILINEAR)
