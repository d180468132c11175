"""/animate and the 🎬 Animate button on Discord: an image version becomes a video version
posted into the card thread; the media commands are registered with their kinds' profiles."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import col, select

from core.models import Version
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    open_card,
    registered_commands,
    version_id,
    versions_in,
)
from tests.discord.test_models_autocomplete import suggest


def test_animate_by_command_and_by_button(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            assert {"video", "animate", "music", "voice", "3d"} <= registered_commands(world)
            thread_id = await open_card(world, prompt="a harbour at dawn", count=1)
            image = versions_in(world, thread_id)[1]
            vid = version_id(image)
            assert f"lbv:animate:{vid}" in custom_ids(image)
            assert f"lbv:to3d:{vid}" in custom_ids(image)

            refused = await world.send(
                world.command("animate", p.option("version", 1), p.option("duration", "7"))
            )
            assert "makes clips of 2, 5, 10 seconds, not 7" in answer_text(refused)
            payload = world.command(
                "animate", p.option("version", 1), p.option("motion", "slow push in")
            )
            answer = await world.send(payload)
            assert "🎬 Animate: queued v2 from v1" in answer_text(answer)
            assert "motion: slow push in" in answer_text(answer)
            await world.idle()
            video = versions_in(world, thread_id)[2]
            assert "🎬 video · 2.0 s · animate of v1" in video["content"]
            assert f"lbv:animate:{version_id(video)}" not in custom_ids(video)  # images only

            pressed = await world.send(world.press(image, f"lbv:animate:{vid}"))
            assert "queued v3 from v1" in answer_text(pressed)
            await world.idle()
            assert "🎬 video" in versions_in(world, thread_id)[3]["content"]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_media_options_autocomplete_from_the_kinds_profiles(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            line = p.option("line", "Ahoy")
            voices = await suggest(world, "voice", line, focused("voice", "r"))
            assert voices == [("narrator", "narrator"), ("bright", "bright")]
            lengths = await suggest(world, "music", p.option("prompt", "rain"), focused("duration"))
            assert lengths == [("5 s", "5"), ("10 s", "10"), ("30 s", "30")]
            models = await suggest(world, "animate", focused("model"))
            assert models == [("local video preview (local-video)", "local-video")]
        finally:
            await world.close()

    asyncio.run(scenario())


def focused(name: str, typed: str = "") -> dict[str, Any]:
    return p.option(name, typed) | {"focused": True}


def test_new_on_a_voice_card_keeps_or_changes_its_voice(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(
                world.command("voice", p.option("line", "Ahoy"), p.option("voice", "deep"))
            )
            again = await world.send(world.command("new"))
            assert "queued v2" in answer_text(again)
            refused = await world.send(world.command("new", p.option("duration", "5")))
            assert "local voice preview has no duration choice" in answer_text(refused)
            changed = await world.send(world.command("new", p.option("voice", "bright")))
            assert "queued v3" in answer_text(changed)
            await world.idle()
            voices = await asyncio.to_thread(_voices, world)
            assert voices == ["deep", "deep", "bright"]
        finally:
            await world.close()

    asyncio.run(scenario())


def _voices(world: World) -> list[str]:
    with world.runtime.db.session() as session:
        found = session.exec(select(Version).order_by(col(Version.number))).all()
        return [v.op_params.get("voice", "") for v in found]
