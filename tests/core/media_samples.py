"""Media inputs made in the test: photo-like stills and short H.264 clips, sound included."""

from __future__ import annotations

import io
import os
import tempfile
from fractions import Fraction

import av
import numpy as np
from PIL import Image


def photo(size: tuple[int, int] = (1920, 1080), *, fmt: str = "JPEG", seed: int = 1) -> bytes:
    """A photo-like picture: smooth light and colour ramps under fine grain."""
    width, height = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    sky = np.stack([x / width * 200, 80 + y / height * 120, 220 - y / height * 150], axis=-1)
    hills = (np.sin(x / width * 9 + seed) * height * 0.08 + height * 0.6 < y)[..., None]
    pixels = np.where(hills, sky * [0.4, 0.9, 0.3], sky) + rng.normal(0, 6, (height, width, 3))
    out = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(out, format=fmt)
    return out.getvalue()


def clip(
    size: tuple[int, int],
    seconds: float,
    *,
    bit_rate: int,
    fps: int = 24,
    sound: bool = True,
    rotation: int = 0,
) -> bytes:
    """An MP4 of moving grain (hard to compress) at `bit_rate`, with a 440 Hz tone if `sound`;
    `rotation` (degrees counter-clockwise) is written as a phone writes a portrait clip's: the
    picture stored sideways, the display matrix turning it upright."""
    width, height = size
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "clip.mp4")
        with av.open(path, "w") as container:
            video = container.add_stream("libx264", rate=fps)
            video.width, video.height, video.pix_fmt = width, height, "yuv420p"
            video.bit_rate = bit_rate
            video.options = {"preset": "ultrafast"}
            if rotation:
                video.set_display_rotation(rotation)
            audio = container.add_stream("aac", rate=48_000) if sound else None
            for index in range(round(seconds * fps)):
                grain = rng.integers(0, 255, (height // 4, width // 4, 3), dtype=np.uint8)
                picture = np.kron(grain, np.ones((4, 4, 1), dtype=np.uint8))
                frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
                frame.pts, frame.time_base = index, Fraction(1, fps)
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
            if audio is not None:
                _tone(container, audio, seconds)
        with open(path, "rb") as handle:
            return handle.read()


def _tone(container: av.container.OutputContainer, audio: av.AudioStream, seconds: float) -> None:
    samples = round(seconds * 48_000)
    wave = (0.3 * np.sin(2 * np.pi * 440 * np.arange(samples) / 48_000)).astype(np.float32)
    for start in range(0, samples, 1024):
        frame = av.AudioFrame.from_ndarray(
            wave[None, start : start + 1024].copy(), format="fltp", layout="mono"
        )
        frame.sample_rate, frame.pts = 48_000, start
        container.mux(audio.encode(frame))
    container.mux(audio.encode(None))
