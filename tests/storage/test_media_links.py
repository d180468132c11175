"""A media file too large for a chat is linked, not dropped: on S3 the note carries a presigned
link that fetches the original; the link survives a long caption."""

from __future__ import annotations

import re
from dataclasses import replace

import httpx

from bot.telegram.media import caption
from core.media import AUDIO
from core.media_delivery import LINK_SECONDS, MediaDelivery, size_text
from tests.delivery_media import audio, media_view
from tests.storage.conftest import s3_storage
from tests.storage.s3_server import S3Server


def test_a_too_large_file_on_s3_is_linked_for_seven_days(s3_server: S3Server) -> None:
    storage = s3_storage(s3_server)
    data = audio("audio/mpeg")
    view = media_view(storage, data, "audio/mpeg", kind=AUDIO)
    delivery = MediaDelivery(storage, limit=1000, platform="Telegram", binary=False)
    out = delivery.prepare(view)
    assert out.data is None and out.size == len(data)
    assert f"is {size_text(len(data), False)}, more than Telegram takes here (1 kB)" in out.note
    url = re.search(r"https?://\S+(?=\))", out.note)
    assert url is not None and "link valid 7 days" in out.note
    assert f"X-Amz-Expires={LINK_SECONDS}" in url[0]
    assert httpx.get(url[0]).content == data
    assert delivery.note(view) == out.note  # an edit says the same without reading again

    long = replace(view, caption="x" * 2000)
    text = caption(long, out.note)
    assert len(text) <= 1024 and text.endswith(out.note), "the link is never cut"


def test_sizes_read_as_each_platform_counts() -> None:
    assert size_text(10 * 1024 * 1024, True) == "10 MiB"
    assert size_text(50 * 1000 * 1000, False) == "50 MB"
    assert size_text(4096, True) == "4 KiB" and size_text(1500, False) == "1.5 kB"
