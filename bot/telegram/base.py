"""Shared steps of the Telegram handlers: run core off the event loop, reply, show versions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram import Bot, Message
from telegram.error import BadRequest, TelegramError

from bot.router import CommandRouter
from bot.telegram import render
from bot.telegram.context import PLATFORM, Admins, Places
from bot.telegram.keyboards import card_keyboard, suggestion_keyboard, version_keyboard
from bot.telegram.photos import needs_preview, preview
from bot.telegram.targets import message_key
from core.studio import Outcome, Studio
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
T = TypeVar("T")


class AdapterBase:
    """Holds the studio, the shared router and the lookups every handler uses."""

    def __init__(self, studio: Studio, *, answer_budget: float = 0.8):
        self.studio = studio
        self.router = CommandRouter(studio)
        self.places = Places(studio)
        self.admins = Admins()
        self.answer_budget = answer_budget

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Core is synchronous (database, files): call it on a worker thread."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def reply(self, message: Message, outcome: Outcome) -> None:
        chunks = render.outcome_chunks(outcome)
        card_id = outcome.about_card
        markup = suggestion_keyboard(card_id, outcome.suggestions) if card_id else None
        sent = []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            reply = await message.reply_text(
                chunk, do_quote=True, reply_markup=markup if last else None
            )
            sent.append(message_key(reply.chat.id, reply.message_id))
        if card_id:  # a reply to these answers stays in the card's context
            await self.run(self.studio.note_messages, card_id, PLATFORM, sent)

    async def reply_problem(self, message: Message, text: str) -> None:
        try:
            await message.reply_text(render.problem(text), do_quote=True)
        except TelegramError as exc:
            log.warning("could not tell the user about a problem: %s", exc)

    async def send_version(self, message: Message, view: VersionView) -> None:
        """A version as a photo with its keyboard, replying to `message`."""
        if not view.image_path or not Path(view.image_path).exists():
            markup = version_keyboard(view)
            await message.reply_text(render.caption(view), reply_markup=markup, do_quote=True)
            return
        shrink = needs_preview(view)
        data = await self.run(Path(view.image_path).read_bytes)
        if shrink:
            data = await self.run(preview, data)
        await message.reply_photo(
            photo=data,
            caption=render.caption(view, preview=shrink),
            reply_markup=version_keyboard(view, shrink),
            do_quote=True,
        )

    async def refresh_header(
        self, bot: Bot, chat_id: int, message_id: int, card: CardView, lead: str | None = None
    ) -> None:
        """Edit a card header to the current view (banner, progress) with its buttons."""
        try:
            await bot.edit_message_text(
                render.header(card, lead), chat_id, message_id, reply_markup=card_keyboard(card)
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not refresh card header %s: %s", message_id, exc)

    async def refresh_version(
        self, bot: Bot, chat_id: int, message_id: int, view: VersionView, photo: bool | None
    ) -> None:
        """Edit a posted version message to the current view (`photo` None: try caption first)."""
        shrink = needs_preview(view)
        markup = version_keyboard(view, shrink)
        where = {"chat_id": chat_id, "message_id": message_id, "reply_markup": markup}
        try:
            if photo is not False:
                try:
                    await bot.edit_message_caption(
                        caption=render.caption(view, preview=shrink), **where
                    )
                    return
                except BadRequest as exc:
                    if photo or "no caption" not in str(exc).lower():
                        raise
            await bot.edit_message_text(render.caption(view), **where)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not refresh version message %s: %s", message_id, exc)
