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

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"


def webhook_path(url: str) -> str:
    """The path Telegram posts to: the URL's own path, or `/telegram` when it has none."""
    return urlsplit(url).path.rstrip("/") or WEBHOOK_PATH


def webhook_app(app: Application, secret: str, path: str = WEBHOOK_PATH) -> web.Application:
    """Takes Telegram's POSTs; a wrong or missing secret token gets 403 and is not processed."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="wrong secret token")
        try:
            update = Update.de_json(await request.json(), app.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="not an update")
        await app.update_queue.put(update)
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post(path, receive)
    return web_app


async def serve_webhook(app: Application, tg: TelegramSettings, stop: asyncio.Event) -> None:
    """setWebhook (with the secret token) and serve its path until `stop` is set."""
    if not tg.webhook_url or not tg.webhook_secret:
        raise LightboxError(
            "LIGHTBOX_TELEGRAM_WEBHOOK_SECRET must be set with LIGHTBOX_TELEGRAM_WEBHOOK_URL"
        )
    url, path = tg.webhook_url, webhook_path(tg.webhook_url)
    if not urlsplit(url).path.strip("/"):
        url = url.rstrip("/") + path
    runner = web.AppRunner(webhook_app(app, tg.webhook_secret, path))
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
