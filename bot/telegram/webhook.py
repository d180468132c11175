"""The webhook server: setWebhook with a secret token, then an aiohttp endpoint feeding PTB."""

from __future__ import annotations

import asyncio
import hmac
import logging
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.telegram.app import ALLOWED_UPDATES, register_commands
from bot.telegram.settings import TelegramSettings
from core.errors import LightboxError
from core.seen_updates import MemorySeen, SeenUpdates

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"


def webhook_path(url: str) -> str:
    """The path Telegram posts to: the URL's own path, or `/telegram` when it has none."""
    return urlsplit(url).path.rstrip("/") or WEBHOOK_PATH


def webhook_app(
    app: Application, secret: str, path: str = WEBHOOK_PATH, seen: SeenUpdates | None = None
) -> web.Application:
    """Takes Telegram's POSTs; a wrong or missing secret token gets 403 and is not processed.

    An update that reaches this or another bot process twice (Telegram retries one it saw no
    answer to; a load balancer may send the retry elsewhere) is answered 200 and not processed
    again: `seen` decides, shared over Redis when there is one.
    """
    seen = seen or MemorySeen()
    bot_id = app.bot.token.split(":", 1)[0]

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="wrong secret token")
        try:
            update = Update.de_json(await request.json(), app.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="not an update")
        if not await seen.first(f"telegram:{bot_id}:{update.update_id}"):
            log.info("telegram update %s arrived again; handled once already", update.update_id)
            return web.Response(text="ok")
        await app.update_queue.put(update)
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post(path, receive)
    return web_app


async def serve_webhook(
    app: Application, tg: TelegramSettings, stop: asyncio.Event, seen: SeenUpdates | None = None
) -> None:
    """setWebhook (with the secret token) and serve its path until `stop` is set."""
    if not tg.webhook_url or not tg.webhook_secret:
        raise LightboxError(
            "LIGHTBOX_TELEGRAM_WEBHOOK_SECRET must be set with LIGHTBOX_TELEGRAM_WEBHOOK_URL"
        )
    url, path = tg.webhook_url, webhook_path(tg.webhook_url)
    if not urlsplit(url).path.strip("/"):
        url = url.rstrip("/") + path
    runner = web.AppRunner(webhook_app(app, tg.webhook_secret, path, seen))
    async with app:
        await app.start()
        await register_commands(app)
        await app.bot.set_webhook(
            url, secret_token=tg.webhook_secret, allowed_updates=ALLOWED_UPDATES
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, tg.webhook_listen, tg.webhook_port).start()
            log.info("telegram webhook on %s:%s%s", tg.webhook_listen, tg.webhook_port, path)
            await stop.wait()
        finally:
            await runner.cleanup()
            await app.stop()
