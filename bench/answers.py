"""Part 3: update received → first platform call answering it (Telegram and Discord)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import TINY_PNG, ZeroProvider, bench_settings
from core.model_profiles import catalog_for
from core.ports import DeliverySink
from workers.runtime import Runtime

TELEGRAM_ACTIONS = (
    ("/help", "command → sendMessage"),
    ("approve", "button → answerCallbackQuery"),
    ("reject", "button → answerCallbackQuery"),
)
DISCORD_ACTIONS = (
    ("/help", "slash → callback (type 4 message)"),
    ("/queue", "slash → callback (type 5 deferral)"),
    ("approve", "button → callback (type 5 deferral)"),
    ("reject", "button → callback (type 5 deferral)"),
)


@dataclass
class AnswerTimes:
    """Seconds from receiving each update to its first answering call reaching the fake."""

    platform: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def add(self, name: str, seconds: float | None) -> None:
        if seconds is None:
            self.missing[name] = self.missing.get(name, 0) + 1
        else:
            self.samples.setdefault(name, []).append(seconds)


class StampedCalls(list[Any]):
    """A fake server's call list that also notes when (time.monotonic) each call arrived."""

    def __init__(self, existing: list[Any]) -> None:
        super().__init__(existing)
        self.lock = threading.Lock()
        self.stamps: list[float] = [0.0] * len(existing)

    def append(self, call: Any) -> None:
        at = time.monotonic()
        with self.lock:
            self.stamps.append(at)
            super().append(call)

    def first_after(self, index: int, match: Any) -> float | None:
        """When the first call at or after `index` satisfying `match(call)` arrived."""
        with self.lock:
            for position in range(index, len(self)):
                if match(self[position]):
                    return self.stamps[position]
        return None


def chat_runtime(url: str, data_dir: Path, sinks: dict[str, DeliverySink]) -> Runtime:
    """An embedded runtime (in-process broker) that delivers versions through `sinks`."""
    rt = Runtime(
        bench_settings(url, data_dir, redis_url=None),
        sinks=sinks,
        providers={"local": ZeroProvider(TINY_PNG)},
        catalog=catalog_for(None),
    )
    rt.migrate()
    rt.start_worker(threads=4, sweep_interval=None)
    return rt


def run_telegram(url: str, data_dir: Path, *, iterations: int, warmup: int) -> AnswerTimes:
    """`/help` and version button presses fed to `Application.process_update`."""
    from bot.telegram.sink import TelegramSink
    from tests.telegram.fake_api import TOKEN, FakeBotApi

    fake = FakeBotApi().start()
    sink = TelegramSink(TOKEN, fake.url)
    result = AnswerTimes("telegram")
    try:
        rt = chat_runtime(url, data_dir, {"telegram": sink})
        try:
            asyncio.run(_telegram(fake, rt, result, iterations=iterations, warmup=warmup))
        finally:
            rt.stop()
    except Exception as exc:  # noqa: BLE001 - reported in the table, the rest of the bench runs
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        sink.close()
        fake.stop()
    return result


async def _telegram(
    fake: Any, rt: Runtime, result: AnswerTimes, *, iterations: int, warmup: int
) -> None:
    from telegram import Update

    from tests.telegram import fake_updates as tg
    from tests.telegram.conftest import running
    from tests.telegram.helpers import ALICE, GROUP, button, version_message

    fake.add_chat(GROUP, "group")
    calls = StampedCalls(fake.calls)
    fake.calls = calls
    async with running(fake, rt) as chat:
        await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Bench"))
        await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a lighthouse at dusk --n 1"))
        await chat.idle()
        shown = version_message(fake, GROUP, 1)
        presses = {name: button(shown, name) for name in ("approve", "reject")}

        async def timed(name: str, data: dict[str, Any], index: int) -> None:
            update = Update.de_json(data, chat.app.bot)
            if "callback_query" in data:
                query = data["callback_query"]["id"]

                def match(call: Any) -> bool:
                    return call.method == "answerCallbackQuery" and (
                        str(call.params.get("callback_query_id")) == query
                    )
            else:

                def match(call: Any) -> bool:
                    return call.method == "sendMessage" and call.params.get("chat_id") == GROUP

            first = len(calls)
            start = time.monotonic()
            await chat.app.process_update(update)
            at = calls.first_after(first, match)
            if index >= warmup:
                result.add(name, None if at is None else at - start)

        for i in range(warmup + iterations):
            await timed("/help", tg.message(fake, GROUP, ALICE, "/help"), i)
            for name, data in presses.items():  # approve, then reject: each press changes it
                update = tg.press(fake, GROUP, shown["message_id"], ALICE, data)
                await timed(name, update, i)


def run_discord(url: str, data_dir: Path, *, iterations: int, warmup: int) -> AnswerTimes:
    """Slash commands and a version button fed to `parse_interaction_create`."""
    import discord

    from bot.discord.sink import DiscordSink
    from tests.discord import payloads as p
    from tests.discord.fake_discord import FakeDiscord

    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    quiet = logging.getLogger("discord")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "voice will NOT be supported" and similar start-up notes
    fake = FakeDiscord().start()
    sink = DiscordSink(p.TOKEN, fake.base)
    result = AnswerTimes("discord")
    try:
        rt = chat_runtime(url, data_dir, {"discord": sink})
        try:
            asyncio.run(_discord(fake, rt, result, iterations=iterations, warmup=warmup))
        finally:
            rt.stop()
    except Exception as exc:  # noqa: BLE001 - reported in the table, the rest of the bench runs
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        sink.close()
        fake.stop()
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
        quiet.setLevel(level)
    return result


async def _discord(
    fake: Any, rt: Runtime, result: AnswerTimes, *, iterations: int, warmup: int
) -> None:
    from tests.discord.harness import World, open_card, version_id, versions_in

    calls = StampedCalls(fake.calls)
    fake.calls = calls
    world = World(fake, rt)
    bot = await world.start_bot()
    try:
        thread_id = await open_card(world, "a lighthouse at dusk", count=1)
        shown = versions_in(world, thread_id)[1]
        vid = version_id(shown)

        async def timed(name: str, payload: dict[str, Any], index: int) -> None:
            path = f"/interactions/{payload['id']}/{payload['token']}/callback"

            def match(call: Any) -> bool:
                return call.method == "POST" and call.path == path

            first = len(calls)
            start = time.monotonic()
            bot._connection.parse_interaction_create(payload)
            await world.answer_to(payload)  # the final answer: the next one starts clean
            at = calls.first_after(first, match)
            if index >= warmup:
                result.add(name, None if at is None else at - start)

        for i in range(warmup + iterations):
            await timed("/help", world.command("help"), i)
            await timed("/queue", world.command("queue"), i)
            await timed("approve", world.press(shown, f"lbv:approve:{vid}"), i)
            await timed("reject", world.press(shown, f"lbv:reject:{vid}"), i)
    finally:
        await world.close()
