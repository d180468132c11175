"""Video, audio and 3D versions through TelegramSink on the fake Bot API: each kind by its method,
thumbnails within the Bot API's limits, an edit of a text into a video, shrunk or linked when
too large, never silently dropped."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlmodel import select

from bot.telegram.botapi import BotApi, Refused
from bot.telegram.sink import TelegramSink
from core.media import AUDIO, MODEL3D, VIDEO
from core.models import Version
from core.storage import LocalStorage
from tests.delivery_media import add_media_version, approved, audio, glb, media_view, video_mp4
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, Call, FakeBotApi
from tests.telegram.fake_media import thumb_part
from tests.telegram.helpers import ALICE, GROUP
from workers.runtime import Runtime

ONE_BACKEND = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
"""Delivery is adapter work: one database backend is enough (core runs on both elsewhere)."""


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "data")


@pytest.fixture
def sink(fake: FakeBotApi, storage: LocalStorage) -> Iterator[TelegramSink]:
    fake.add_chat(GROUP, "group")
    made = TelegramSink(TOKEN, fake.url, storage=storage)
    yield made
    made.close()


def small_sink(fake: FakeBotApi, storage: LocalStorage, limit: int) -> TelegramSink:
    """A sink (and a fake) whose per-file upload limit is `limit` instead of 50 MB."""
    fake.upload_limit = limit
    return TelegramSink(TOKEN, fake.url, storage=storage, file_limit=limit)


def message_of(fake: FakeBotApi, posted: str) -> dict[str, Any]:
    chat_id, number = posted.rsplit(":", 1)
    return fake.messages[(int(chat_id), int(number))]


def check_thumbnail(call: Call) -> None:
    """The Bot API's rule: a JPEG under 200 kB, at most 320 px a side."""
    data = thumb_part(call.params, call.files)
    assert data is not None, "no thumbnail"
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) <= 320
    assert len(data) < 200_000


def test_a_1080p_video_goes_as_a_video_with_thumbnail_duration_and_size(
    sink: TelegramSink, fake: FakeBotApi, storage: LocalStorage
) -> None:
    view = media_view(storage, video_mp4(), "video/mp4", kind=VIDEO, seconds=1.0)
    posted = sink.post(view, str(GROUP), None)
    [call] = fake.calls_of("sendVideo")
    assert call.files["video"] == storage.read(view.media_sha or "")
    assert call.files.names["video"] == "v1.mp4"  # type: ignore[attr-defined]
    check_thumbnail(call)
    assert call.params["duration"] == 1 and call.params["supports_streaming"] is True
    assert (call.params["width"], call.params["height"]) == (1920, 1080)
    assert call.params["caption"].startswith("🎬 harbour at dusk\nv1 of 1")
    assert fake.calls_of("sendChatAction")[-1].params["action"] == "upload_video"
    message = message_of(fake, posted)
    assert message["video"]["mime_type"] == "video/mp4" and "thumbnail" in message["video"]
    assert message["reply_markup"]["inline_keyboard"][0]


@pytest.mark.parametrize(
    ("mime", "method", "field", "name"),
    [
        ("audio/mpeg", "sendAudio", "audio", "v1.mp3"),
        ("audio/mp4", "sendAudio", "audio", "v1.m4a"),
        ("audio/ogg", "sendVoice", "voice", "v1.ogg"),
        ("audio/wav", "sendDocument", "document", "v1.wav"),
        ("audio/flac", "sendDocument", "document", "v1.flac"),
    ],
)
def test_music_voice_and_other_audio_each_go_their_way(
    sink: TelegramSink,
    fake: FakeBotApi,
    storage: LocalStorage,
    mime: str,
    method: str,
    field: str,
    name: str,
) -> None:
    view = media_view(storage, audio(mime), mime, kind=AUDIO, size=(1200, 400), seconds=1.0)
    posted = sink.post(view, str(GROUP), None)
    [call] = fake.calls_of(method)
    assert call.files[field] == storage.read(view.media_sha or "")
    assert call.files.names[field] == name  # type: ignore[attr-defined]
    assert "🎵 harbour at dusk" in call.params["caption"]
    if method == "sendAudio":
        assert call.params["title"] == "harbour at dusk" and call.params["duration"] == 1
    if method == "sendVoice":
        assert call.params["duration"] == 1 and "thumbnail" not in call.files
    else:
        check_thumbnail(call)
    assert field in message_of(fake, posted)


def test_a_3d_model_goes_as_a_glb_document_with_its_render_as_thumbnail(
    sink: TelegramSink, fake: FakeBotApi, storage: LocalStorage
) -> None:
    view = media_view(storage, glb(), "model/gltf-binary", kind=MODEL3D, size=(1024, 1024))
    posted = sink.post(view, str(GROUP), None)
    [call] = fake.calls_of("sendDocument")
    assert call.files["document"] == storage.read(view.media_sha or "")
    assert call.files.names["document"] == "v1.glb"  # type: ignore[attr-defined]
    check_thumbnail(call)
    document = message_of(fake, posted)["document"]
    assert document["mime_type"] == "model/gltf-binary" and "thumbnail" in document


def test_a_text_message_is_edited_into_the_video_then_its_caption_follows_reviews(
    sink: TelegramSink, fake: FakeBotApi, storage: LocalStorage
) -> None:
    view = media_view(storage, video_mp4(640, 360), "video/mp4", kind=VIDEO, size=(640, 360))
    missing = view.__class__(**{**view.__dict__, "media_sha": None, "image_sha": None})
    posted = sink.post(missing, str(GROUP), None)  # posted before its file was there: a text
    assert "text" in message_of(fake, posted)
    assert sink.post(view, str(GROUP), posted) == posted
    [media] = fake.calls_of("editMessageMedia")
    assert media.params["media"]["type"] == "video"
    assert media.files["file"] == storage.read(view.media_sha or "")
    message = message_of(fake, posted)
    assert "video" in message and "text" not in message and "🎬" in message["caption"]
    sink.post(approved(view), str(GROUP), posted)
    assert "✅ approved" in message_of(fake, posted)["caption"]
    assert len(fake.calls_of("editMessageMedia")) == 1  # the review only edits the caption
    assert not fake.calls_of("sendVideo")


def test_a_video_over_the_limit_is_shrunk_to_fit(fake: FakeBotApi, storage: LocalStorage) -> None:
    fake.add_chat(GROUP, "group")
    original = video_mp4()
    view = media_view(storage, original, "video/mp4", kind=VIDEO, seconds=1.0)
    sink = small_sink(fake, storage, len(original) * 3 // 4)
    try:
        posted = sink.post(view, str(GROUP), None)
    finally:
        sink.close()
    [call] = fake.calls_of("sendVideo")
    assert len(call.files["video"]) <= sink.media.delivery.limit
    assert call.files["video"] != original
    assert call.files.names["video"] == "v1-shrunk.mp4"  # type: ignore[attr-defined]
    assert "shrunk to fit Telegram's" in call.params["caption"]
    assert "video" in message_of(fake, posted)


@pytest.mark.parametrize("kind", [VIDEO, AUDIO, MODEL3D])
def test_a_file_too_large_for_the_chat_is_never_dropped(
    fake: FakeBotApi, storage: LocalStorage, kind: str
) -> None:
    """Over the limit and not shrinkable (a 2 kB limit): the poster with the size, the limit
    and where the original is."""
    fake.add_chat(GROUP, "group")
    data, mime = {
        VIDEO: (video_mp4(640, 360), "video/mp4"),
        AUDIO: (audio("audio/mpeg"), "audio/mpeg"),
        MODEL3D: (glb(4000), "model/gltf-binary"),
    }[kind]
    view = media_view(storage, data, mime, kind=kind, size=(640, 360))
    sink = small_sink(fake, storage, 2000)
    try:
        posted = sink.post(view, str(GROUP), None)
        sink.post(approved(view), str(GROUP), posted)
    finally:
        sink.close()
    message = message_of(fake, posted)
    assert "photo" in message, "the poster stands in for the file"
    assert "more than Telegram takes here (2 kB)" in message["caption"]
    assert "Lightbox console" in message["caption"] and "✅ approved" in message["caption"]


def test_a_file_missing_from_storage_is_said_not_dropped(
    sink: TelegramSink, fake: FakeBotApi, storage: LocalStorage
) -> None:
    view = media_view(storage, audio("audio/ogg"), "audio/ogg", kind=AUDIO, with_poster=False)
    gone = view.__class__(**{**view.__dict__, "media_sha": "0" * 64})
    posted = sink.post(gone, str(GROUP), None)
    assert "missing from storage" in message_of(fake, posted)["text"]


def test_the_fake_refuses_what_the_bot_api_refuses(fake: FakeBotApi) -> None:
    fake.add_chat(GROUP, "group")
    fake.upload_limit = 1000
    api = BotApi(TOKEN, fake.url)
    try:
        with pytest.raises(Refused, match="413: Request Entity Too Large"):
            api.call(
                "sendVideo", {"chat_id": GROUP}, {"video": ("v.mp4", bytes(1001), "video/mp4")}
            )
        with pytest.raises(Refused, match="Bad Request: there is no video in the request"):
            api.call("sendVideo", {"chat_id": GROUP, "caption": "x"})
        big_thumb = io.BytesIO()
        Image.new("RGB", (640, 640), (9, 9, 9)).save(big_thumb, "JPEG")
        files = {
            "document": ("m.glb", glb(), "model/gltf-binary"),
            "thumbnail": ("t.jpg", big_thumb.getvalue(), "image/jpeg"),
        }
        sent = api.call("sendDocument", {"chat_id": GROUP}, files)
    finally:
        api.close()
    assert "thumbnail" not in sent["document"], "Telegram ignores a thumbnail over 320 px"
    assert fake.violations.forgive() == [
        "sendVideo: Bad Request: there is no video in the request",
        "sendDocument: thumbnail ignored: 640×640, more than 320 px",
    ]


@ONE_BACKEND
def test_the_worker_delivers_a_video_version_as_a_video(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a quiet harbour --n 1"))
            await chat.idle()
            version, _ = await asyncio.to_thread(
                add_media_version, tg_runtime, video_mp4(), "video/mp4", seconds=1.0
            )
            await chat.idle()
            await chat.feed(tg.message(fake, GROUP, ALICE, "/version 2"))  # shown again
            posted = next(m for m in fake.messages.values() if "video" in m)
            approve = f"v1:approve:{version.id}"
            await chat.feed(tg.press(fake, GROUP, posted["message_id"], ALICE, approve))
            await chat.idle()
        caption = fake.messages[(GROUP, posted["message_id"])]["caption"]
        assert caption.startswith("🎬 "), "approved in place, still the video's caption"
        assert "✅ approved" in caption and "video" in fake.messages[(GROUP, posted["message_id"])]
        call, shown = fake.calls_of("sendVideo")
        for sent in (call, shown):
            assert sent.files["video"] == tg_runtime.storage.read(version.media_sha or "")
            assert sent.params["duration"] == 1 and "v2 of 2" in sent.params["caption"]
            check_thumbnail(sent)
        assert shown.files.names["video"] == "v2.mp4"  # type: ignore[attr-defined]
        assert len(fake.calls_of("sendPhoto")) == 1  # v1, the image

    asyncio.run(scenario())


@ONE_BACKEND
def test_voice_and_music_commands_arrive_as_a_voice_message_and_a_track(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/voice Ahoy, harbour pilot"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/music sea shanty --duration 5"))
            await chat.idle()
        [voice] = fake.calls_of("sendVoice")
        assert voice.files["voice"].startswith(b"OggS") and voice.params["duration"] >= 1
        assert voice.files.names["voice"] == "v1.ogg"  # type: ignore[attr-defined]
        [track] = fake.calls_of("sendAudio")
        assert track.files.names["audio"] == "v1.mp3" and track.params["duration"] == 5  # type: ignore[attr-defined]
        check_thumbnail(track)
        with tg_runtime.db.session() as session:
            shas = {v.media_mime: v.media_sha for v in session.exec(select(Version)).all()}
        assert voice.files["voice"] == tg_runtime.storage.read(shas["audio/ogg"] or "")
        assert track.files["audio"] == tg_runtime.storage.read(shas["audio/mpeg"] or "")

    asyncio.run(scenario())
