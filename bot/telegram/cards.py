"""New cards get a thread: a forum topic named after the card, else a reply chain on its header."""

from __future__ import annotations

import logging

from telegram import Bot, Chat, Message
from telegram.error import TelegramError

from bot.telegram import render
from bot.telegram.base import AdapterBase
from bot.telegram.context import PLATFORM
from bot.telegram.keyboards import card_keyboard
from bot.telegram.targets import Target, message_key
from core.errors import LightboxError
from core.identity import Actor, Place

log = logging.getLogger(__name__)


class CardThreads(AdapterBase):
    """/imagine and /card new: make the thread first, so core delivers there from the start."""

    async def _create_card(self, message: Message, actor: Actor, text: str, bot: Bot) -> None:
        """A new card gets its own topic in a forum, else its header message roots a reply chain.

        The thread exists before core creates the card, so versions are delivered there at once.
        """
        chat = message.chat
        if chat.is_forum:
            try:
                topic = await bot.create_forum_topic(chat.id, name="🃏 new card")
            except TelegramError as exc:
                log.info("no forum topic in %s (%s); using a reply chain", chat.id, exc)
            else:
                await self._card_in_topic(message, actor, text, bot, topic.message_thread_id)
                return
        head = await message.reply_text("🃏 creating the card…", do_quote=True)
        target = Target(chat.id, root_id=head.message_id)
        place = Place(PLATFORM, str(chat.id), target.key)
        try:
            outcome = await self.run(self.router.handle, actor, place, text)
        except LightboxError as exc:
            await head.edit_text(render.problem(str(exc)))
            return
        if outcome.card is None:
            await head.edit_text(render.clip(outcome.text, render.TEXT_LIMIT))
            return
        await head.edit_text(
            render.header(outcome.card, lead=outcome.text),
            reply_markup=card_keyboard(outcome.card),
        )
        await self.run(
            self.studio.bind_thread,
            outcome.card.card_id,
            PLATFORM,
            target.key,
            message_key(chat.id, head.message_id),
        )
        if chat.type == Chat.PRIVATE:  # plain messages in a private chat go to the newest card
            card_number = str(outcome.card.card_id)
            await self.run(
                self.router.handle, actor, Place(PLATFORM, str(chat.id)), f"/open {card_number}"
            )

    async def _card_in_topic(
        self,
        message: Message,
        actor: Actor,
        text: str,
        bot: Bot,
        topic_id: int,
    ) -> None:
        chat_id = message.chat.id
        target = Target(chat_id, topic_id=topic_id)
        place = Place(PLATFORM, str(chat_id), target.key)
        try:
            outcome = await self.run(self.router.handle, actor, place, text)
        except LightboxError:
            await bot.delete_forum_topic(chat_id, topic_id)
            raise
        if outcome.card is None:
            await self.reply(message, outcome)
            return
        try:
            await bot.edit_forum_topic(
                chat_id, topic_id, name=render.topic_name(outcome.card.title)
            )
        except TelegramError as exc:
            log.warning("could not name topic %s: %s", topic_id, exc)
        head = await bot.send_message(
            chat_id,
            render.header(outcome.card),
            message_thread_id=topic_id,
            reply_markup=card_keyboard(outcome.card),
        )
        await self.run(
            self.studio.bind_thread,
            outcome.card.card_id,
            PLATFORM,
            target.key,
            message_key(chat_id, head.message_id),
        )
        await message.reply_text(
            render.clip(f"{outcome.text} → topic “{outcome.card.title}”", render.TEXT_LIMIT),
            do_quote=True,
        )
