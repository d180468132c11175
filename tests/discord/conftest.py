"""Fixtures for the Discord adapter tests: the fake Discord API and a world around it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from bot.discord.sink import DiscordSink
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World
from workers.runtime import Runtime


@pytest.fixture
def fake() -> Iterator[FakeDiscord]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    server = FakeDiscord().start()
    yield server
    server.stop()
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    # Every request the bot made was checked against Discord's OpenAPI spec as it arrived.
    server.violations.check()


@pytest.fixture
def world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    runtime = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"discord": sink})
    runtime.start_worker(threads=4, sweep_interval=None)
    yield World(fake, runtime)
    runtime.stop()
    sink.close()
