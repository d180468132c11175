"""Button presses: decode, answer at once, let core re-authorize and run, show the result."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot, CallbackQuery, MaybeInaccessibleMessage, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import render
from bot.telegram.base import AdapterBase
from bot.telegram.context import PLATFORM, actor_of, chat_place
from bot.telegram.keyboards import Press, decode, suggestion_keyboard
from bot.telegram.questions import question_text, reply_markup
from core.actions import Scope
from core.errors import LightboxError
from core.identity import Actor, Place
from core.studio import Outcome, Question

log = logging.getLogger(__name__)
INVALID = "⚠️ This button is not valid (any more); nothing was changed."


@dataclass(frozen=True)
class Pressed:
    """What a press came to: a question to ask first, or core's outcome."""

    place: Place
    outcome: Outcome | None = None
    question: Question | None = None
    in_place: bool = False
    on_version: bool = False
    redraws: bool = False

    @property
    def toast(self) -> str:
        if self.question is not None:
            return f"reply with {self.question.question}"
        assert self.outcome is not None
        return "sending the original…" if self.outcome.originals else self.outcome.text


class ButtonHandlers(AdapterBase):
    """Callback queries from version, card-header and suggestion keyboards."""

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

        async def lookup_and_press() -> Pressed:
            # The admin lookup (getChatMember) waits behind the chat's flood limiter in a busy
            # group: it runs inside the answer budget, never before the answer.
            user = query.from_user
            is_admin = await self.admins.is_admin(context.bot, chat, user) if chat else False
            return await self.run(self._press, actor_of(user, is_admin), query, press)

        task = asyncio.ensure_future(lookup_and_press())
        done, _ = await asyncio.wait({task}, timeout=self.answer_budget)
        if task in done:
            try:
                pressed = task.result()
            except LightboxError as exc:
                await _answer(query, str(exc), alert=True)
                return
            except Exception:
                log.exception("button %s failed", query.data)
                await _answer(query, "⚠️ internal error; nothing was changed", alert=True)
                return
            await _answer(query, pressed.toast)
        else:
            await _answer(query, "⏳ working…")
            try:
                pressed = await task
            except Exception as exc:
                if not isinstance(exc, LightboxError):
                    log.exception("button %s failed", query.data)
                if message is not None:
                    await self.reply_problem(message, _user_text(exc))
                return
        if message is not None:
            await self._show(context.bot, message, press, pressed, query.from_user)

    def _press(self, actor: Actor, query: CallbackQuery, press: Press) -> Pressed:
        """Ask first when the action needs answers; else press it (core re-authorizes both).
        Runs on a worker thread."""
        shown = query.message
        if shown is None:
            place = Place(PLATFORM, str(query.from_user.id), private=True)
        else:
            fallback = self._place_of_shown(shown)
            place = self.place_of_target(shown.chat, press.action, press.target, fallback)
        spec = self.studio.spec(press.action)
        in_place, on_version = spec.in_place, spec.scope == Scope.version
        question = self.studio.ask(actor, place, press.action, press.target)
        if question is not None:
            return Pressed(place, question=question)
        outcome = self.studio.press(actor, place, press.action, press.target)
        return Pressed(place, outcome, None, in_place, on_version, spec.redraws)

    def _place_of_shown(self, shown: MaybeInaccessibleMessage) -> Place:
        """The pressed message's topic or card thread (an inaccessible message: by its id)."""
        if isinstance(shown, Message):
            return self.places.place_of(shown, include_self=True)
        thread = self.places.thread_of_message(shown.chat.id, shown.message_id)
        return chat_place(shown.chat, thread)

    async def _show(
        self, bot: Bot, message: Message, press: Press, pressed: Pressed, asker: User
    ) -> None:
        """Ask the question; send originals; show a viewed version on the header; edit the
        pressed version message with its new state; reply with the rest."""
        if pressed.question is not None:
            await message.reply_text(
                question_text(pressed.question, asker.mention_html()),
                reply_markup=reply_markup(pressed.question),
                parse_mode=ParseMode.HTML,
                do_quote=True,
            )
            return
        outcome = pressed.outcome
        assert outcome is not None
        if outcome.originals:
            await self.send_originals(message, outcome.originals)
            return
        if pressed.redraws:  # a cell picker's ✓ toggles: the pressed message shows them
            markup = suggestion_keyboard(outcome.suggestion_actions)
            await message.edit_text(render.outcome_chunks(outcome)[0], reply_markup=markup)
            return
        if outcome.opens:  # a gallery tile or a portrait: post the version it opened
            if outcome.card is not None:
                await self.show_view(bot, message.chat.id, outcome.card)
            for view in outcome.versions:
                await self.send_version(message, view)
            return
        if outcome.card is not None and outcome.card.viewed_version_id is not None:
            if not await self.show_view(bot, message.chat.id, outcome.card):
                for view in outcome.versions:
                    await self.send_version(message, view)
            return
        pressed_view = next((v for v in outcome.versions if v.version_id == press.target), None)
        if pressed_view is not None and pressed.on_version:
            photo = bool(message.effective_attachment)  # a photo, video, audio, file…
            await self.refresh_version(
                bot, message.chat.id, message.message_id, pressed_view, photo
            )
            if pressed.in_place:
                return
        await self.reply(message, outcome)


async def _answer(query: CallbackQuery, text: str, alert: bool = False) -> None:
    try:
        await query.answer(render.clip(text, 200), show_alert=alert)
    except TelegramError as exc:  # e.g. "query is too old": the press itself still counts
        log.warning("answerCallbackQuery failed: %s", exc)


def _user_text(exc: Exception) -> str:
    return str(exc) if isinstance(exc, LightboxError) else "internal error; nothing was changed"
