"""Tests for the content-addressed local image storage and its thumbnails."""

from __future__ import annotations

import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from core.errors import BadInput, NotFound
from core.images import ImageLimits
from core.ports import Storage, StoredImage
from core.storage import LocalStorage


def encode(fmt: str, size: tuple[int, int] = (120, 80), mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40).convert(mode).save(buf, format=fmt)
    return buf.getvalue()


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "images")


def test_satisfies_the_storage_protocol(storage: LocalStorage) -> None:
    port: Storage = storage
    assert port is storage


@pytest.mark.parametrize(
    ("fmt", "mime", "ext"),
    [
        ("PNG", "image/png", ".png"),
        ("JPEG", "image/jpeg", ".jpg"),
        ("WEBP", "image/webp", ".webp"),
        ("GIF", "image/gif", ".gif"),
    ],
)
def test_put_image_stores_content_addressed(
    storage: LocalStorage, fmt: str, mime: str, ext: str
) -> None:
    data = encode(fmt)
    sha = hashlib.sha256(data).hexdigest()
    stored = storage.put_image(data)
    assert stored == StoredImage(sha256=sha, width=120, height=80, mime=mime, size_bytes=len(data))
    expected = storage.root / sha[:2] / f"{sha}{ext}"
    assert storage.path(sha) == str(expected)
    assert expected.read_bytes() == data
    assert storage.read(sha) == data
    assert storage.exists(sha)


def test_same_bytes_are_stored_once(storage: LocalStorage) -> None:
    data = encode("PNG")
    first = storage.put_image(data)
    second = storage.put_image(data)
    assert first == second
    assert stored_files(storage.root) == [Path(storage.path(first.sha256))]


def test_concurrent_puts_of_the_same_image_leave_one_file(storage: LocalStorage) -> None:
    data = encode("PNG", (400, 300))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: storage.put_image(data), range(16)))
    assert len(set(results)) == 1
    assert stored_files(storage.root) == [Path(storage.path(results[0].sha256))]
    assert storage.read(results[0].sha256) == data


def test_invalid_images_are_rejected_and_nothing_is_written(storage: LocalStorage) -> None:
    with pytest.raises(BadInput):
        storage.put_image(b"definitely not an image")
    with pytest.raises(BadInput, match="BMP"):
        storage.put_image(encode("BMP"))
    assert stored_files(storage.root) == []


def test_max_bytes_overrides_the_limit(tmp_path: Path) -> None:
    data = encode("PNG")
    store = LocalStorage(tmp_path, limits=ImageLimits(max_bytes=len(data) - 1))
    with pytest.raises(BadInput, match="MB"):
        store.put_image(data)
    assert store.put_image(data, max_bytes=len(data)).size_bytes == len(data)
    with pytest.raises(BadInput):
        store.put_image(encode("PNG", (121, 80)), max_bytes=10)


def test_unknown_sha_is_not_found(storage: LocalStorage) -> None:
    unknown = "ab" * 32
    assert not storage.exists(unknown)
    with pytest.raises(NotFound):
        storage.path(unknown)
    with pytest.raises(NotFound):
        storage.read(unknown)
    with pytest.raises(NotFound):
        storage.thumbnail_path(unknown)


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "AB" * 32, "ab" * 31, "zz" * 32])
def test_malformed_sha_is_not_found(storage: LocalStorage, bad: str) -> None:
    assert not storage.exists(bad)
    with pytest.raises(NotFound):
        storage.path(bad)


def test_thumbnail_is_webp_within_size_and_cached(storage: LocalStorage) -> None:
    stored = storage.put_image(encode("JPEG", (1000, 500)))
    thumb = Path(storage.thumbnail_path(stored.sha256))
    assert thumb == storage.root / "thumbs" / "256" / f"{stored.sha256}.webp"
    with Image.open(thumb) as img:
        assert img.format == "WEBP"
        assert img.size == (256, 128)

    os.utime(thumb, ns=(1_000_000_000, 1_000_000_000))
    assert storage.thumbnail_path(stored.sha256) == str(thumb)
    assert thumb.stat().st_mtime_ns == 1_000_000_000  # not rendered again


def test_thumbnails_per_size_and_no_upscaling(storage: LocalStorage) -> None:
    img = Image.new("RGBA", (300, 600), (200, 30, 30, 0))
    img.paste((20, 200, 20, 255), (50, 50, 250, 550))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    stored = storage.put_image(buf.getvalue())
    with Image.open(storage.thumbnail_path(stored.sha256, size=64)) as img:
        assert img.size == (32, 64)
        assert img.mode == "RGBA"
    with Image.open(storage.thumbnail_path(stored.sha256, size=1024)) as img:
        assert img.size == (300, 600)
    assert sorted(p.name for p in (storage.root / "thumbs").iterdir()) == ["1024", "64"]


def test_thumbnail_of_animated_gif_uses_first_frame(storage: LocalStorage) -> None:
    frames = [Image.new("RGB", (100, 100), c) for c in ("red", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    stored = storage.put_image(buf.getvalue())
    with Image.open(storage.thumbnail_path(stored.sha256, size=50)) as img:
        r, g, b = img.convert("RGB").getpixel((25, 25))
    assert r > 200 and b < 60


def test_bad_thumbnail_size_is_rejected(storage: LocalStorage) -> None:
    stored = storage.put_image(encode("PNG"))
    with pytest.raises(BadInput):
        storage.thumbnail_path(stored.sha256, size=0)


def test_storage_accepts_a_string_root(tmp_path: Path) -> None:
    store = LocalStorage(str(tmp_path / "as-string"))
    stored = store.put_image(encode("GIF"))
    assert store.path(stored.sha256).startswith(str(tmp_path / "as-string"))
