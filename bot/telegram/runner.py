"""Runs the Telegram adapter: long polling by default, a webhook when one is configured."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram.ext import Application

from bot.telegram.app import ALLOWED_UPDATES, build_application, register_commands
from bot.telegram.settings import TelegramSettings
from bot.telegram.sink import TelegramSink
from bot.telegram.webhook import serve_webhook
from core.errors import LightboxError
from core.ports import Storage
from core.seen_updates import seen_updates_for
from core.settings import Settings
from workers.runtime import Runtime

log = logging.getLogger(__name__)


def token_of(settings: Settings, tg: TelegramSettings | None = None) -> str:
    token = settings.telegram_token or (tg or settings.telegram).token
    if not token:
        raise LightboxError("LIGHTBOX_TELEGRAM_TOKEN is not set; get a token from @BotFather")
    return token


def make_sink(settings: Settings, storage: Storage) -> TelegramSink:
    """The worker-side sink, for `Runtime(settings, sinks={"telegram": ...}, storage=storage)`."""
    tg = settings.telegram
    return TelegramSink(token_of(settings, tg), tg.base_url, storage=storage)


def run_telegram(settings: Settings, runtime: Runtime) -> None:
    """Serve Telegram until SIGINT/SIGTERM (the runtime's workers deliver through the sink)."""
    asyncio.run(serve_telegram(settings, runtime))


async def serve_telegram(
    settings: Settings, runtime: Runtime, stop: asyncio.Event | None = None
) -> None:
    """The async form, to run beside other adapters in one event loop."""
    tg = settings.telegram
    app = build_application(
        token_of(settings, tg),
        runtime.studio,
        runtime.bindings,
        base_url=tg.base_url,
        answer_budget=tg.answer_budget_seconds,
        rate_limit=True,
    )
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    if tg.webhook_url:
        seen = seen_updates_for(settings.redis_url, runtime.namespace)
        try:
            await serve_webhook(app, tg, stop, seen)
        finally:
            await seen.close()
    else:
        await serve_polling(app, stop)


async def serve_polling(app: Application, stop: asyncio.Event, timeout: int = 30) -> None:
    """Long-poll getUpdates (PTB removes a webhook first) until `stop` is set."""
    async with app:
        await app.start()
        await register_commands(app)
        assert app.updater is not None
        await app.updater.start_polling(timeout=timeout, allowed_updates=ALLOWED_UPDATES)
        log.info("telegram long polling started")
        try:
            await stop.wait()
        finally:
            await app.updater.stop()
            await app.stop()
