"""Real media files for the provider fakes: MP4 clips, Opus/MP3/FLAC/WAV/AAC audio, a GLB."""

from __future__ import annotations

import io
import math
import struct
import wave
from fractions import Fraction

import av
import numpy as np

from core.glb_format import pack_glb

RATE = 48000


def mp4(seconds: float, size: tuple[int, int] = (128, 72), fps: int = 8) -> bytes:
    """An H.264 MP4 of `seconds` (a moving gradient), `size` rounded to even sides."""
    width, height = (size[0] // 2) * 2, (size[1] // 2) * 2
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast"}
        ramp = np.linspace(0, 255, width, dtype=np.uint8)
        for index in range(max(1, round(seconds * fps))):
            picture = np.empty((height, width, 3), dtype=np.uint8)
            picture[:, :, 0] = np.roll(ramp, index * 4)
            picture[:, :, 1], picture[:, :, 2] = 96, 160
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def tone(seconds: float, rate: int = RATE) -> np.ndarray:
    samples = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * math.pi * 440 * samples) * 32767).astype(np.int16)


def encoded(seconds: float, codec: str, fmt: str) -> bytes:
    """`seconds` of a 440 Hz tone in `codec` inside `fmt` (ogg, mp3, flac)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=RATE)
        stream.layout = "mono"
        pcm = tone(seconds)
        step = 960
        for start in range(0, len(pcm), step):
            chunk = pcm[start : start + step].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = RATE, start, Fraction(1, RATE)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def ogg_opus(seconds: float) -> bytes:
    return encoded(seconds, "libopus", "ogg")


def mp3(seconds: float) -> bytes:
    return encoded(seconds, "libmp3lame", "mp3")


def flac(seconds: float) -> bytes:
    return encoded(seconds, "flac", "flac")


def wav(seconds: float, rate: int = 44100) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(tone(seconds, rate).tobytes())
    return buffer.getvalue()


def glb() -> bytes:
    """A glTF 2.0 binary holding one untextured triangle (as a "white mesh" answer)."""
    positions = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)
    document = {
        "asset": {"version": "2.0", "generator": "lightbox test fake"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "buffers": [{"byteLength": len(positions)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(positions)}],
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
    }
    return pack_glb(document, positions)
