"""The console prints a media version's kind, length and where its file and poster are."""

from __future__ import annotations

from bot.console.render import version_text
from core.views import VersionView

VIEW = VersionView(
    card_id=3,
    card_title="a harbour",
    version_id=9,
    number=2,
    total=2,
    status="done",
    caption="v2 of 2 · 🎬 video · 5.0 s · animate of v1 · local video preview · 1024×576",
    prompt="a gentle, slow camera move",
    image_sha="p" * 64,
    width=1024,
    height=576,
    review="none",
    error=None,
    media_kind="video",
    media_sha="m" * 64,
    media_mime="video/mp4",
    duration_seconds=5.0,
)


def test_a_video_version_prints_its_file_length_and_poster() -> None:
    text = version_text(VIEW, lambda key: f"/data/{key[:2]}/{key}")
    lines = text.splitlines()
    assert lines[0].startswith("🎬 card #3 “a harbour” · v2 of 2 · 🎬 video · 5.0 s")
    assert lines[1] == f"   video: /data/mm/{'m' * 64} (video/mp4, 5.0 s)"
    assert lines[2] == f"   poster: /data/pp/{'p' * 64}"
    assert "image:" not in text
