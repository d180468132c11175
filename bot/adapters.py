"""Which chat adapters this instance runs: their worker-side sinks and their serving loops."""

from __future__ import annotations

import asyncio
import functools
import signal
from collections.abc import Awaitable, Callable

from bot.supervisor import supervise
from core.ports import DeliverySink, Storage
from core.settings import Settings
from workers.runtime import Runtime

Serve = Callable[[Settings, Runtime, asyncio.Event], Awaitable[None]]


def configured(settings: Settings) -> list[str]:
    """The platforms whose tokens are set."""
    found = []
    if settings.discord_token:
        found.append("discord")
    if settings.telegram_token:
        found.append("telegram")
    return found


def sinks_for(settings: Settings, storage: Storage) -> dict[str, DeliverySink]:
    """Worker-side delivery sinks for every configured platform (REST only, no gateway),
    reading images from `storage` (the runtime's own)."""
    sinks: dict[str, DeliverySink] = {}
    for platform in configured(settings):
        if platform == "telegram":
            from bot.telegram.runner import make_sink

            sinks["telegram"] = make_sink(settings, storage)
        elif platform == "discord":
            from bot.discord.runner import make_sink as make_discord_sink

            sinks["discord"] = make_discord_sink(settings, storage)
    return sinks


def servers_for(settings: Settings) -> dict[str, Serve]:
    serves: dict[str, Serve] = {}
    for platform in configured(settings):
        if platform == "telegram":
            from bot.telegram.runner import serve_telegram

            serves[platform] = serve_telegram
        elif platform == "discord":
            from bot.discord.runner import serve_discord

            serves[platform] = serve_discord
    return serves


async def serve_all(settings: Settings, runtime: Runtime) -> None:
    """Run every configured adapter in one event loop until SIGINT/SIGTERM.

    Each adapter is supervised on its own: one that crashes is restarted with backoff while the
    others keep serving.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await asyncio.gather(
        *(
            supervise(name, functools.partial(serve, settings, runtime, stop), stop)
            for name, serve in servers_for(settings).items()
        )
    )
