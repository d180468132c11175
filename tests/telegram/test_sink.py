"""TelegramSink against the fake Bot API: photos, previews, edits, refusals and flood limits."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.telegram.botapi import BotApi, Refused, RetryLater
from bot.telegram.keyboards import MAX_CALLBACK_BYTES, Press, decode, encode
from bot.telegram.sink import TelegramSink
from core.action_table import default_actions
from core.actions import Scope
from core.errors import Gone
from core.ports import Storage
from core.storage import LocalStorage
from core.views import VersionView, button
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, FORUM, GROUP, version_messages
from workers.runtime import Runtime


@pytest.fixture
def sink(fake: FakeBotApi, tmp_path: Path) -> Iterator[TelegramSink]:
    fake.add_chat(GROUP, "group")
    fake.add_chat(FORUM, "supergroup", forum=True)
    made = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "images"))
    yield made
    made.close()


def view_of(
    storage: Storage, size: tuple[int, int], version_id: int = 7, review: str = "none"
) -> VersionView:
    """A done version whose PNG of `size` is in `storage` (the view carries its key)."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 90, 40)).save(out, "PNG")
    key = storage.put_image(out.getvalue()).sha256
    return VersionView(
        card_id=1,
        card_title="a fox",
        version_id=version_id,
        number=1,
        total=1,
        status="done",
        caption="v1 of 1 · Local · seed 1" + (" · ✅ approved" if review == "approved" else ""),
        prompt="a fox",
        image_sha=key,
        width=size[0],
        height=size[1],
        review=review,
        error=None,
        actions=[button(s, version_id) for s in default_actions().offered(Scope.version)],
    )


def test_photo_into_a_topic_then_edit_is_idempotent(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    topic = make_topic(fake)
    view = view_of(sink.storage, (640, 480))
    posted = sink.post(view, f"{FORUM}:{topic}", None)
    chat_id, message_id = map(int, posted.rsplit(":", 1))
    stored = fake.messages[(chat_id, message_id)]
    assert stored["message_thread_id"] == topic and stored["photo"][0]["width"] == 640
    assert fake.calls_of("sendChatAction")[0].params["action"] == "upload_photo"
    # a retried delivery edits instead of posting; "message is not modified" counts as success
    assert sink.post(view, f"{FORUM}:{topic}", posted) == posted
    approved = view_of(sink.storage, (640, 480), review="approved")
    assert sink.post(approved, f"{FORUM}:{topic}", posted) == posted
    assert "✅ approved" in fake.messages[(chat_id, message_id)]["caption"]
    assert len(fake.calls_of("sendPhoto")) == 1


def make_topic(fake: FakeBotApi) -> int:
    return BotApi(TOKEN, fake.url).call("createForumTopic", {"chat_id": FORUM, "name": "t"})[
        "message_thread_id"
    ]


def test_unknown_message_is_posted_again(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    view = view_of(sink.storage, (300, 300))
    posted = sink.post(view, str(GROUP), f"{GROUP}:4242")
    assert posted != f"{GROUP}:4242" and len(fake.calls_of("sendPhoto")) == 1


def test_beyond_photo_limits_sends_a_preview_with_full_size(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    view = view_of(sink.storage, (12000, 500))  # w + h > 10000 and ratio 24 > 20
    posted = sink.post(view, f"{GROUP}:r1", None)
    stored = fake.messages[tuple(map(int, posted.rsplit(":", 1)))]  # type: ignore[arg-type]
    width, height = stored["photo"][0]["width"], stored["photo"][0]["height"]
    assert width + height <= 10000 and width / height <= 20
    assert "preview" in stored["caption"]
    last_row = stored["reply_markup"]["inline_keyboard"][-1]
    assert last_row[0]["callback_data"] == "v1:full:7"


def test_flood_limit_raises_retry_later_and_refusals_are_reported(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    view = view_of(sink.storage, (300, 300))
    fake.fail("sendPhoto", 429, "Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(RetryLater) as caught:
        sink.post(view, str(GROUP), None)
    assert caught.value.retry_after == 3
    sink.post(view, str(GROUP), None)
    api = BotApi(TOKEN, fake.url)
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": "x" * 65}]]}
    with pytest.raises(Refused, match="BUTTON_DATA_INVALID"):
        api.call("sendMessage", {"chat_id": GROUP, "text": "hi", "reply_markup": markup})
    api.close()
    assert fake.violations.forgive() == ["sendMessage: Bad Request: BUTTON_DATA_INVALID"]


def test_callback_data_fits_64_bytes_and_round_trips() -> None:
    for action in ("approve", "saveref", "restore", "full"):
        data = encode(action, 10**18 - 1)
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        decoded = decode(data)
        assert decoded is not None and decoded.target == 10**18 - 1
    assert decode("v1:zz9:5") == Press("zz9", 5), "any registry-shaped id: core decides"
    for forged in ("v1:Approve:5", "v1:approve:0", "v1:approve:05", "v1:a-b:5", "v2:approve:5"):
        assert decode(forged) is None


def test_delivery_retries_after_a_flood_limit_and_posts_once(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    fake.fail("sendPhoto", 429, "Too Many Requests: retry after 1", retry_after=1)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a quiet harbour --n 1"))
            await chat.idle()
        assert len(fake.calls_of("sendPhoto")) == 2  # refused once, then posted
        assert len(version_messages(fake, GROUP)) == 1

    asyncio.run(scenario())


def test_failed_version_is_posted_as_text(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    view = view_of(sink.storage, (300, 300))
    failed = VersionView(
        **{
            **view.__dict__,
            "image_sha": None,
            "status": "failed",
            "caption": "v1 of 1 · Local\n⚠️ failed: provider down",
            "actions": [],
        }
    )
    posted = sink.post(failed, str(GROUP), None)
    stored = fake.messages[tuple(map(int, posted.rsplit(":", 1)))]  # type: ignore[arg-type]
    assert "⚠️ failed: provider down" in stored["text"] and "photo" not in stored


def test_a_deleted_topic_falls_back_to_the_chat(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    view = view_of(sink.storage, (300, 300))
    posted = sink.post(view, f"{FORUM}:777", None)
    stored = fake.messages[tuple(map(int, posted.rsplit(":", 1)))]  # type: ignore[arg-type]
    assert "message_thread_id" not in stored and stored["chat"]["id"] == FORUM


def test_a_showcase_post_is_taken_down_and_gone_is_fine(
    sink: TelegramSink, fake: FakeBotApi, tmp_path: Path
) -> None:
    posted = sink.post(view_of(sink.storage, (640, 480)), str(GROUP), None)
    sink.remove(str(GROUP), posted)
    deleted = [str(c.params["message_id"]) for c in fake.calls_of("deleteMessage")]
    assert deleted == [posted.split(":")[1]]
    with pytest.raises(Gone, match="message to delete not found"):
        sink.remove(str(GROUP), posted)  # already gone: the runner counts that as done


def test_a_full_hd_photo_is_sent_as_a_jpeg_preview_with_full_size(
    sink: TelegramSink, fake: FakeBotApi
) -> None:
    from tests.core.test_previews import photo_like

    original = photo_like((1920, 1080))
    key = sink.storage.put_image(original).sha256
    view = view_of(sink.storage, (1920, 1080))
    posted = sink.post(dataclasses.replace(view, image_sha=key), str(GROUP), None)
    [call] = fake.calls_of("sendPhoto")
    shown = Image.open(io.BytesIO(call.files["photo"]))
    assert shown.format == "JPEG" and shown.size == (1920, 1080)
    assert len(call.files["photo"]) < len(original) // 3 and sink.storage.read(key) == original
    stored = fake.messages[tuple(map(int, posted.rsplit(":", 1)))]  # type: ignore[arg-type]
    assert "preview" in stored["caption"] and stored["photo"][-1]["width"] == 1920
    last_row = stored["reply_markup"]["inline_keyboard"][-1]
    assert last_row[0]["callback_data"] == "v1:full:7"
