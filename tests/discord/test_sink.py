"""The worker-side sink: uploads, previews under the size limit, idempotent retries, edits."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from bot.discord.invalid_requests import InvalidRequests
from bot.discord.refusals import DiscordError
from bot.discord.sink import DiscordSink
from core.action_table import default_actions
from core.actions import Scope
from core.errors import Gone, Permanent, RetryLater
from core.storage import LocalStorage
from core.views import VersionView, button
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import custom_ids

THREAD = 1300000000000000077


@pytest.fixture
def thread_fake(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    fake.channels[THREAD] = p.thread_channel(THREAD, p.CHANNEL, "a fox")
    yield fake


@pytest.fixture
def images(tmp_path: Path) -> LocalStorage:
    """The store the sink reads image bytes from (by the view's key)."""
    return LocalStorage(tmp_path / "images")


def noisy_png(images: LocalStorage, size: int = 512) -> str:
    """A stored noisy PNG's key (noise does not compress: a big file)."""
    image = Image.effect_noise((size, size), 100).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return images.put_image(out.getvalue()).sha256


def view(key: str | None, status: str = "done", label: str = "Approve") -> VersionView:
    offered = default_actions().offered(Scope.version)
    actions = [button(spec, 7) for spec in offered]
    actions = [replace(a, label=label) if a.action == "approve" else a for a in actions]
    return VersionView(
        card_id=1,
        card_title="a fox",
        version_id=7,
        number=1,
        total=1,
        status=status,
        caption="v1 of 1 · Local · seed 1 · 1K 512×512",
        prompt="a fox",
        image_sha=key,
        width=512,
        height=512,
        review="none",
        error=None,
        actions=actions,
    )


def test_a_large_image_is_sent_as_a_preview_that_fits(
    thread_fake: FakeDiscord, images: LocalStorage
):
    path = noisy_png(images)
    limit = images.size(path) // 4
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images, upload_limit=limit)
    try:
        sink.post(view(path), str(THREAD), None)
    finally:
        sink.close()
    [call] = thread_fake.find("POST", rf"/channels/{THREAD}/messages")
    [(_field, filename, data)] = call.files
    assert filename == "v1-preview.jpg" and len(data) <= limit
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert "larger than Discord allows" in call.body["content"]
    assert call.body["attachments"] == [{"id": 0, "filename": "v1-preview.jpg"}]


def test_a_retried_post_makes_no_duplicate_and_a_known_message_is_edited(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    path = noisy_png(images, 64)
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    long_label = "x" * 200
    try:
        first = sink.post(view(path, label=long_label), str(THREAD), None)
        again = sink.post(view(path, label=long_label), str(THREAD), None)
        edited = sink.post(view(path), str(THREAD), first)
    finally:
        sink.close()
    assert first == again == edited
    [message] = thread_fake.thread_messages(THREAD)
    assert custom_ids(message)[0] == "lbv:approve:7"
    posts = thread_fake.find("POST", rf"/channels/{THREAD}/messages")
    assert posts[0].body["nonce"] == "lbv7" and posts[0].body["enforce_nonce"] is True
    assert len(posts[0].body["components"][0]["components"][0]["label"]) == 80
    [edit] = thread_fake.find("PATCH", rf"/channels/{THREAD}/messages/{first}")
    assert not edit.files


def test_a_failed_version_is_posted_without_a_file(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        sink.post(view(None, status="failed"), str(THREAD), None)
        with pytest.raises(DiscordError, match="404"):
            sink.post(view(None, status="failed"), "1300000000000000099", None)
    finally:
        sink.close()
    [call] = thread_fake.find("POST", rf"/channels/{THREAD}/messages")
    assert not call.files


def test_an_edit_in_an_archived_thread_unarchives_it_first(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    path = noisy_png(images, 64)
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        first = sink.post(view(path), str(THREAD), None)
        thread_fake.channels[THREAD]["thread_metadata"]["archived"] = True
        assert sink.post(view(path), str(THREAD), first) == first
    finally:
        sink.close()
    [unarchive] = thread_fake.find("PATCH", rf"/channels/{THREAD}")
    assert unarchive.body == {"archived": False} and not thread_fake.archived(THREAD)
    assert len(thread_fake.find("PATCH", rf"/channels/{THREAD}/messages/{first}")) == 2


def test_a_showcase_post_is_taken_down_and_gone_is_fine(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        posted = sink.post(view(noisy_png(images, 64)), str(THREAD), None)
        sink.remove(str(THREAD), posted)
        with pytest.raises(Gone, match="10008"):
            sink.remove(str(THREAD), posted)  # already gone: the runner counts that as done
    finally:
        sink.close()
    deletes = thread_fake.find("DELETE", rf"/channels/{THREAD}/messages/{posted}")
    assert len(deletes) == 2


def test_a_bucket_429_is_waited_out_and_a_long_one_is_left_to_the_queue(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    path = noisy_png(images, 64)
    messages = rf"/channels/{THREAD}/messages"
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        thread_fake.rate_limit("POST", messages, 0.3)
        sink.post(view(path), str(THREAD), None)
        first, second = thread_fake.find("POST", messages)
        thread_fake.rate_limit("POST", messages, 30.0)
        with pytest.raises(RetryLater) as caught:
            sink.post(view(path), str(THREAD), None)
        assert caught.value.delay is not None and caught.value.delay > 29
        with pytest.raises(RetryLater):  # the bucket is known empty: no request is made
            sink.post(view(path), str(THREAD), None)
    finally:
        sink.close()
    assert len(thread_fake.find("POST", messages)) == 3
    assert len(thread_fake.thread_messages(THREAD)) == 1


def test_a_global_429_holds_every_route(thread_fake: FakeDiscord, images: LocalStorage) -> None:
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        thread_fake.rate_limit("DELETE", rf"/channels/{THREAD}/messages/\d+", 5.0, is_global=True)
        with pytest.raises(RetryLater):
            sink.remove(str(THREAD), "1300000000000000123")
        with pytest.raises(RetryLater):  # another route waits for the global limit too
            sink.post(view(None, status="failed"), str(THREAD), None)
    finally:
        sink.close()
    assert len(thread_fake.find("DELETE", rf"/channels/{THREAD}/messages/\d+")) == 1
    assert not thread_fake.find("POST", rf"/channels/{THREAD}/messages")


def test_an_edit_of_a_deleted_message_posts_it_again(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    path = noisy_png(images, 64)
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        first = sink.post_keyed(view(path), str(THREAD), None, "lbd1")
        del thread_fake.messages[int(first)]
        again = sink.post_keyed(view(path), str(THREAD), first, "lbd1-again")
    finally:
        sink.close()
    assert again != first and len(thread_fake.thread_messages(THREAD)) == 1


def test_a_shared_429_costs_no_invalid_request_and_the_sink_stops_before_the_limit(
    thread_fake: FakeDiscord,
    images: LocalStorage,
) -> None:
    """X-RateLimit-Scope: shared is the resource's limit, not the bot's: its bucket headers
    still show room and reset at once, only `retry_after` says how long to wait, and Discord
    does not count it toward the invalid request limit. 401/403/429 (user) do count, and the
    sink stops sending while its share of that limit is used up (here 2 for the test)."""
    messages = rf"/channels/{THREAD}/messages"
    lost = THREAD + 1
    thread_fake.channels[lost] = p.thread_channel(lost, p.CHANNEL, "a lost thread")
    thread_fake.forbidden.add(lost)
    sink = DiscordSink(
        p.TOKEN, thread_fake.base, storage=images, invalid=InvalidRequests(allowed=2)
    )
    try:
        thread_fake.rate_limit("POST", messages, 30.0, scope="shared")
        with pytest.raises(RetryLater) as caught:
            sink.post(view(None, status="failed"), str(THREAD), None)
        assert caught.value.delay is not None and caught.value.delay > 29
        with pytest.raises(RetryLater):  # the resource is known limited: no request is made
            sink.post(view(None, status="failed"), str(THREAD), None)
        assert len(thread_fake.find("POST", messages)) == 1
        assert thread_fake.invalid_requests == sink.invalid.count() == 0
        for _ in range(2):
            with pytest.raises(Permanent):  # 403 Missing Permissions
                sink.post(view(None, status="failed"), str(lost), None)
        assert thread_fake.invalid_requests == sink.invalid.count() == 2
        with pytest.raises(RetryLater) as held:
            sink.post(view(None, status="failed"), str(lost), None)
        assert held.value.delay is not None and held.value.delay > 500
        assert len(thread_fake.find("POST", rf"/channels/{lost}/messages")) == 2
    finally:
        sink.close()


def test_a_full_hd_photo_is_posted_as_a_jpeg_preview_with_full_size(
    thread_fake: FakeDiscord, images: LocalStorage
) -> None:
    from tests.core.test_previews import photo_like

    original = photo_like((1920, 1080))
    key = images.put_image(original).sha256
    sink = DiscordSink(p.TOKEN, thread_fake.base, storage=images)
    try:
        sink.post(replace(view(key), width=1920, height=1080), str(THREAD), None)
    finally:
        sink.close()
    [call] = thread_fake.find("POST", rf"/channels/{THREAD}/messages")
    [(_field, filename, data)] = call.files
    shown = Image.open(io.BytesIO(data))
    assert filename == "v1-preview.jpg" and shown.format == "JPEG"
    assert shown.size == (1920, 1080) and len(data) <= 10 * 1024 * 1024
    assert len(data) < len(original) // 3 and images.read(key) == original
    assert "Full size sends the original" in call.body["content"]
    assert custom_ids(call.body)[-1] == "lbv:full:7"
