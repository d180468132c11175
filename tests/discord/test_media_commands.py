"""/animate and the 🎬 Animate button on Discord: an image version becomes a video version
posted into the card thread; the media commands are registered with their kinds' profiles."""

from __future__ import annotations

import asyncio

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
