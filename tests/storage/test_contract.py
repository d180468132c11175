"""The storage port's contract, run against the local folder and a real S3-compatible server."""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import httpx
import pytest
from PIL import Image

from core.db import Database
from core.errors import BadInput, NotFound
from core.ports import Storage, StoredImage
from core.storage import LocalStorage
from core.storage_s3 import S3Storage


@functools.cache
def encode(size: tuple[int, int], fmt: str = "PNG", noise: bool = False) -> bytes:
    image = (
        Image.effect_noise(size, 60).convert("RGB")
        if noise
        else Image.new("RGB", size, (30, 120, 200))
    )
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def test_an_image_is_stored_once_under_its_sha256_and_read_back(store: Storage) -> None:
    data = encode((120, 80), "JPEG")
    sha = hashlib.sha256(data).hexdigest()
    assert not store.exists(sha)
    first = store.put_image(data)
    assert first == StoredImage(sha, 120, 80, "image/jpeg", len(data))
    assert store.put_image(data) == first  # idempotent: same key, same answer
    assert store.exists(sha) and store.read(sha) == data and store.size(sha) == len(data)
    assert store.collect_orphans(set(), older_than=3600) == []  # young: spared
    assert store.collect_orphans({sha}, older_than=-60) == []  # referenced: kept
    assert store.read(sha) == data


def test_a_full_hd_image_round_trips_byte_for_byte(store: Storage) -> None:
    data = encode((1920, 1080), noise=True)  # noise does not compress: several MB
    stored = store.put_image(data)
    assert (stored.width, stored.height, stored.size_bytes) == (1920, 1080, len(data))
    assert store.read(stored.sha256) == data
    assert store.size(stored.sha256) == len(data)
    with Image.open(io.BytesIO(store.thumbnail(stored.sha256, 256))) as thumb:
        assert thumb.format == "WEBP" and thumb.size == (256, 144)


@pytest.mark.parametrize("key", ["0" * 64, "not-a-key", "../../etc/passwd", ""])
def test_missing_and_malformed_keys_are_not_found(store: Storage, key: str) -> None:
    assert not store.exists(key)
    for look in (store.read, store.size, store.thumbnail, store.locate):
        with pytest.raises(NotFound):
            look(key)


def test_bad_input_is_refused_and_nothing_is_stored(store: Storage) -> None:
    with pytest.raises(BadInput, match="allowed formats|not a valid image|cannot"):
        store.put_image(b"definitely not an image")
    with pytest.raises(BadInput, match="MB"):
        store.put_image(encode((64, 64)), max_bytes=10)
    assert store.collect_orphans(set(), older_than=-60) == []  # there is nothing to collect
    stored = store.put_image(encode((40, 30)))
    with pytest.raises(BadInput, match="between 16 and 4096"):
        store.thumbnail(stored.sha256, 8)


def test_thumbnails_are_small_webp_rendered_once(store: Storage) -> None:
    stored = store.put_image(encode((400, 200)))
    first = store.thumbnail(stored.sha256, 64)
    with Image.open(io.BytesIO(first)) as thumb:
        assert thumb.format == "WEBP" and thumb.size == (64, 32)
    assert store.thumbnail(stored.sha256, 64) == first


def test_orphans_go_with_their_thumbnails_and_only_limits_it(store: Storage) -> None:
    kept = store.put_image(encode((20, 20)))
    spared = store.put_image(encode((21, 21)))
    orphan = store.put_image(encode((22, 22)))
    store.thumbnail(orphan.sha256, 32)
    only = {orphan.sha256, kept.sha256}
    assert store.collect_orphans({kept.sha256}, older_than=-60, only=only) == [orphan.sha256]
    assert not store.exists(orphan.sha256)
    with pytest.raises(NotFound):
        store.thumbnail(orphan.sha256, 32)
    assert store.exists(kept.sha256) and store.exists(spared.sha256)
    assert store.collect_orphans({kept.sha256}, older_than=-60) == [spared.sha256]


def test_a_rolled_back_transaction_takes_its_new_image_along(
    store: Storage, tmp_path: Path
) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'tx.db'}")
    kept_before = store.put_image(encode((30, 30)))
    with pytest.raises(RuntimeError), db.session():
        fresh = store.put_image(encode((31, 31)))
        store.put_derived(fresh.sha256, "preview-telegram", encode((8, 8), "JPEG"))
        again = store.put_image(encode((30, 30)))  # stored before: someone else relies on it
        raise RuntimeError("the row could not be written")
    db.dispose()
    assert not store.exists(fresh.sha256)
    with pytest.raises(NotFound):  # its preview went along: nothing is left to serve
        store.derived(fresh.sha256, "preview-telegram", lambda original: original)
    assert store.exists(again.sha256) and again == kept_before


def test_urls_are_presigned_for_s3_and_absent_for_a_local_folder(store: Storage) -> None:
    data = encode((50, 40))
    stored = store.put_image(data)
    url = store.url(stored.sha256, expires_seconds=60)
    if url is None:  # the local folder: a web process serves `read` itself
        assert Path(store.locate(stored.sha256)).read_bytes() == data
        return
    assert "Signature=" in url or "X-Amz-Signature=" in url
    answer = httpx.get(url)
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["content-type"] == "image/png"
    assert httpx.get(url.replace(stored.sha256, "f" * 64)).status_code in (403, 404)
    assert httpx.get(url.split("?", 1)[0]).status_code == 403  # private: no anonymous reads


def test_derived_files_are_rendered_once_and_go_with_the_original(store: Storage) -> None:
    stored = store.put_image(encode((300, 200), noise=True))
    renders: list[int] = []

    def render(original: bytes) -> bytes:
        renders.append(len(original))
        return encode((30, 20), "JPEG")

    first = store.derived(stored.sha256, "preview-telegram", render)
    assert first == encode((30, 20), "JPEG") and renders == [stored.size_bytes]
    assert store.derived(stored.sha256, "preview-telegram", render) == first  # kept
    assert renders == [stored.size_bytes]
    assert store.read(stored.sha256) == encode((300, 200), noise=True)  # the original stays
    for bad in ("", "Preview", "../x", "a/b", "x" * 41):
        with pytest.raises(BadInput, match="not a derived file name"):
            store.derived(stored.sha256, bad, render)
    with pytest.raises(NotFound):
        store.derived("0" * 64, "preview-telegram", render)
    assert store.collect_orphans(set(), older_than=-60) == [stored.sha256]
    with pytest.raises(NotFound):  # not served from what was kept: gone with the original
        store.derived(stored.sha256, "preview-telegram", render)
    assert renders == [stored.size_bytes]


def test_a_derived_file_handed_over_is_kept_without_reading_anything_back(
    store: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = store.put_image(encode((300, 200), noise=True))
    calls: list[str] = []
    if isinstance(store, S3Storage):  # the requests the real client sends to the server
        store.client.meta.events.register(
            "before-call.s3.*", lambda model, **_: calls.append(model.name)
        )

    def read_back(sha256: str) -> bytes:
        raise AssertionError("the original was read back")

    monkeypatch.setattr(store, "read", read_back)
    preview = encode((30, 20), "JPEG")
    store.put_derived(stored.sha256, "preview-discord", preview)
    assert calls == (["PutObject"] if isinstance(store, S3Storage) else [])

    def render(_original: bytes) -> bytes:
        raise AssertionError("rendered again")

    assert store.derived(stored.sha256, "preview-discord", render) == preview
    store.put_derived(stored.sha256, "preview-discord", b"\xff\xd8 replaced")
    assert store.derived(stored.sha256, "preview-discord", render) == b"\xff\xd8 replaced"
    for bad in ("", "Preview", "../x", "a/b", "x" * 41):
        with pytest.raises(BadInput, match="not a derived file name"):
            store.put_derived(stored.sha256, bad, preview)
    with pytest.raises(BadInput, match="cannot be empty"):
        store.put_derived(stored.sha256, "preview-telegram", b"")
    for key in ("not-a-key", "../../etc/passwd"):
        with pytest.raises(NotFound):
            store.put_derived(key, "preview-telegram", preview)
    monkeypatch.undo()
    assert store.collect_orphans(set(), older_than=-60) == [stored.sha256]
    with pytest.raises(NotFound):  # gone with the original
        store.derived(stored.sha256, "preview-discord", render)


def test_a_derived_file_a_crash_left_empty_is_rendered_again(tmp_path: Path) -> None:
    """Derived files skip the fsync: after a power cut one may be empty, and is then remade."""
    store = LocalStorage(tmp_path / "images")
    stored = store.put_image(encode((64, 48)))
    store.put_derived(stored.sha256, "preview-telegram", b"\xff\xd8 kept")
    (tmp_path / "images" / "thumbs" / "preview-telegram" / stored.sha256).write_bytes(b"")
    remade = store.derived(stored.sha256, "preview-telegram", lambda original: original[:8])
    assert remade == encode((64, 48))[:8]
    assert store.derived(stored.sha256, "preview-telegram", lambda _o: b"again") == remade
