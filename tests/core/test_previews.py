"""Previews: what each platform is sent of a stored image (light, under its limits, made once)."""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from core import previews
from core.errors import BadInput
from core.images import check_image
from core.previews import (
    DISCORD,
    KEEP_BYTES,
    TELEGRAM,
    PreviewRule,
    keep_previews,
    preview_of,
    render_preview,
)
from core.storage import LocalStorage


@functools.cache
def photo_like(size: tuple[int, int], *, alpha: bool = False) -> bytes:
    """A PNG that compresses like a photo: smooth gradients with fine grain (several MB)."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    grain = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(1))
    blue = Image.radial_gradient("L").resize(size)
    picture = Image.merge("RGB", (gradient, grain, blue))
    if alpha:
        mask = Image.new("L", size, 0)
        mask.paste(255, (width // 4, height // 4, 3 * width // 4, 3 * height // 4))
        picture.putalpha(mask)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_full_hd_photo_goes_as_jpeg_to_both_platforms() -> None:
    original = photo_like((1920, 1080))
    assert len(original) > 1024 * 1024
    for rule, fmt in ((TELEGRAM, "JPEG"), (DISCORD, "JPEG")):
        data = render_preview(original, rule)
        image = opened(data)
        assert image.format == fmt and image.size == (1920, 1080) and image.mode == "RGB"
        assert len(data) <= rule.max_bytes and len(data) < len(original) // 3


def test_a_4k_image_is_shrunk_to_the_display_size_and_a_long_strip_letterboxed() -> None:
    big = opened(render_preview(photo_like((3840, 2160)), TELEGRAM))
    assert big.size == (2560, 1440)
    strip = opened(render_preview(photo_like((4000, 160)), TELEGRAM))  # ratio 25 > 20
    assert strip.width / strip.height <= 20 and strip.width <= 2560
    assert opened(render_preview(photo_like((4000, 160)), DISCORD)).size == (2560, 102)


def test_transparency_is_kept_where_it_shows() -> None:
    original = photo_like((1600, 900), alpha=True)
    telegram = opened(render_preview(original, TELEGRAM))
    discord = opened(render_preview(original, DISCORD))
    assert telegram.format == "PNG" and discord.format == "WEBP"
    for image in (telegram, discord):
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0
        assert image.getpixel((800, 450))[3] == 255
    opaque = Image.new("RGBA", (900, 900), (10, 200, 30, 255))
    opaque.paste(Image.effect_noise((900, 900), 50).convert("RGBA"))
    out = io.BytesIO()
    opaque.save(out, "PNG")
    assert opened(render_preview(out.getvalue(), TELEGRAM)).format == "JPEG"  # alpha unused


def test_small_and_already_lossy_originals_go_as_they_are() -> None:
    small = io.BytesIO()
    Image.new("RGB", (1024, 1024), (200, 90, 40)).save(small, "PNG")
    assert len(small.getvalue()) <= KEEP_BYTES
    assert render_preview(small.getvalue(), TELEGRAM) == small.getvalue()
    jpeg = io.BytesIO()
    opened(photo_like((1920, 1080))).save(jpeg, "JPEG", quality=95)
    assert render_preview(jpeg.getvalue(), DISCORD) == jpeg.getvalue()


def test_a_preview_is_rendered_once_per_platform_and_the_original_stays(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "images")
    original = photo_like((1920, 1080))
    sha = storage.put_image(original).sha256
    telegram = preview_of(storage, sha, TELEGRAM)
    discord = preview_of(storage, sha, DISCORD)
    assert not telegram.original and not discord.original
    assert preview_of(storage, sha, TELEGRAM) == telegram
    assert storage.read(sha) == original and hashlib.sha256(original).hexdigest() == sha
    small = DISCORD.within(200_000)
    assert small.name == "preview-discord-200000" and DISCORD.within(10**9) is DISCORD
    assert len(preview_of(storage, sha, small).data) <= 200_000


@pytest.mark.parametrize("rule", [TELEGRAM, DISCORD], ids=["telegram", "discord"])
def test_the_original_is_marked_as_such(tmp_path: Path, rule: object) -> None:
    storage = LocalStorage(tmp_path / "images")
    small = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(small, "PNG")
    sha = storage.put_image(small.getvalue()).sha256
    shown = preview_of(storage, sha, rule)  # type: ignore[arg-type]
    assert shown.original and shown.data == small.getvalue()


@pytest.mark.parametrize("size", [(1920, 1080), (4000, 150)])
@pytest.mark.parametrize("alpha", [False, True])
def test_previews_kept_at_store_match_what_a_delivery_would_render(
    tmp_path: Path, size: tuple[int, int], alpha: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored with its checking decode, an image's previews are there before any delivery, the
    same bytes a delivery renders, one render when the platforms' rules agree, and nothing is
    read back from storage; a truncated image is still refused."""
    storage = LocalStorage(tmp_path)
    data = photo_like(size, alpha=alpha)
    checked = check_image(data)
    stored = storage.put_image(checked)
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and storage.read(stored.sha256) == data
    renders: list[str] = []
    real = previews.render_picture

    def counted(original: bytes, picture: Image.Image, rule: PreviewRule) -> bytes:
        renders.append(rule.platform)
        return real(original, picture, rule)

    def read_back(sha256: str) -> bytes:
        raise AssertionError("the original was read back from storage")

    monkeypatch.setattr(previews, "render_picture", counted)
    monkeypatch.setattr(storage, "read", read_back)
    keep_previews(storage, checked, stored.sha256)
    monkeypatch.undo()
    shared = not alpha and size == (1920, 1080)  # a strip is letterboxed on Telegram only
    assert len(renders) == (1 if shared else 2)
    for rule in (TELEGRAM, DISCORD):
        kept = storage.derived(stored.sha256, rule.name, lambda _o: b"rendered again")
        assert kept == render_preview(data, rule)
    with pytest.raises(BadInput, match="truncated or corrupt"):
        storage.put_image(check_image(data[: len(data) // 2]))
