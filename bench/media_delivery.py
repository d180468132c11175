"""Media delivery on a real over-limit clip: a 1080p MP4 above Discord's 10 MiB shrunk to fit.

    python -m bench.media_delivery [--seconds 4]

Prints the original and shrunk sizes, the time `MediaDelivery.prepare` took (the worker's cost
of one oversized video delivery) and the Telegram thumbnail's time and size.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

import av
import numpy as np

from bot.telegram.media import thumbnail
from core.media import VIDEO
from core.media_delivery import DISCORD_FILE_BYTES, MediaDelivery, size_text
from core.storage import LocalStorage
from core.video_files import first_frame
from core.views import VersionView


def noisy_clip(seconds: float, fps: int = 24) -> bytes:
    """A 1920×1080 H.264 MP4 of moving noise (it does not compress: a large file)."""
    out = io.BytesIO()
    rng = np.random.default_rng(3)
    with av.open(out, "w", format="mp4") as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "20"}
        base = rng.integers(0, 255, (1080, 1920, 3), dtype=np.uint8)
        for index in range(int(seconds * fps)):
            shifted = np.roll(base, index * 7, axis=1)
            noise = rng.integers(0, 48, (1080, 1920, 3), dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(shifted // 2 + noise, format="rgb24")
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
    return out.getvalue()


def run(seconds: float) -> None:
    clip = noisy_clip(seconds)
    with tempfile.TemporaryDirectory() as folder:
        storage = LocalStorage(Path(folder))
        media = storage.put_media(clip, mime="video/mp4")
        poster = first_frame(clip)
        view = VersionView(
            card_id=1,
            card_title="bench",
            version_id=1,
            number=1,
            total=1,
            status="done",
            caption="v1 of 1",
            prompt="bench",
            image_sha=storage.put_image(poster).sha256,
            width=1920,
            height=1080,
            review="none",
            error=None,
            media_kind=VIDEO,
            media_sha=media.sha256,
            media_mime=media.mime,
            duration_seconds=seconds,
        )
        delivery = MediaDelivery(storage, limit=DISCORD_FILE_BYTES, platform="Discord", binary=True)
        started = time.perf_counter()
        out = delivery.prepare(view)
        shrink_seconds = time.perf_counter() - started
        started = time.perf_counter()
        thumb = thumbnail(poster)
        thumb_ms = (time.perf_counter() - started) * 1000
    shrunk = len(out.data) if out.data is not None else 0
    print(f"original      {size_text(len(clip), True):>10}  ({seconds:g} s of 1920×1080)")
    print(f"limit         {size_text(DISCORD_FILE_BYTES, True):>10}")
    print(f"shrunk        {size_text(shrunk, True):>10}  in {shrink_seconds:.1f} s {out.note}")
    print(f"TG thumbnail  {size_text(len(thumb), False):>10}  in {thumb_ms:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.media_delivery", description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of the clip")
    run(parser.parse_args().seconds)


if __name__ == "__main__":
    main()
