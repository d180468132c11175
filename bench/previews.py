"""Bytes uploaded and time per version message: the stored original against a platform preview.

Each sink posts versions into the local fake of its platform (tests/), reading from a local
store. "original" is what the sinks did before previews (the stored bytes, as they fit the
limits); "preview, new" renders and keeps the preview (the first delivery of an image);
"preview, kept" posts one already made (an edit, a repost, the other deliveries of that image).
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

from bench.common import READY_1K_PNG
from bot.discord.sink import DiscordSink
from bot.telegram.sink import TelegramSink
from core.storage import LocalStorage
from core.views import VersionView

THREAD = 1300000000000000077
GROUP = -1001


@dataclass
class PreviewTimes:
    """One platform, one image, one way of posting it."""

    platform: str
    image: str
    mode: str
    bytes_sent: int
    ms: list[float]


class Originals:
    """A store whose previews are the originals themselves: what the sinks posted before."""

    def __init__(self, storage: LocalStorage):
        self.storage = storage

    def derived(self, sha256: str, name: str, render: Callable[[bytes], bytes]) -> bytes:
        return self.storage.read(sha256)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.storage, name)


def photo(size: tuple[int, int]) -> bytes:
    """A photo-like PNG: smooth gradients with fine grain."""
    grain = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(1))
    picture = Image.merge(
        "RGB",
        (Image.linear_gradient("L").resize(size), grain, Image.radial_gradient("L").resize(size)),
    )
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def view_of(key: str, size: tuple[int, int], version_id: int) -> VersionView:
    return VersionView(
        card_id=1,
        card_title="bench",
        version_id=version_id,
        number=1,
        total=1,
        status="done",
        caption="v1 of 1 · bench",
        prompt="bench",
        image_sha=key,
        width=size[0],
        height=size[1],
        review="none",
        error=None,
        actions=[],
    )


def run_previews(repeats: int = 5) -> list[PreviewTimes]:
    from tests.discord import payloads as p
    from tests.discord.fake_discord import FakeDiscord
    from tests.telegram.fake_api import TOKEN, FakeBotApi

    images = {
        "ready 1K PNG (bench provider)": READY_1K_PNG,
        "1920×1080 photo PNG": photo((1920, 1080)),
        "4K photo PNG": photo((3840, 2160)),
    }
    results: list[PreviewTimes] = []
    discord, telegram = FakeDiscord().start(), FakeBotApi().start()
    discord.channels[THREAD] = p.thread_channel(THREAD, p.CHANNEL, "bench")
    telegram.add_chat(GROUP, "group")
    try:
        for label, data in images.items():
            for mode in ("original", "preview, new", "preview, kept"):
                with tempfile.TemporaryDirectory(prefix="lightbox-previews-") as tmp:
                    store = LocalStorage(Path(tmp))
                    sha = store.put_image(data).sha256
                    with Image.open(io.BytesIO(data)) as img:
                        size = img.size
                    source: Any = Originals(store) if mode == "original" else store
                    sinks = (
                        ("telegram", TelegramSink(TOKEN, telegram.url, storage=source)),
                        ("discord", DiscordSink(p.TOKEN, discord.base, storage=source)),
                    )
                    uploads: dict[str, Callable[[], int]] = {
                        "telegram": lambda: len(telegram.calls_of("sendPhoto")[-1].files["photo"]),
                        "discord": lambda: len(
                            discord.find("POST", rf"/channels/{THREAD}/messages")[-1].files[0][2]
                        ),
                    }
                    for platform, sink in sinks:
                        target = str(GROUP) if platform == "telegram" else str(THREAD)
                        times = _time(sink, store, sha, size, target, repeats, mode)
                        results.append(
                            PreviewTimes(platform, label, mode, uploads[platform](), times)
                        )
                        sink.close()
    finally:
        discord.stop()
        telegram.stop()
    return results


def _time(
    sink: Any,
    store: LocalStorage,
    sha: str,
    size: tuple[int, int],
    target: str,
    repeats: int,
    mode: str,
) -> list[float]:
    times = []
    for n in range(repeats):
        if mode == "preview, new":
            for kept in (Path(store.root) / "thumbs").glob(f"*/{sha}*"):
                kept.unlink()  # as for a new image: nothing made yet
        if mode == "preview, kept" and n == 0:
            sink.post(view_of(sha, size, 10_000), target, None)  # made once, untimed
        start = time.perf_counter()
        sink.post(view_of(sha, size, 100 + n), target, None)
        times.append((time.perf_counter() - start) * 1000)
    return times


def previews_table(results: list[PreviewTimes]) -> list[str]:
    lines = [
        "Version message upload (sink → local fake): bytes sent and ms per delivery",
        f"{'platform':<9} {'image':<30} {'posted':<15} {'bytes':>10} {'p50 ms':>8} {'max ms':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.platform:<9} {r.image:<30} {r.mode:<15} {r.bytes_sent:>10,} "
            f"{statistics.median(r.ms):>8.1f} {max(r.ms):>8.1f}"
        )
    return lines
