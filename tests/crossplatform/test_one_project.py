"""One project, both platforms, through both fakes: a Discord project bound to a Telegram
group by an invite code; a card made on Telegram shows in the Discord feed; a linked person's
approval on Telegram is the Discord person's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest
from sqlmodel import select

from bot.discord.sink import DiscordSink
from bot.telegram.sink import TelegramSink
from core.models import User, Version
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World, answer_text
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, BOB, GROUP, last_text
from workers.runtime import Runtime


@pytest.fixture
def both(db_url: str, tmp_path: Path) -> Iterator[tuple[World, FakeBotApi]]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord_fake, telegram_fake = FakeDiscord().start(), FakeBotApi().start()
    images = LocalStorage(tmp_path / "data" / "images")
    discord_sink = DiscordSink(p.TOKEN, discord_fake.base, storage=images)
    telegram_sink = TelegramSink(TOKEN, telegram_fake.url, storage=images)
    sinks = {"discord": discord_sink, "telegram": telegram_sink}
    runtime = Runtime(make_settings(db_url, tmp_path / "data"), sinks=sinks)
    runtime.start_worker(threads=4, sweep_interval=None)
    yield World(discord_fake, runtime), telegram_fake
    runtime.stop()
    discord_sink.close()
    telegram_sink.close()
    discord_fake.stop()
    telegram_fake.stop()
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def code_in(text: str) -> str:
    return text.split(" code ", 1)[1].split()[0].rstrip(":")


def test_discord_project_bound_to_a_telegram_group(both: tuple[World, FakeBotApi]) -> None:
    world, fake = both
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Harbour"), sub="new"))
            invite = await world.send(world.command("project", sub="invite"))
            code = code_in(answer_text(invite))
            async with running(fake, world.runtime) as chat:
                await chat.feed(tg.message(fake, GROUP, ALICE, f"/project join {code}"))
                assert 'works in project "Harbour"' in last_text(fake)
                await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a lighthouse at dusk"))
                await chat.idle()
                feed = await world.send(world.command("feed"))
                assert "a lighthouse at dusk" in answer_text(feed)

                link = await world.send(world.command("link"))
                await chat.feed(tg.message(fake, GROUP, BOB, f"/link {code_in(answer_text(link))}"))
                assert "acts as" in last_text(fake)
                await chat.feed(tg.message(fake, GROUP, BOB, "/open 1"))
                await chat.feed(tg.message(fake, GROUP, BOB, "/approve"))
                assert "v1 ✅ approved" in last_text(fake)
            with world.runtime.db.session() as session:
                person = session.exec(select(User).where(User.platform == "discord")).one()
                version = session.exec(select(Version)).one()
                assert version.reviewed_by == person.id
                assert (
                    session.exec(
                        select(User).where(User.platform_user_id == str(BOB["id"]))
                    ).first()
                    is None
                )
        finally:
            await world.close()

    asyncio.run(scenario())
