"""A picture Telegram sends as a photo (a contact sheet): its light preview when that saves
much of the upload, the original when it is small or the preview gains little."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.photos import much_lighter
from core.previews import TELEGRAM, preview_of
from core.storage import LocalStorage
from tests.core.test_previews import photo_like


def test_a_large_sheet_goes_as_its_preview_and_a_small_one_as_it_is(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    large = storage.put_image(photo_like((2400, 1600)))
    shown = preview_of(storage, large.sha256, TELEGRAM)
    assert not shown.original and shown.data[:2] == b"\xff\xd8"
    assert much_lighter(len(shown.data), large.size_bytes)
    small = storage.put_image(photo_like((320, 240)))
    assert preview_of(storage, small.sha256, TELEGRAM).original
    assert not much_lighter(900_000, 1_000_000)  # a 10 % saving keeps the original
