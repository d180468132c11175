"""Credits on Discord: a gated model and an empty wallet are refused in the answer; /balance."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.discord.sink import DiscordSink
from core import credits
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.core.credit_fixtures import catalog
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World, answer_text, registered_commands
from workers.providers.local import LocalProvider
from workers.runtime import Runtime


@pytest.fixture
def paid_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"discord": sink},
        catalog=catalog(),
        providers={"local": LocalProvider()},
    )
    runtime.start_worker(threads=2, sweep_interval=None)
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


def test_gated_model_and_empty_wallet_are_refused_then_a_grant_lets_it_through(
    paid_world: World,
) -> None:
    world = paid_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            assert {"balance", "usage", "budget"} <= registered_commands(world)
            await world.send(world.command("project", p.option("name", "Paid"), sub="new"))
            gated = world.command(
                "imagine", p.option("prompt", "a fox"), p.option("model", "proonly")
            )
            text = answer_text(await world.send(gated))
            assert "available on plans: pro" in text and "your plan: free" in text
            paid = world.command("imagine", p.option("prompt", "a fox"), p.option("model", "paid"))
            text = answer_text(await world.send(paid))
            assert "not enough credits" in text and "costs 2" in text and "0 available" in text
            with world.runtime.db.session() as session:
                credits.grant(session, "discord:501", "5")
            again = world.command("imagine", p.option("prompt", "a fox"), p.option("model", "paid"))
            assert "queued v1" in answer_text(await world.send(again))
            await world.idle()
            balance = answer_text(await world.send(world.command("balance")))
            assert "💳 your wallet: 3 available (balance 3, 0 held" in balance
        finally:
            await world.close()

    asyncio.run(scenario())
