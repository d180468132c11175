"""Builds the python-telegram-bot Application: handlers, commands menu, allowed updates."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    MessageReactionHandler,
    PreCheckoutQueryHandler,
    filters,
)

from bot.commands import SPECS
from bot.media_commands import media_specs
from bot.telegram.buttons import ButtonHandlers
from bot.telegram.limiter import FloodLimiter
from bot.telegram.messages import MessageHandlers
from bot.telegram.reactions import ReactionHandlers
from bot.telegram.settings import OFFICIAL_API
from core.bindings import ThreadBindings
from core.catalog import ModelCatalog
from core.studio import Studio

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MESSAGE_REACTION,
    Update.PRE_CHECKOUT_QUERY,
]
MESSAGES = filters.UpdateType.MESSAGE & (filters.TEXT | filters.PHOTO | filters.Document.IMAGE)


class Lightbox(MessageHandlers, ButtonHandlers, ReactionHandlers):
    """Every Telegram handler of Lightbox, on one studio."""

    def install(self, app: Application) -> None:
        app.add_handler(MessageHandler(MESSAGES, self.on_message))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(MessageReactionHandler(self.on_reaction))
        app.add_handler(PreCheckoutQueryHandler(self.on_pre_checkout))
        app.add_handler(MessageHandler(filters.SUCCESSFUL_PAYMENT, self.on_payment))
        app.add_error_handler(log_error)
        app.bot_data["lightbox"] = self


async def log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update with its ids and drop it; the other updates go on."""
    ids = "no update"
    if isinstance(update, Update):
        chat, user = update.effective_chat, update.effective_user
        message = update.effective_message
        ids = ", ".join(
            f"{key}={value}"
            for key, value in (
                ("update_id", update.update_id),
                ("chat_id", chat.id if chat else None),
                ("user_id", user.id if user else None),
                ("message_id", message.message_id if message else None),
            )
            if value is not None
        )
    log.error("telegram update failed (%s): %r", ids, context.error, exc_info=context.error)


def menu(catalog: ModelCatalog | None = None) -> list[BotCommand]:
    """The shared grammar as Telegram's command menu (setMyCommands); with `catalog`, the
    media commands its profiles allow."""
    specs = SPECS + (media_specs(catalog) if catalog is not None else [])
    commands = [BotCommand(s.name, s.summary[:256]) for s in specs if s.name != "press"]
    return commands + [BotCommand("start", "what Lightbox is and how to begin")]


def flood_limiter() -> AIORateLimiter | None:
    """PTB's limiter (30 msg/s overall, 20/min per group) or None without `aiolimiter`."""
    try:
        return FloodLimiter(max_retries=2)
    except RuntimeError:
        log.warning("aiolimiter is not installed; Telegram flood limits are not throttled")
        return None


async def register_commands(app: Application) -> None:
    lightbox = app.bot_data.get("lightbox")
    await app.bot.set_my_commands(menu(lightbox.studio.catalog if lightbox else None))


def build_application(
    token: str,
    studio: Studio,
    bindings: ThreadBindings,
    *,
    base_url: str = OFFICIAL_API,
    answer_budget: float = 0.8,
    rate_limit: bool = False,
) -> Application:
    """A ready-to-start Application; `base_url` is the Bot API server (tests use a local fake).

    Updates are handled concurrently (one slow press does not hold up other chats);
    `rate_limit` adds PTB's flood-limit throttle when `aiolimiter` is installed.
    """
    root = base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .concurrent_updates(True)
        .post_init(register_commands)
    )
    limiter = flood_limiter() if rate_limit else None
    app: Application = builder.build() if limiter is None else builder.rate_limiter(limiter).build()
    Lightbox(studio, bindings, answer_budget=answer_budget).install(app)
    return app
