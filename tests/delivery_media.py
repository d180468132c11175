"""Real media files for delivery tests (PyAV encodes them) and the views a sink receives."""

from __future__ import annotations

import functools
import io
import json
import math
import struct
import wave
from dataclasses import replace
from fractions import Fraction

import av
import numpy as np
from PIL import Image
from sqlmodel import col, select

from core.action_table import default_actions
from core.actions import Scope
from core.jobs import create_deliveries
from core.media import AUDIO, MODEL3D, VIDEO
from core.models import Card, Version
from core.models.base import row_id
from core.ports import Storage
from core.versions import next_number
from core.views import VersionView, button
from workers.runtime import Runtime

RATE = 48000


@functools.cache
def video_mp4(width: int = 1920, height: int = 1080, frames: int = 8, fps: int = 8) -> bytes:
    """An H.264 MP4 with AAC sound: a moving gradient (noise on top keeps it from compressing
    to nothing, so its size is realistic)."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "30"}
        sound = box.add_stream("aac", rate=RATE)
        rng = np.random.default_rng(7)
        ramp = np.linspace(0, 255, width, dtype=np.float32)
        for index in range(frames):
            shade = (ramp[None, :] + index * 9) % 256
            noise = rng.integers(0, 16, (height, width), dtype=np.uint8)
            plane = (np.broadcast_to(shade, (height, width)).astype(np.uint8) // 2) + noise
            rgb = np.stack([plane, np.roll(plane, index, axis=1), plane[::-1]], axis=2)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
        _encode_tone(box, sound, frames / fps)
    return out.getvalue()


def _tone(seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * math.pi * 440 * t)).astype(np.float32)


def _encode_tone(box: av.container.OutputContainer, stream: av.AudioStream, seconds: float) -> None:
    samples = _tone(seconds, stream.rate)
    size = stream.codec_context.frame_size or 1024
    pts = 0
    for start in range(0, len(samples), size):
        chunk = samples[start : start + size]
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="flt", layout="mono")
        frame.rate, frame.pts, frame.time_base = stream.rate, pts, Fraction(1, stream.rate)
        pts += len(chunk)
        for packet in stream.encode(frame):
            box.mux(packet)
    for packet in stream.encode():
        box.mux(packet)


@functools.cache
def audio(mime: str, seconds: float = 1.0) -> bytes:
    """A tone as MP3, M4A (AAC), Ogg Opus, WAV or FLAC."""
    if mime == "audio/wav":
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes((_tone(seconds) * 32767).astype("<i2").tobytes())
        return out.getvalue()
    container, codec = {
        "audio/mpeg": ("mp3", "libmp3lame"),
        "audio/mp4": ("ipod", "aac"),
        "audio/ogg": ("ogg", "libopus"),
        "audio/flac": ("flac", "flac"),
    }[mime]
    out = io.BytesIO()
    with av.open(out, "w", format=container) as box:
        stream = box.add_stream(codec, rate=RATE)
        stream.layout = "mono"
        if codec == "flac":
            stream.format = "s16"
        _encode_samples(box, stream, seconds)
    return out.getvalue()


def _encode_samples(
    box: av.container.OutputContainer, stream: av.AudioStream, seconds: float
) -> None:
    if stream.format.name == "s16":
        samples = _tone(seconds)
        size, pts = 4096, 0
        ints = (samples * 32767).astype(np.int16)
        for start in range(0, len(ints), size):
            chunk = ints[start : start + size]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="s16", layout="mono")
            frame.rate, frame.pts, frame.time_base = RATE, pts, Fraction(1, RATE)
            pts += len(chunk)
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
        return
    _encode_tone(box, stream, seconds)


def glb(padding: int = 0) -> bytes:
    """A minimal glTF 2.0 binary (one triangle); `padding` bytes of buffer make it larger."""
    positions = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0) + bytes(padding)
    document = {
        "asset": {"version": "2.0", "generator": "lightbox tests"},
        "buffers": [{"byteLength": len(positions)}],
        "bufferViews": [{"buffer": 0, "byteLength": 36}],
        "accessors": [
            {
                "bufferView": 0,
                "componentType": 5126,
                "count": 3,
                "type": "VEC3",
                "min": [0, 0, 0],
                "max": [1, 1, 0],
            }
        ],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "nodes": [{"mesh": 0}],
        "scenes": [{"nodes": [0]}],
    }
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    binary = positions + bytes(-len(positions) % 4)
    chunks = struct.pack("<II", len(text), 0x4E4F534A) + text
    chunks += struct.pack("<II", len(binary), 0x004E4942) + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def poster(size: tuple[int, int] = (1920, 1080)) -> bytes:
    """A poster PNG (a video's first frame, a waveform, a 3D render)."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def media_view(
    storage: Storage,
    data: bytes,
    mime: str,
    *,
    kind: str,
    size: tuple[int, int] = (1920, 1080),
    seconds: float | None = None,
    version_id: int = 7,
    with_poster: bool = True,
) -> VersionView:
    """A done version whose file (and poster) are in `storage`: the view the presenter makes."""
    stored = storage.put_media(data, mime=mime)
    key = storage.put_image(poster(size)).sha256 if with_poster else None
    offered = default_actions().offered(Scope.version)
    label = {VIDEO: "Local · 5s", AUDIO: "Local · music", MODEL3D: "Local · 3D"}[kind]
    return VersionView(
        card_id=1,
        card_title="harbour at dusk",
        version_id=version_id,
        number=1,
        total=1,
        status="done",
        caption=f"v1 of 1 · {label}",
        prompt="harbour at dusk",
        image_sha=key,
        width=size[0],
        height=size[1],
        review="none",
        error=None,
        actions=[button(s, version_id) for s in offered],
        media_kind=kind,
        media_sha=stored.sha256,
        media_mime=stored.mime,
        duration_seconds=seconds,
    )


def approved(view: VersionView) -> VersionView:
    return replace(view, review="approved", caption=view.caption + " · ✅ approved")


def add_media_version(
    runtime: Runtime, data: bytes, mime: str, *, seconds: float | None = None
) -> tuple[Version, list[tuple[int, str]]]:
    """A finished video/audio/3D version on the newest card, written as the worker writes one
    (file and poster in storage, media columns set), with its deliveries created and queued."""
    media = runtime.storage.put_media(data, mime=mime)
    cover = runtime.storage.put_image(poster())
    with runtime.db.session() as session:
        card = session.exec(select(Card).order_by(col(Card.id).desc())).first()
        assert card is not None
        last = session.exec(select(Version).where(Version.card_id == card.id)).first()
        assert last is not None
        version = Version(
            card_id=row_id(card),
            number=next_number(session, card),
            prompt=card.prompt,
            model=last.model,
            resolution=card.resolution,
            aspect_ratio="16:9",
            width=cover.width,
            height=cover.height,
            seed=1,
            status="done",
            image_sha=cover.sha256,
            provider=last.provider,
            created_by=last.created_by,
            media_kind=media.kind,
            media_sha=media.sha256,
            media_mime=media.mime,
            duration_seconds=seconds,
        )
        session.add(version)
        session.flush()
        deliveries = create_deliveries(session, version)
    for delivery_id, platform in deliveries:
        runtime.queues.enqueue_delivery(delivery_id, platform)
    return version, deliveries
