"""🔍 Full size: previews carry a persistent button that sends the original when it fits."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.discord.sink import DiscordSink
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    is_ephemeral,
    open_card,
    version_id,
    versions_in,
)
from workers.runtime import Runtime

PREVIEW_LIMIT = 2000


@pytest.fixture
def preview_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    """A world whose worker may upload only 2000 bytes per file: every version is a preview."""
    sink = DiscordSink(
        p.TOKEN,
        fake.base,
        storage=LocalStorage(tmp_path / "data" / "images"),
        upload_limit=PREVIEW_LIMIT,
    )
    runtime = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"discord": sink})
    runtime.start_worker(threads=4, sweep_interval=None)
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


def test_full_size_sends_the_original_or_names_the_limit(preview_world: World) -> None:
    world = preview_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            message = versions_in(world, thread_id)[1]
            vid = version_id(message)
            assert "preview" in message["content"]
            assert custom_ids(message)[-1] == f"lbv:full:{vid}"
            [post] = world.fake.find("POST", rf"/channels/{thread_id}/messages")
            [(_field, filename, data)] = post.files
            assert filename == "v1-preview.jpg" and len(data) <= PREVIEW_LIMIT
            key = world.runtime.presenter.version_view(vid).image_sha
            assert key is not None
            original = world.runtime.storage.read(key)

            pressed = world.press(message, f"lbv:full:{vid}")
            answer = await world.send(pressed)
            assert world.callbacks(pressed)[0].body["type"] == 5
            assert is_ephemeral(answer) and "v1 full size" in answer_text(answer)
            [(_field, filename, data)] = answer.files
            assert filename == "v1.png" and data == original

            small = world.press(message, f"lbv:full:{vid}")
            small["attachment_size_limit"] = 1000
            answer = await world.send(small)
            size = len(original)
            assert answer_text(answer).startswith("⚠️") and is_ephemeral(answer)
            assert f"{size} bytes" in answer_text(answer) and "MiB" in answer_text(answer)
            assert not answer.files

            # Another project's member cannot fetch it with a copied button.
            other = world.command("project", p.option("name", "Other"), sub="new")
            other["channel_id"] = str(p.OTHER_CHANNEL)
            other["channel"] = p.text_channel(p.OTHER_CHANNEL)
            await world.send(other)
            forged = world.press(dict(message, channel_id=str(p.OTHER_CHANNEL)), f"lbv:full:{vid}")
            answer = await world.send(forged)
            assert answer_text(answer).startswith("⚠️") and not answer.files
            assert f"no version with id {vid}" in answer_text(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_version_picker_offers_full_size_for_a_preview(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            assert "lbv:full" not in " ".join(custom_ids(versions_in(world, thread_id)[1]))
            pick = world.press(world.fake.messages[thread_id], "lbs:view")
            pick["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["1"]}
            pick["attachment_size_limit"] = PREVIEW_LIMIT
            answer = await world.send(pick)
            ids = [c["custom_id"] for row in answer.body["components"] for c in row["components"]]
            assert ids[-1].startswith("lbv:full:")
        finally:
            await world.close()

    asyncio.run(scenario())
