"""Video, audio and 3D versions through DiscordSink on the fake Discord: attachments Discord plays
inline (name and content type), a 3D model beside its poster, an edit of a text into a video,
shrunk or linked when over the per-file limit, never silently dropped."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.discord.sink import DiscordSink
from core.media import AUDIO, MODEL3D, VIDEO
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.delivery_media import add_media_version, approved, audio, glb, media_view, video_mp4
from tests.discord import payloads as p
from tests.discord.fake_discord import Call, FakeDiscord
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    is_ephemeral,
    open_card,
    versions_in,
)
from workers.runtime import Runtime

THREAD = 1300000000000000077
FULL = "lbv:full:7"
ONE_BACKEND = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
"""Delivery is adapter work: one database backend is enough (core runs on both elsewhere)."""


@pytest.fixture
def thread_fake(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    fake.channels[THREAD] = p.thread_channel(THREAD, p.CHANNEL, "harbour at dusk")
    yield fake


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "data")


def sink_for(fake: FakeDiscord, storage: LocalStorage, limit: int | None = None) -> DiscordSink:
    """A sink (and a fake) whose per-file limit is `limit` instead of 10 MiB."""
    if limit is None:
        return DiscordSink(p.TOKEN, fake.base, storage=storage)
    fake.uploads.file_limit = limit
    return DiscordSink(p.TOKEN, fake.base, storage=storage, upload_limit=limit)


def posted(fake: FakeDiscord) -> tuple[Call, dict[str, Any]]:
    [call] = fake.find("POST", rf"/channels/{THREAD}/messages")
    [message] = fake.thread_messages(THREAD)
    return call, message


def test_a_1080p_video_is_an_mp4_attachment_discord_plays(
    thread_fake: FakeDiscord, storage: LocalStorage
) -> None:
    view = media_view(storage, video_mp4(), "video/mp4", kind=VIDEO, seconds=1.0)
    sink = sink_for(thread_fake, storage)
    try:
        sink.post(view, str(THREAD), None)
    finally:
        sink.close()
    call, message = posted(thread_fake)
    [(_field, name, data)] = call.files
    assert (name, call.content_types) == ("v1.mp4", ["video/mp4"])
    assert data == storage.read(view.media_sha or "")
    assert call.body["attachments"] == [{"id": 0, "filename": "v1.mp4"}]
    assert message["attachments"][0]["content_type"] == "video/mp4"
    assert FULL not in custom_ids(message) and "lbv:approve:7" in custom_ids(message)


@pytest.mark.parametrize(
    ("mime", "name"),
    [
        ("audio/mpeg", "v1.mp3"),
        ("audio/mp4", "v1.m4a"),
        ("audio/ogg", "v1.ogg"),
        ("audio/wav", "v1.wav"),
        ("audio/flac", "v1.flac"),
    ],
)
def test_audio_is_an_attachment_with_its_own_type(
    thread_fake: FakeDiscord, storage: LocalStorage, mime: str, name: str
) -> None:
    view = media_view(storage, audio(mime), mime, kind=AUDIO, size=(1200, 400), seconds=1.0)
    sink = sink_for(thread_fake, storage)
    try:
        sink.post(view, str(THREAD), None)
    finally:
        sink.close()
    call, _message = posted(thread_fake)
    [(_field, filename, data)] = call.files
    assert (filename, call.content_types) == (name, [mime])
    assert data == storage.read(view.media_sha or "")


def test_a_3d_model_goes_beside_its_poster(thread_fake: FakeDiscord, storage: LocalStorage) -> None:
    view = media_view(storage, glb(), "model/gltf-binary", kind=MODEL3D, size=(1024, 1024))
    sink = sink_for(thread_fake, storage)
    try:
        sink.post(view, str(THREAD), None)
    finally:
        sink.close()
    call, message = posted(thread_fake)
    names = [f[1] for f in call.files]
    assert names == ["v1-poster.png", "v1.glb"]
    assert call.content_types == ["image/png", "model/gltf-binary"]
    assert call.files[1][2] == storage.read(view.media_sha or "")
    assert call.files[0][2] == storage.read(view.image_sha or "")
    assert [a["filename"] for a in message["attachments"]] == names


def test_a_text_message_gets_the_video_on_edit_and_keeps_it_on_review(
    thread_fake: FakeDiscord, storage: LocalStorage
) -> None:
    view = media_view(storage, video_mp4(640, 360), "video/mp4", kind=VIDEO, size=(640, 360))
    sink = sink_for(thread_fake, storage)
    try:
        first = sink.post(replace(view, media_sha=None, image_sha=None), str(THREAD), None)
        assert sink.post(view, str(THREAD), first) == first
        sink.post(approved(view), str(THREAD), first)
    finally:
        sink.close()
    edits = thread_fake.find("PATCH", rf"/channels/{THREAD}/messages/{first}")
    assert [bool(e.files) for e in edits] == [False, True, False]
    assert edits[1].files[0][1:] == ("v1.mp4", storage.read(view.media_sha or ""))
    [message] = thread_fake.thread_messages(THREAD)
    assert [a["filename"] for a in message["attachments"]] == ["v1.mp4"]
    assert "✅ approved" in message["content"]


def test_a_video_over_the_limit_is_shrunk_with_full_size(
    thread_fake: FakeDiscord, storage: LocalStorage
) -> None:
    original = video_mp4()
    view = media_view(storage, original, "video/mp4", kind=VIDEO, seconds=1.0)
    limit = len(original) * 3 // 4
    sink = sink_for(thread_fake, storage, limit)
    try:
        sink.post(view, str(THREAD), None)
    finally:
        sink.close()
    call, message = posted(thread_fake)
    [(_field, name, data)] = call.files
    assert name == "v1-shrunk.mp4" and len(data) <= limit and data != original
    assert "shrunk to fit Discord's" in message["content"]
    assert "🔍 Full size for the original" in message["content"]
    assert custom_ids(message)[-1] == FULL


@pytest.mark.parametrize("kind", [VIDEO, AUDIO, MODEL3D])
def test_a_file_too_large_for_discord_is_never_dropped(
    thread_fake: FakeDiscord, storage: LocalStorage, kind: str
) -> None:
    """Over a 4 KiB limit and not shrinkable: the poster, the size, the limit, Full size."""
    data, mime = {
        VIDEO: (video_mp4(640, 360), "video/mp4"),
        AUDIO: (audio("audio/mpeg"), "audio/mpeg"),
        MODEL3D: (glb(8000), "model/gltf-binary"),
    }[kind]
    view = media_view(storage, data, mime, kind=kind, size=(320, 180))
    sink = sink_for(thread_fake, storage, 4096)
    try:
        first = sink.post(view, str(THREAD), None)
        sink.post(approved(view), str(THREAD), first)
    finally:
        sink.close()
    call, message = posted(thread_fake)
    assert [f[1] for f in call.files] == ["v1-poster.png"]
    assert "more than Discord takes here (4 KiB)" in message["content"]
    assert "🔍 Full size tries to send the original" in message["content"]
    assert "✅ approved" in message["content"] and custom_ids(message)[-1] == FULL


def test_the_fake_refuses_a_file_over_the_limit_like_discord(thread_fake: FakeDiscord) -> None:
    thread_fake.uploads.file_limit = 1000
    payload = {"content": "x", "attachments": [{"id": 0, "filename": "v1.mp4"}]}
    with httpx.Client(headers={"Authorization": f"Bot {p.TOKEN}"}) as client:
        answer = client.post(
            f"{thread_fake.base}/channels/{THREAD}/messages",
            data={"payload_json": json.dumps(payload)},
            files={"files[0]": ("v1.mp4", bytes(1001), "video/mp4")},
        )
    assert answer.status_code == 413
    assert answer.json() == {"message": "Request entity too large", "code": 40005}
    assert not thread_fake.thread_messages(THREAD)


@pytest.fixture
def small_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    """A world whose worker may upload 3/4 of the 1080p clip per file (a 10 MiB stand-in)."""
    limit = len(video_mp4()) * 3 // 4
    storage = LocalStorage(tmp_path / "data" / "images")
    sink = DiscordSink(p.TOKEN, fake.base, storage=storage, upload_limit=limit)
    fake.uploads.file_limit = limit
    runtime = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"discord": sink})
    runtime.start_worker(threads=2, sweep_interval=None)
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


@ONE_BACKEND
def test_the_worker_delivers_a_shrunk_video_and_full_size_sends_the_original(
    small_world: World,
) -> None:
    world = small_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            original = video_mp4()
            version, _ = await asyncio.to_thread(
                add_media_version, world.runtime, original, "video/mp4", seconds=1.0
            )
            await world.idle()
            message = versions_in(world, thread_id)[2]
            [post] = [
                c
                for c in world.fake.find("POST", rf"/channels/{thread_id}/messages")
                if c.files and c.files[0][1].endswith(".mp4")
            ]
            [(_field, name, data)] = post.files
            assert name == "v2-shrunk.mp4" and len(data) < len(original)
            assert "shrunk to fit Discord's" in message["content"]
            full = f"lbv:full:{version.id}"
            assert custom_ids(message)[-1] == full

            answer = await world.send(world.press(message, full))
            assert is_ephemeral(answer) and "v2 full size" in answer_text(answer)
            [(_field, name, data)] = answer.files
            assert name == "v2.mp4" and data == original

            # ✅ Approve re-renders the caption in place; the shrunk note stays under it.
            before = message["content"]
            await world.send(world.press(message, f"lbv:approve:{version.id}"))
            caption, note = versions_in(world, thread_id)[2]["content"].split("\n", 1)
            assert "✅ approved" in caption and "✅" not in before
            assert note == before.split("\n", 1)[1] and note.startswith("(shrunk to fit Discord's")

            # Viewed again through the header's picker: the file itself where it fits.
            for limit, shown in ((len(original), "v2.mp4"), (4096, "v2-preview.jpg")):
                pick = world.press(world.fake.messages[thread_id], "lbs:view")
                pick["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["2"]}
                pick["attachment_size_limit"] = limit
                world.fake.uploads.interaction_file_limit = limit
                answer = await world.send(pick)
                assert [f[1] for f in answer.files] == [shown]
                ids = [c["custom_id"] for r in answer.body["components"] for c in r["components"]]
                assert (ids[-1] == full) == (limit == 4096), "🔍 Full size under the poster"
        finally:
            await world.close()

    asyncio.run(scenario())


@ONE_BACKEND
def test_3d_of_an_image_arrives_as_its_render_beside_the_glb(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, prompt="a harbour at dawn", count=1)
            answer = await world.send(world.command("3d", p.option("version", 1)))
            assert "queued v2" in answer_text(answer), answer_text(answer)
            await world.idle()
            model = versions_in(world, thread_id)[2]
            [post] = [
                c
                for c in world.fake.find("POST", rf"/channels/{thread_id}/messages")
                if any(f[1] == "v2.glb" for f in c.files)
            ]
            assert [f[1] for f in post.files] == ["v2-poster.png", "v2.glb"]
            assert post.content_types == ["image/png", "model/gltf-binary"]
            assert post.files[1][2].startswith(b"glTF")
            kinds = [a["content_type"] for a in model["attachments"]]
            assert kinds == ["image/png", "model/gltf-binary"]
        finally:
            await world.close()

    asyncio.run(scenario())
