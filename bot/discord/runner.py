"""Entry points the CLI wires in: `run_discord` for `lightbox run`, `make_sink` for workers."""

from __future__ import annotations

import asyncio

import discord
import yarl

from bot.discord.app import make_bot
from bot.discord.settings import DEFAULT_API_BASE, DiscordSettings
from bot.discord.sink import DiscordSink
from core.errors import LightboxError
from core.ports import Storage
from core.settings import Settings
from workers.runtime import Runtime


def use_api_base(api_base: str) -> None:
    """Point discord.py's REST client at `api_base` (a local fake in tests)."""
    discord.http.Route.BASE = api_base.rstrip("/")


def use_gateway(url: str) -> None:
    """Connect the gateway websocket to `url` instead of Discord's (a local fake in tests)."""
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


def make_sink(
    settings: Settings, storage: Storage, discord_settings: DiscordSettings | None = None
) -> DiscordSink:
    """The worker-side sink for `Runtime(sinks={"discord": ...}, storage=storage)`."""
    ds = discord_settings or settings.discord
    if not settings.discord_token:
        raise LightboxError("LIGHTBOX_DISCORD_TOKEN is not set")
    return DiscordSink(
        settings.discord_token, ds.api_base, storage=storage, upload_limit=ds.upload_limit
    )


async def start_discord(
    settings: Settings, runtime: Runtime, discord_settings: DiscordSettings | None = None
) -> None:
    """Log in and run the gateway until the bot is closed."""
    ds = discord_settings or settings.discord
    if not settings.discord_token:
        raise LightboxError("LIGHTBOX_DISCORD_TOKEN is not set")
    if ds.api_base != DEFAULT_API_BASE:
        use_api_base(ds.api_base)
    if ds.gateway_url:
        use_gateway(ds.gateway_url)
    async with make_bot(runtime.studio, runtime.bindings, ds) as bot:
        try:
            await bot.start(settings.discord_token)
        except discord.ConnectionClosed as exc:
            raise refusal_of(exc) from exc


def run_discord(
    settings: Settings, runtime: Runtime, discord_settings: DiscordSettings | None = None
) -> None:
    """Blocking: run the Discord bot (Ctrl-C stops it)."""
    asyncio.run(start_discord(settings, runtime, discord_settings))


async def serve_discord(settings: Settings, runtime: Runtime, stop: asyncio.Event) -> None:
    """Run the bot beside other adapters until `stop` is set (then close the gateway)."""
    ds = settings.discord
    if not settings.discord_token:
        raise LightboxError("LIGHTBOX_DISCORD_TOKEN is not set")
    if ds.api_base != DEFAULT_API_BASE:
        use_api_base(ds.api_base)
    if ds.gateway_url:
        use_gateway(ds.gateway_url)
    async with make_bot(runtime.studio, runtime.bindings, ds) as bot:
        runner = asyncio.create_task(bot.start(settings.discord_token))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        await bot.close()
        stopper.cancel()
        failure = runner.exception() if runner.done() else None
        if isinstance(failure, discord.ConnectionClosed):
            raise refusal_of(failure) from failure
        if failure is not None:
            raise failure


GATEWAY_REFUSALS = {
    4004: "the token was refused (LIGHTBOX_DISCORD_TOKEN)",
    4010: "the shard settings are invalid (LIGHTBOX_DISCORD_SHARDS / LIGHTBOX_DISCORD_SHARD_IDS)",
    4011: "Discord requires sharding for a bot in this many servers: "
    "set LIGHTBOX_DISCORD_SHARDS=auto (or a count)",
    4013: "an intent in the settings is invalid",
}


def refusal_of(exc: discord.ConnectionClosed) -> Exception:
    """The gateway's close code in plain words for the operator (Discord's documented codes)."""
    reason = GATEWAY_REFUSALS.get(exc.code)
    if reason is None:
        return exc
    return LightboxError(f"Discord closed the gateway ({exc.code}): {reason}")
