"""End to end: the bot connects through a fake gateway (HELLO, IDENTIFY → READY, dispatches)."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.discord.runner import make_sink, start_discord, use_gateway
from bot.discord.settings import DiscordSettings
from core.errors import LightboxError
from tests.discord import payloads as p
from tests.discord.harness import World, answer_text


def test_bot_answers_interactions_arriving_over_the_gateway(world: World) -> None:
    async def scenario() -> None:
        use_gateway(f"ws://127.0.0.1:{world.fake.port}/gateway-ws")
        bot = await world.start_bot()
        runner = asyncio.create_task(bot.connect(reconnect=False))
        try:
            assert await asyncio.to_thread(world.fake.identified.wait, 10)
            payload = world.command("project", p.option("name", "Gateway"), sub="new")
            world.fake.dispatch("INTERACTION_CREATE", payload)
            answer = await world.answer_to(payload)
            assert 'project "Gateway" created' in answer_text(answer)
            [deferral] = world.callbacks(payload)
            assert deferral.body["type"] == 5
        finally:
            await world.close()
            await asyncio.wait_for(runner, 10)

    asyncio.run(scenario())


def test_start_discord_runs_the_bot_the_cli_starts(world: World) -> None:
    async def scenario() -> None:
        settings = world.runtime.settings.model_copy(update={"discord_token": p.TOKEN})
        gateway = f"ws://127.0.0.1:{world.fake.port}/gateway-ws"
        discord_settings = DiscordSettings(
            _env_file=None,  # type: ignore[call-arg]
            api_base=world.fake.base,
            gateway_url=gateway,
            guild_ids=[p.GUILD],
        )
        runner = asyncio.create_task(start_discord(settings, world.runtime, discord_settings))
        try:
            assert await asyncio.to_thread(world.fake.identified.wait, 10)
            payload = world.command("help")
            world.fake.dispatch("INTERACTION_CREATE", payload)
            await world.answer_to(payload)
            # the help's first part is the callback (longer help: follow-ups may come first)
            [first] = [c for c in world.callbacks(payload) if c.body.get("type") == 4]
            assert "/imagine" in answer_text(first)
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner

    asyncio.run(scenario())


def test_make_sink_needs_the_token(world: World) -> None:
    with pytest.raises(LightboxError, match="LIGHTBOX_DISCORD_TOKEN"):
        make_sink(world.runtime.settings, world.runtime.storage)
    sink = make_sink(
        world.runtime.settings.model_copy(update={"discord_token": p.TOKEN}),
        world.runtime.storage,
    )
    assert sink.platform == "discord" and sink.upload_limit == 10 * 1024 * 1024
    sink.close()
