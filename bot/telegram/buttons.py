"""Button presses: decode, answer at once, let core re-authorize, show the result."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Bot, CallbackQuery, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import render
from bot.telegram.base import AdapterBase
from bot.telegram.context import PLATFORM, actor_of
from bot.telegram.keyboards import (
    NEEDS_NAME,
    PICKS,
    STEPS,
    Press,
    decode,
    name_question,
    name_reply_markup,
)
from bot.telegram.photos import DOCUMENT_MAX_BYTES
from core.errors import LightboxError
from core.identity import Actor, Place
from core.studio import Outcome

log = logging.getLogger(__name__)
INVALID = "⚠️ This button is not valid (any more); nothing was changed."
SHOWN_ON_MESSAGE = ("approve", "reject", "favorite")
CHECK_ONLY = ("fork", "saveref", "full")
TOASTS = {
    "fork": "reply with a name",
    "saveref": "reply with a name",
    "full": "sending the original…",
    "edit": "reply with the new prompt",
}
CARD_COMMANDS = {"generate": "/new", "save": "/save"}


class ButtonHandlers(AdapterBase):
    """Callback queries from version and card keyboards."""

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answered within `answer_budget` seconds: with core's answer if it came by then
        (errors as an alert), else with "working…" and the result posted when it comes."""
        query = update.callback_query
        if query is None:
            return
        press = decode(query.data)
        if press is None:
            await _answer(query, INVALID, alert=True)
            return
        message = query.message if isinstance(query.message, Message) else None
        chat = query.message.chat if query.message else None
        is_admin = await self.admins.is_admin(context.bot, chat, query.from_user) if chat else False
        actor = actor_of(query.from_user, is_admin)
        task = asyncio.ensure_future(self._press(actor, query, press))
        done, _ = await asyncio.wait({task}, timeout=self.answer_budget)
        if task in done:
            try:
                place, outcome = task.result()
            except LightboxError as exc:
                await _answer(query, str(exc), alert=True)
                return
            except Exception:
                log.exception("button %s failed", query.data)
                await _answer(query, "⚠️ internal error; nothing was changed", alert=True)
                return
            await _answer(query, TOASTS.get(press.action, outcome.text))
        else:
            await _answer(query, "⏳ working…")
            try:
                place, outcome = await task
            except Exception as exc:
                if not isinstance(exc, LightboxError):
                    log.exception("button %s failed", query.data)
                if message is not None:
                    await self.reply_problem(message, _user_text(exc))
                return
        await self._show(context.bot, message, press, place, outcome, query.from_user)

    async def _press(
        self, actor: Actor, query: CallbackQuery, press: Press
    ) -> tuple[Place, Outcome]:
        """Core re-authorizes every press; named and Full size presses are checked via "show"."""
        place = await self._place(query)
        if press.action in CARD_COMMANDS:
            command = CARD_COMMANDS[press.action]
            return place, await self.run(self.router.handle, actor, place, command)
        if press.action in PICKS:
            # The card comes from the button, its thread from core; core re-checks the actor.
            thread = await self.run(
                self.studio.thread_of_card, press.target, PLATFORM, place.chat_id
            )
            place = Place(PLATFORM, place.chat_id, thread or place.thread_id)
            command = f"/pick {PICKS[press.action]}"
            return place, await self.run(self.router.handle, actor, place, command)
        if press.action == "edit":  # core checks the new prompt when the reply comes
            return place, Outcome("")
        if press.action in STEPS:
            step = STEPS[press.action]
            return place, await self.run(self.studio.step_version, actor, place, press.target, step)
        action = "show" if press.action in CHECK_ONLY else press.action
        return place, await self.run(self.router.press, actor, place, action, press.target)

    async def _place(self, query: CallbackQuery) -> Place:
        """The pressed message's topic or card thread (an inaccessible message: its chat)."""
        shown = query.message
        if isinstance(shown, Message):
            return await self.run(self.places.place_of, shown, include_self=True)
        if shown is not None:
            thread = await self.run(self.places.thread_of_message, shown.chat.id, shown.message_id)
            return Place(PLATFORM, str(shown.chat.id), thread)
        return Place(PLATFORM, str(query.from_user.id))

    async def _show(
        self,
        bot: Bot,
        message: Message | None,
        press: Press,
        place: Place,
        outcome: Outcome,
        asker: User,
    ) -> None:
        """Edit the pressed message for reviews and ⭐, the header for ◀ ▶; post the rest."""
        if message is None:
            return
        if press.action in STEPS:
            await self._show_viewed(bot, message, place, outcome)
            return
        if press.action in PICKS:
            await self.reply(message, outcome)
            return
        if press.action in CARD_COMMANDS:
            if outcome.card is not None:
                await self.refresh_header(bot, message.chat.id, message.message_id, outcome.card)
            await self.reply(message, outcome)
            return
        if press.action in NEEDS_NAME:
            await message.reply_text(
                name_question(press.action, press.target, asker.mention_html()),
                reply_markup=name_reply_markup(press.action),
                parse_mode=ParseMode.HTML,
                do_quote=True,
            )
            return
        if press.action == "full":
            await self._send_original(message, press.target)
            return
        view = next((v for v in outcome.versions if v.version_id == press.target), None)
        if view is not None:
            photo = bool(message.photo or message.document)
            await self.refresh_version(bot, message.chat.id, message.message_id, view, photo)
        if press.action not in SHOWN_ON_MESSAGE or view is None:
            await self.reply(message, outcome)

    async def _show_viewed(
        self, bot: Bot, message: Message, place: Place, outcome: Outcome
    ) -> None:
        """◀ ▶: the card header shows the "viewing vN of M" banner (or the version is sent)."""
        header = await self.run(self.places.header_of, place.thread_id)
        if header is None or outcome.card is None:
            for view in outcome.versions:
                await self.send_version(message, view)
            return
        await self.refresh_header(bot, header[0], header[1], outcome.card)

    async def _send_original(self, message: Message, version_id: int) -> None:
        view = await self.run(self.studio.version_view_by_id, version_id)
        path = Path(view.image_path) if view.image_path else None
        if path is None or not path.exists():
            await self.reply_problem(message, f"v{view.number} has no image")
            return
        if path.stat().st_size > DOCUMENT_MAX_BYTES:
            await self.reply_problem(message, f"v{view.number} is larger than Telegram's 50 MB")
            return
        data = await self.run(path.read_bytes)
        await message.reply_document(document=data, filename=path.name, do_quote=True)


async def _answer(query: CallbackQuery, text: str, alert: bool = False) -> None:
    try:
        await query.answer(render.clip(text, 200), show_alert=alert)
    except TelegramError as exc:  # e.g. "query is too old": the press itself still counts
        log.warning("answerCallbackQuery failed: %s", exc)


def _user_text(exc: Exception) -> str:
    return str(exc) if isinstance(exc, LightboxError) else "internal error; nothing was changed"
