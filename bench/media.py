"""`python -m bench --part media`: seconds to animate, shrink, make music and voice, build a GLB."""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import av
import numpy as np
from PIL import Image

from core.audio_files import probe_audio, speech, tones
from core.model3d_files import probe_glb, quad_glb, render_preview
from core.video_files import animate_image, probe_video, shrink_video

MIB = 1024 * 1024
LIMIT = 10 * MIB  # Discord's attachment limit without boosts


@dataclass
class MediaTimes:
    """Seconds per run of each media task, and what its output was."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    outcome: dict[str, str] = field(default_factory=dict)
    clip_bytes: int = 0


def photo(width: int = 1920, height: int = 1080) -> bytes:
    """A photo-like JPEG: colour ramps, a horizon and fine grain."""
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    sky = np.stack([x / width * 200, 80 + y / height * 120, 220 - y / height * 150], axis=-1)
    land = (np.sin(x / width * 9) * height * 0.08 + height * 0.6 < y)[..., None]
    pixels = np.where(land, sky * [0.4, 0.9, 0.3], sky) + rng.normal(0, 6, (height, width, 3))
    out = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(out, format="JPEG", quality=92)
    return out.getvalue()


def camera_clip(seconds: float = 10, fps: int = 30, bit_rate: int = 24_000_000) -> bytes:
    """A 1920×1080 H.264 + AAC clip as a phone records it (~30 MB for 10 s): a moving grainy
    scene at a high bitrate, the worst case for shrinking."""
    rng = np.random.default_rng(5)
    still = np.array(Image.open(io.BytesIO(photo(2400, 1080))).convert("RGB"))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "camera.mp4")
        with av.open(path, "w") as container:
            video = container.add_stream("libx264", rate=fps)
            video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
            video.bit_rate, video.options = bit_rate, {"preset": "ultrafast"}
            audio = container.add_stream("aac", rate=48_000)
            for index in range(round(seconds * fps)):
                shift = index * 16 % 480
                view = still[:, shift : shift + 1920].astype(np.int16)
                grain = rng.integers(-12, 12, view.shape, dtype=np.int16)
                frame = av.VideoFrame.from_ndarray(
                    (view + grain).clip(0, 255).astype(np.uint8), format="rgb24"
                )
                frame.pts, frame.time_base = index, Fraction(1, fps)
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
            wave = 0.2 * np.sin(2 * np.pi * 330 * np.arange(round(seconds * 48_000)) / 48_000)
            for start in range(0, wave.size, 1024):
                chunk = wave[None, start : start + 1024].astype(np.float32)
                sound = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
                sound.sample_rate, sound.pts = 48_000, start
                container.mux(audio.encode(sound))
            container.mux(audio.encode(None))
        with open(path, "rb") as handle:
            return handle.read()


def _cases(still: bytes, clip: bytes) -> dict[str, Callable[[], str]]:
    def animate() -> str:
        info = probe_video(animate_image(still, seconds=5, width=1280, height=720))
        return f"{info.width}×{info.height}, {info.duration_seconds:.3f} s"

    def shrink() -> str:
        small = shrink_video(clip, LIMIT)
        if small is None:
            return "did not fit"
        info = probe_video(small)
        return (
            f"{len(clip) / MIB:.1f} → {len(small) / MIB:.2f} MiB, {info.width}×{info.height}, "
            f"{info.duration_seconds:.2f} s"
        )

    def music() -> str:
        data, mime = tones("an epic fast orchestral chase", seconds=30)
        return f"{mime}, {len(data) / 1024:.0f} KiB, {probe_audio(data).duration_seconds:.2f} s"

    def voice() -> str:
        data = speech(" ".join(["word"] * 20), voice="nova")
        return f"Ogg/Opus, {len(data) / 1024:.0f} KiB, {probe_audio(data).duration_seconds:.2f} s"

    def model() -> str:
        glb = quad_glb(still)
        info = probe_glb(glb)
        preview = render_preview(glb)
        return f"{len(glb) / 1024:.0f} KiB GLB, {info.triangles} triangles, {len(preview)} B PNG"

    return {
        "animate 5 s 1280×720": animate,
        "shrink 1080p 10 s to 10 MiB": shrink,
        "music 30 s (MP3)": music,
        "voice 20 words (Opus)": voice,
        "GLB + preview (1080p)": model,
    }


def run_media(repeats: int = 1) -> MediaTimes:
    times = MediaTimes()
    still = photo()
    clip = camera_clip()
    times.clip_bytes = len(clip)
    for name, run in _cases(still, clip).items():
        for _ in range(repeats):
            started, cpu = time.perf_counter(), time.process_time()
            times.outcome[name] = run()
            times.samples.setdefault(name, []).append(time.perf_counter() - started)
            times.cpu.setdefault(name, []).append(time.process_time() - cpu)
    return times


def media_table(times: MediaTimes) -> list[str]:
    lines = [
        f"Media files with PyAV on {os.cpu_count()} CPUs (wall and CPU seconds per run, best of "
        f"{max((len(v) for v in times.samples.values()), default=0)}; input clip "
        f"{times.clip_bytes / MIB:.1f} MiB; CPU counts every thread, load inflates wall)",
        f"   {'task':<30} {'wall s':>7} {'cpu s':>7}  result",
    ]
    for name, seconds in times.samples.items():
        cpu = min(times.cpu[name])
        lines.append(f"   {name:<30} {min(seconds):7.2f} {cpu:7.2f}  {times.outcome[name]}")
    return lines
