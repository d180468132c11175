"""Isolation in `lightbox run`: a malformed Discord event, a Telegram outage and crashes stay local.

Both adapters run in one real `lightbox run` process against the fake Discord (REST + gateway)
and the fake Telegram Bot API; the fakes are used as they are, through their public helpers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from tests.bot.test_run_adapters import REPO, until
from tests.conftest import wipe
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.telegram import fake_updates as tg
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, texts

# discord.py refuses this INTERACTION_CREATE while parsing it (no application_id, no data).
MALFORMED = {"id": "1300000000000009999", "type": 2, "token": "broken", "guild_id": str(p.GUILD)}


def help_command() -> dict[str, Any]:
    channel = p.text_channel(p.CHANNEL)
    return p.interaction(2, p.slash("help", []), channel=channel, user_id=501, admin=True)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeDiscord, FakeBotApi]]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    fake_discord = FakeDiscord().start()
    fake_telegram = FakeBotApi().start()
    fake_telegram.add_chat(GROUP, "group")
    try:
        yield fake_discord, fake_telegram
    finally:
        fake_telegram.stop()
        fake_discord.stop()
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def run_both(db_url: str, tmp_path: Path, fd: FakeDiscord, ft: FakeBotApi) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env.update(
        LIGHTBOX_DATABASE_URL=db_url,
        LIGHTBOX_DATA_DIR=str(tmp_path),
        LIGHTBOX_TELEGRAM_TOKEN=TOKEN,
        LIGHTBOX_TELEGRAM_BASE_URL=ft.url,
        LIGHTBOX_DISCORD_TOKEN=p.TOKEN,
        LIGHTBOX_DISCORD_API_BASE=fd.base,
        LIGHTBOX_DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{fd.port}/gateway-ws",
        LIGHTBOX_DISCORD_GUILD_IDS=f"[{p.GUILD}]",
        PYTHONPATH=str(REPO),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def sqlite_url(migrated: dict[str, str]) -> str:
    wipe(migrated["sqlite"])
    return migrated["sqlite"]


def test_a_malformed_discord_interaction_does_not_stop_run_or_telegram(
    sqlite_url: str, tmp_path: Path, fakes: tuple[FakeDiscord, FakeBotApi]
) -> None:
    fd, ft = fakes
    proc = run_both(sqlite_url, tmp_path, fd, ft)
    try:
        until(fd.identified.is_set, proc)
        fd.dispatch("INTERACTION_CREATE", MALFORMED)
        answered = help_command()
        fd.dispatch("INTERACTION_CREATE", answered)
        token = answered["token"]
        until(lambda: bool(fd.find("POST", rf"/interactions/\d+/{token}/callback")), proc)
        ft.push_update(tg.message(ft, GROUP, ALICE, "/project new Team art"))
        until(lambda: any("Team art" in t for t in texts(ft)), proc)

        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "dropped a Discord INTERACTION_CREATE event" in err
        assert "id='1300000000000009999'" in err and f"guild_id='{p.GUILD}'" in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_a_telegram_outage_restarts_telegram_with_backoff_while_discord_serves(
    sqlite_url: str, tmp_path: Path, fakes: tuple[FakeDiscord, FakeBotApi]
) -> None:
    fd, ft = fakes
    for _ in range(2):  # Telegram is down when the process starts: getMe answers 502 twice
        ft.fail("getMe", 502, "Bad Gateway")
    proc = run_both(sqlite_url, tmp_path, fd, ft)
    try:
        until(fd.identified.is_set, proc)
        answered = help_command()
        fd.dispatch("INTERACTION_CREATE", answered)
        token = answered["token"]
        until(lambda: bool(fd.find("POST", rf"/interactions/\d+/{token}/callback")), proc)

        # Telegram came back after its outage (restarted with backoff) and serves.
        ft.push_update(tg.message(ft, GROUP, ALICE, "/project new Team art"))
        until(lambda: any("Team art" in t for t in texts(ft)), proc)
        assert len(ft.calls_of("getMe")) >= 3

        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert err.count("the telegram adapter crashed (NetworkError: Bad Gateway)") == 2
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
