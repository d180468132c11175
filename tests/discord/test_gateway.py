"""End to end: the bot connects through a fake gateway (HELLO, IDENTIFY → READY, dispatches)."""

from __future__ import annotations

import asyncio
import contextlib
import re

import pytest

from bot.discord.runner import make_sink, start_discord, use_gateway
from bot.discord.settings import DiscordSettings
from core.errors import LightboxError
from tests.discord import payloads as p
from tests.discord.harness import World, answer_text
from tests.waiting import settle_until


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


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the gateway is the subject
def test_a_sharded_bot_connects_each_shard_and_answers_on_every_one(world: World) -> None:
    """LIGHTBOX_DISCORD_SHARDS=auto: the count Discord recommends, one IDENTIFY per shard, and a
    guild's interactions arrive on its shard ((guild_id >> 22) % count)."""
    world.fake.recommended_shards = world.fake.required_shards = 2
    other_guild = (p.GUILD >> 22 ^ 1) << 22  # lands on the other shard

    async def scenario() -> None:
        settings = world.runtime.settings.model_copy(update={"discord_token": p.TOKEN})
        discord_settings = DiscordSettings(
            _env_file=None,  # type: ignore[call-arg]
            api_base=world.fake.base,
            guild_ids=[p.GUILD],
            shards="auto",
        )
        runner = asyncio.create_task(start_discord(settings, world.runtime, discord_settings))
        try:
            await settle_until(lambda: len(world.fake.identifies) == 2, "both shards", 20)
            assert sorted(world.fake.identifies) == [[0, 2], [1, 2]]
            for guild in (p.GUILD, other_guild):
                payload = world.command("help") | {"guild_id": str(guild)}
                world.fake.dispatch("INTERACTION_CREATE", payload)
                await world.answer_to(payload)
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner

    asyncio.run(scenario())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the gateway is the subject
def test_an_unsharded_bot_that_discord_refuses_says_how_to_shard(world: World) -> None:
    world.fake.required_shards = 2

    async def scenario() -> None:
        settings = world.runtime.settings.model_copy(update={"discord_token": p.TOKEN})
        discord_settings = DiscordSettings(
            _env_file=None,  # type: ignore[call-arg]
            api_base=world.fake.base,
            gateway_url=f"ws://127.0.0.1:{world.fake.port}/gateway-ws",
        )
        with pytest.raises(LightboxError, match="4011.*LIGHTBOX_DISCORD_SHARDS=auto"):
            await asyncio.wait_for(start_discord(settings, world.runtime, discord_settings), 20)

    asyncio.run(scenario())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("shards", "shard_ids", "words"),
    [
        ("many", [], "not a shard count: use auto or a number"),
        ("0", [], "not a shard count"),
        ("4", [4], "[4] outside 0 to 3"),
        ("auto", [0], "need a fixed LIGHTBOX_DISCORD_SHARDS count"),
        (None, [1], "LIGHTBOX_DISCORD_SHARD_IDS needs LIGHTBOX_DISCORD_SHARDS"),
    ],
)
def test_bad_shard_settings_are_named(
    world: World, shards: str | None, shard_ids: list[int], words: str
) -> None:
    from pydantic import ValidationError

    from bot.discord.app import make_bot

    with pytest.raises((ValidationError, LightboxError), match=re.escape(words)):
        ds = DiscordSettings(_env_file=None, shards=shards, shard_ids=shard_ids)  # type: ignore[call-arg]
        make_bot(world.runtime.studio, world.runtime.bindings, ds)
